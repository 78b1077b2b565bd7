namespace Descent.Core;

/// <summary>
/// The generated training set of the benchmarks (<c>descent bench</c> and <c>Tests/Benchmarks</c>): features uniform
/// in [−1, 1] from <c>RandomState(0)</c>, one column after another (numpy's <c>rng.uniform(-1, 1, rows)</c> per
/// column), the last column the bias (ones); X column-major in the element type; y = 1 where the first feature is
/// positive (all 0 when the bias is the only column).
/// </summary>
public sealed class BenchData<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    BenchData(int rows, int columns, T[] x, T[] y)
    {
        Rows = rows;
        Columns = columns;
        X = x;
        Y = y;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Rows × Columns, column-major (<c>X[j·Rows + i]</c>).</summary>
    public T[] X { get; }

    /// <summary>One 0/1 target per row.</summary>
    public T[] Y { get; }

    public static BenchData<T> Generate(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var x = new T[checked(rows * columns)];
        var y = new T[rows];
        var staging = new double[rows];
        var rng = new RandomState(0u);
        for (int j = 0; j < columns; j++)
        {
            if (j == columns - 1) Array.Fill(staging, 1.0);
            else rng.FillUniform(staging, -1, 1);
            for (int i = 0; i < rows; i++) x[j * rows + i] = T.CreateTruncating(staging[i]);
        }
        for (int i = 0; i < rows; i++) y[i] = columns > 1 && x[i] > T.Zero ? T.One : T.Zero;
        return new BenchData<T>(rows, columns, x, y);
    }
}
