namespace Descent.Benchmarks;

/// <summary>The sigmoid kernel against a plain scalar loop, at the lesson's size and an odd size with a tail.</summary>
[MemoryDiagnoser]
public class SigmoidBenchmarks
{
    double[] _z = [];
    double[] _p = [];

    [Params(500, 100_003)]
    public int N;

    [GlobalSetup]
    public void Setup()
    {
        _z = new double[N];
        new Core.RandomState(1u).FillNormal(_z, 0, 4);
        _p = new double[N];
    }

    [Benchmark(Baseline = true)]
    public void ScalarReference()
    {
        for (int i = 0; i < _z.Length; i++)
        {
            double z = _z[i];
            _p[i] = z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));
        }
    }

    [Benchmark]
    public void Vectorized() => Core.Sigmoid.Apply<double>(_z, _p);
}
