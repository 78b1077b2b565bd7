namespace Descent.Core.Tests;

/// <summary>
/// Mini-batches of up to eight whole vectors keep their scores in registers; for an even number of vectors they must
/// give the blocked layout's results bit for bit, and tiles (<see cref="BatchTiles"/>) must change nothing at all.
/// </summary>
public class ShortBatchTests
{
    static IEnumerable<TestCaseData> EvenVectorCounts()
    {
        foreach (var loss in new[] { LossKind.SquaredError, LossKind.LogLoss })
            foreach (int vectors in new[] { 2, 4, 6, 8 })
                foreach (var (d, k) in new[] { (3, 1), (7, 1), (33, 1), (5, 3) })
                    yield return new TestCaseData(loss, vectors, d, k);
    }

    [TestCaseSource(nameof(EvenVectorCounts))]
    public void EvenVectorCountsMatchTheBlockedLayoutBitForBit(LossKind loss, int vectors, int d, int k)
    {
        Same<double>(loss, vectors * Vector256<double>.Count, d, k);
        Same<float>(loss, vectors * Vector256<float>.Count, d, k);
    }

    static void Same<T>(LossKind loss, int rows, int d, int k) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // A batch in the middle of a larger matrix, as SGD takes it.
        int n = 1000, start = 96;
        var (x64, y64, w64) = KernelLengthSweepTests.Problem(n, d, k);
        var (x, y, w) = (Convert<T>(x64), Convert<T>(y64), Convert<T>(w64));
        var xs = new ColumnMajorRows<T>(x, n, start, rows, d);
        var ys = new ColumnMajorRows<T>(y, n, start, rows, k);
        var scratch = new T[FusedGradient.BlockRows];
        var shortGradient = new T[d * k];
        var blockedGradient = new T[d * k];
        double shortLoss = loss == LossKind.SquaredError
            ? FusedGradient.ShortBatches<SigmoidLoss<SquaredErrorLoss<T>, T>, T>(xs, ys, w, shortGradient, scratch)
            : FusedGradient.ShortBatches<SigmoidLoss<LogLoss<T>, T>, T>(xs, ys, w, shortGradient, scratch);
        double blockedLoss = loss == LossKind.SquaredError
            ? FusedGradient.Blocked<SigmoidLoss<SquaredErrorLoss<T>, T>, T>(xs, ys, w, blockedGradient, scratch)
            : FusedGradient.Blocked<SigmoidLoss<LogLoss<T>, T>, T>(xs, ys, w, blockedGradient, scratch);
        Assert.That(shortLoss, Is.EqualTo(blockedLoss), $"{typeof(T).Name} loss");
        Assert.That(shortGradient, Is.EqualTo(blockedGradient), $"{typeof(T).Name} gradient");
    }

    [Test]
    public void TilesHoldEachBatchsRowsColumnByColumn()
    {
        int n = 103, d = 4, batch = 16;
        var (x, _, _) = KernelLengthSweepTests.Problem(n, d, 1);
        var tiles = BatchTiles.Arrange<double>(x, n, d, batch);
        Assert.That(tiles.OrderBy(v => v), Is.EqualTo(x.OrderBy(v => v)), "a permutation of the same values");
        for (int start = 0; start < n; start += batch)
        {
            int m = Math.Min(batch, n - start);
            var tile = BatchTiles.Batch<double>(tiles, start, m, d);
            for (int j = 0; j < d; j++)
                Assert.That(tile.Column(j).ToArray(), Is.EqualTo(x.Skip(j * n + start).Take(m)), $"batch at {start}, column {j}");
        }
    }

    [TestCase(32)]
    [TestCase(7)]
    [TestCase(100)]
    public void SgdOverTilesIsSgdOverTheMatrixBitForBit(int batch)
    {
        int n = 1001, d = 9;
        var (x, y, w0) = KernelLengthSweepTests.Problem(n, d, 1);
        var tiles = BatchTiles.Arrange<double>(x, n, d, batch);
        var yTiles = BatchTiles.Arrange<double>(y, n, 1, batch);
        using var engine = new GradientEngine<double>(LossKind.SquaredError, d, 1);
        double[] wa = (double[])w0.Clone(), wb = (double[])w0.Clone(), g = new double[d];
        for (int epoch = 0; epoch < 3; epoch++)
            for (int start = 0; start < n; start += batch)
            {
                int m = Math.Min(batch, n - start);
                double la = engine.Compute(new ColumnMajorRows<double>(x, n, start, m, d), new ColumnMajorRows<double>(y, n, start, m, 1), wa, g);
                UpdateRules.Plain<double>(wa, g, 0.01);
                double lb = engine.Compute(BatchTiles.Batch<double>(tiles, start, m, d), BatchTiles.Batch<double>(yTiles, start, m, 1), wb, g);
                UpdateRules.Plain<double>(wb, g, 0.01);
                Assert.That(lb, Is.EqualTo(la));
            }
        Assert.That(wb, Is.EqualTo(wa));
    }

    static T[] Convert<T>(double[] v) where T : unmanaged, IBinaryFloatingPointIeee754<T> => v.Select(T.CreateTruncating).ToArray();
}
