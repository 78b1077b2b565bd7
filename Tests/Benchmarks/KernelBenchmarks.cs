namespace Descent.Benchmarks;

/// <summary>
/// The fused gradient kernel alone (one thread, the whole matrix: what each chunk of an epoch runs) against the scalar
/// reference, beside a read-only pass over the same X (the memory floor).
/// </summary>
[Config(typeof(QuickConfig))]
public class KernelBenchmarks
{
    Problem<double> _f64 = null!;
    Problem<float> _f32 = null!;
    readonly double[] _scratch64 = new double[FusedGradient.BlockRows];
    readonly float[] _scratch32 = new float[FusedGradient.BlockRows];

    [ParamsSource(nameof(AllSizes))]
    public string Size = "";

    [Params("float64", "float32")]
    public string Dtype = "";

    public static IEnumerable<string> AllSizes => Sizes.All;

    [GlobalSetup]
    public void Setup()
    {
        if (Dtype == "float64") _f64 = new Problem<double>(Size);
        else _f32 = new Problem<float>(Size);
    }

    [Benchmark(Baseline = true)]
    public double ScalarReference() => Dtype == "float64"
        ? Reference.ScalarReference.Gradient(LossKind.SquaredError, _f64.X, _f64.Y, _f64.Rows, 0, _f64.Rows, _f64.Columns, 1, _f64.W, _f64.G)
        : Reference.ScalarReference.Gradient(LossKind.SquaredError, _f32.X, _f32.Y, _f32.Rows, 0, _f32.Rows, _f32.Columns, 1, _f32.W, _f32.G);

    [Benchmark]
    public double Fused() => Dtype == "float64"
        ? FusedGradient.Compute<double>(LossKind.SquaredError, _f64.XRows, _f64.YRows, _f64.W, _f64.G, _scratch64)
        : FusedGradient.Compute<float>(LossKind.SquaredError, _f32.XRows, _f32.YRows, _f32.W, _f32.G, _scratch32);

    [Benchmark]
    public double ReadPass() => Dtype == "float64" ? Bench.readPass<double>(_f64.X) : Bench.readPass<float>(_f32.X);
}
