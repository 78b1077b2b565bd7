namespace Descent.Core.Tests;

/// <summary>
/// RowGather against the plain definition dst[j·m + i] = src[j·n + indices[i]], on matrices small (one thread) and big
/// enough for the parallel rounds, with the in-place shapes a split makes (m = n for a shuffle, m = n/2 where most
/// columns go straight into place, m = 0.99·n where every column needs a buffer).
/// </summary>
public class RowGatherTests
{
    /// <summary>Value (i, j) of the source matrix: distinct, so that a wrong row or column shows.</summary>
    static double Value(int i, int j) => j * 1e7 + i + 0.25;

    static double[] Matrix(int rows, int columns, int room)
    {
        var data = new double[room];
        Array.Fill(data, double.NaN);
        for (int j = 0; j < columns; j++)
            for (int i = 0; i < rows; i++) data[j * rows + i] = Value(i, j);
        return data;
    }

    /// <summary>m rows of n drawn as a numpy permutation's first m entries (the order a split takes them in).</summary>
    static int[] Indices(int n, int m, uint seed) => new RandomState(seed).Permutation(n)[..m];

    static void AssertGathered(double[] got, int m, int columns, int[] indices)
    {
        for (int j = 0; j < columns; j++)
            for (int i = 0; i < m; i++)
                if (got[j * m + i] != Value(indices[i], j))
                    Assert.Fail($"column {j}, row {i}: {got[j * m + i]}, expected {Value(indices[i], j)} (source row {indices[i]})");
    }

    [TestCase(1, 1, 1)]
    [TestCase(10, 3, 10)]
    [TestCase(10, 3, 5)]
    [TestCase(1000, 7, 990)]
    [TestCase(1000, 7, 500)]
    [TestCase(100_000, 9, 100_000)]
    [TestCase(100_000, 9, 50_000)]
    [TestCase(100_000, 9, 99_000)]
    [TestCase(100_000, 2, 1)]
    public void InPlaceHoldsTheRowsAtTheIndicesInEveryColumn(int n, int columns, int m)
    {
        var indices = Indices(n, m, (uint)(n + columns + m));
        var data = Matrix(n, columns, n * (columns + 1));
        RowGather.InPlace(data, n, columns, indices);
        AssertGathered(data, m, columns, indices);
        Assert.That(double.IsNaN(data[n * columns]), "the room after the matrix is left alone");
    }

    [TestCase(10, 3, 4)]
    [TestCase(100_000, 9, 60_000)]
    public void ColumnsCopiesTheRowsAndLeavesTheSource(int n, int columns, int m)
    {
        var indices = Indices(n, m, 7);
        var src = Matrix(n, columns, n * columns);
        var dst = new double[m * columns + 1];
        dst[^1] = -1;
        RowGather.Columns(src, n, columns, indices, dst);
        AssertGathered(dst, m, columns, indices);
        Assert.That(dst[^1], Is.EqualTo(-1), "nothing is written past m × columns");
        Assert.That(src, Is.EqualTo(Matrix(n, columns, n * columns)));
    }

    [Test]
    public void ColumnTakesIndicesInTheirOrderWithRepeats()
    {
        double[] src = [10, 11, 12, 13];
        var dst = new double[5];
        RowGather.Column(src, [3, 0, 3, 1], dst);
        Assert.That(dst, Is.EqualTo(new double[] { 13, 10, 13, 11, 0 }));
    }

    [Test]
    public void AnIndexOutsideTheColumnOrRowsThatWouldGrowAreRefused()
    {
        Assert.Throws<IndexOutOfRangeException>(() => RowGather.Column(new double[4], [4], new double[1]));
        Assert.Throws<ArgumentException>(() => RowGather.InPlace(new double[8], 2, 2, [0, 1, 0]));
        Assert.Throws<ArgumentException>(() => RowGather.Columns(new double[8], 4, 2, [0, 1, 2], new double[5]));
    }
}
