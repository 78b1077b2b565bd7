namespace Descent.Benchmarks;

/// <summary>
/// One training step (forward, softmax loss, backward, Adam) of the two networks, float64: the digits size
/// (64 → 32-16 → 10, batches of 32) and the large one (64 → 128-128 → 10, batches of 256), on one thread and two;
/// and the blocked product alone at 2048², the figure numpy's OpenBLAS is compared on.
/// </summary>
[Config(typeof(InProcessConfig))]
public class NetworkBenchmarks
{
    NetworkProblem _problem = null!;
    int _start;

    [Params("digits/32", "large/256")]
    public string Network = "";

    [Params(1, 2)]
    public int Threads;

    [GlobalSetup]
    public void Setup()
    {
        var parts = Network.Split('/');
        _problem = new NetworkProblem(parts[0], int.Parse(parts[1]), Threads);
    }

    [GlobalCleanup]
    public void Cleanup() => _problem.Dispose();

    /// <summary>One step on the next batch (in order, wrapping round).</summary>
    [Benchmark]
    public double Step()
    {
        var t = _problem.Trainer;
        if (_start + t.BatchSize > _problem.Rows) _start = 0;
        double loss = t.Step(_start, t.BatchSize, 1e-3);
        _start += t.BatchSize;
        return loss;
    }
}

/// <summary>C = A·B at 2048² float64 on one thread and two (2·2048³ flops per call).</summary>
[Config(typeof(InProcessConfig))]
public class ProductBenchmarks
{
    const int N = 2048;
    MatrixProduct<double> _product = null!;
    double[] _a = null!, _b = null!, _c = null!;

    [Params(1, 2)]
    public int Threads;

    [GlobalSetup]
    public void Setup()
    {
        _product = new MatrixProduct<double>(Threads);
        _a = new double[N * N];
        _b = new double[N * N];
        _c = new double[N * N];
        new RandomState(1).FillStandardNormal(_a);
        new RandomState(2).FillStandardNormal(_b);
    }

    [GlobalCleanup]
    public void Cleanup() => _product.Dispose();

    [Benchmark]
    public void Multiply2048() => _product.Multiply(N, N, N, _a, N, _b, N, _c, N);
}
