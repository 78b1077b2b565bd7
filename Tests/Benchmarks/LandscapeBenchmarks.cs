namespace Descent.Benchmarks;

/// <summary>
/// The landscape's grid (issue 14): the lesson's SSE surface on a 201 × 201 grid of weight vectors (w0, w1 on
/// linspace(−3, 3, 201), bias 0) over the lesson's 500 training rows, by <see cref="GridLoss.Plane"/> on one thread and
/// on two. numpy's side is <c>Tests/Fixtures/bench_landscape_numpy.py</c> (σ(X @ Wgrid), the same grid); run both in
/// the same sitting. The setup prints the surface's minimum and sum, which that script prints too.
/// </summary>
[Config(typeof(QuickConfig))]
public class LandscapeBenchmarks
{
    const int Grid = 201;
    double[] _x = null!, _y = null!, _axis = null!, _losses = null!;
    readonly double[] _center = new double[3], _u = { 1, 0, 0 }, _v = { 0, 1, 0 };
    int _rows;

    [Params(1, 2)]
    public int Threads;

    [GlobalSetup]
    public void Setup()
    {
        var prepared = Descent.Run.prepare(Descent.ExperimentModule.lesson);
        _rows = prepared.Train.X.Rows;
        _x = prepared.Train.X.Data;
        _y = prepared.Train.Y.Select(c => (double)c).ToArray();
        _axis = Enumerable.Range(0, Grid).Select(i => -3.0 + 6.0 * i / (Grid - 1)).ToArray();
        _losses = new double[Grid * Grid];
        Evaluate();
        int best = Array.IndexOf(_losses, _losses.Min());
        Console.WriteLine($"// checksum: min loss {_losses[best]:R} at w0 {_axis[best % Grid]:R}, w1 {_axis[best / Grid]:R}; sum {_losses.Sum():R}");
    }

    [Benchmark]
    public double Evaluate()
    {
        GridLoss.Plane(LossKind.SquaredError, ColumnMajorRows<double>.Whole(_x, _rows, 3), ColumnMajorRows<double>.Whole(_y, _rows, 1),
            _center, _u, _v, _axis, _axis, _losses, Threads);
        return _losses[0];
    }
}
