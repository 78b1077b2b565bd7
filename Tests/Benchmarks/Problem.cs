namespace Descent.Benchmarks;

/// <summary>
/// A generated training set as the benchmarks use it: "ROWSxCOLUMNS" of <c>Bench.data</c> (the numbers of
/// <c>descent bench</c>), y = 1 where the first feature is positive (all 0 when the bias is the only column), with
/// weights and a gradient buffer.
/// </summary>
public sealed class Problem<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public Problem(string size)
    {
        var parts = size.Split('x');
        Rows = int.Parse(parts[0]);
        Columns = int.Parse(parts[1]);
        X = Bench.data<T>(Rows, Columns);
        Y = new T[Rows];
        for (int i = 0; i < Rows; i++) Y[i] = Columns > 1 && X[i] > T.Zero ? T.One : T.Zero;
        W = new T[Columns];
        G = new T[Columns];
    }

    public int Rows { get; }
    public int Columns { get; }
    public T[] X { get; }
    public T[] Y { get; }
    public T[] W { get; }
    public T[] G { get; }

    public ColumnMajorRows<T> XRows => ColumnMajorRows<T>.Whole(X, Rows, Columns);
    public ColumnMajorRows<T> YRows => ColumnMajorRows<T>.Whole(Y, Rows, 1);

    /// <summary>A learning rate small enough to keep the sigmoids in their ordinary range for any number of epochs.</summary>
    public T Alpha => T.CreateTruncating(0.01 / Rows);
}

/// <summary>
/// The sizes of the issue (the lesson's, 1e6 rows, wide) and odd ones whose tails are not whole vectors; the
/// environment variable <c>DESCENT_BENCH_SIZES</c> (e.g. <c>500x3,1000000x33</c>) narrows a run to some of them.
/// </summary>
public static class Sizes
{
    static readonly string[] Every = ["500x3", "1001x3", "50000x3", "100003x7", "1000000x3", "100000x101", "1000000x33"];

    public static string[] All =>
        Environment.GetEnvironmentVariable("DESCENT_BENCH_SIZES") is { Length: > 0 } chosen
            ? chosen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : Every;
}
