namespace Descent.Benchmarks;

/// <summary>
/// One step of every update rule (<see cref="UpdateRule.Create{T}"/>, float64) against its scalar formula
/// (<see cref="ScalarUpdateRules{T}"/>), for the lesson's 3 weights (all tail), a 101-feature model and 3 × 1000.
/// </summary>
[Config(typeof(QuickConfig))]
public class UpdateRuleBenchmarks
{
    IUpdateRule<double> _rule = null!;
    ScalarUpdateRules<double> _scalar = null!;
    double[] _w = [], _g = [];

    [ParamsAllValues]
    public UpdateRuleKind Kind;

    [Params(3, 101, 3000)]
    public int Length;

    [GlobalSetup]
    public void Setup()
    {
        var settings = UpdateSettings.For(Kind, Length == 3000 ? 1000 : Length);
        _rule = UpdateRule.Create<double>(settings, Length);
        _scalar = new ScalarUpdateRules<double>(settings, Length);
        _w = new double[Length];
        _g = new double[Length];
        var rng = new RandomState(3u);
        rng.FillNormal(_w, 0, 1);
        rng.FillNormal(_g, 0, 1e-3);
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => _scalar.Step(_w, _g, 1e-4);

    [Benchmark]
    public void Vectorized() => _rule.Step(_w, _g, 1e-4);
}
