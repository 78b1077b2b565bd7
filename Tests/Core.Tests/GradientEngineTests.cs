namespace Descent.Core.Tests;

/// <summary>
/// Large batches are cut into fixed chunks and spread over worker threads: the result must be the same bit for bit
/// for any thread count, agree with the scalar reference, and cost no allocation once warmed up.
/// </summary>
public class GradientEngineTests
{
    const int Chunk = GradientEngine<double>.ChunkRows;

    static IEnumerable<TestCaseData> Shapes()
    {
        foreach (var loss in new[] { LossKind.SquaredError, LossKind.LogLoss })
            foreach (var (n, d, k) in new[] { (Chunk + 1, 3, 1), (2 * Chunk, 1, 1), (3 * Chunk + 77, 9, 1), (40_003, 33, 1), (20_000, 5, 3), (9_001, 101, 1) })
                yield return new TestCaseData(loss, n, d, k);
    }

    static (double Loss, T[] Gradient) Run<T>(GradientEngine<T> engine, T[] x, T[] y, T[] w, int n, int d, int k)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var g = new T[d * k];
        double loss = engine.Compute(ColumnMajorRows<T>.Whole(x, n, d), ColumnMajorRows<T>.Whole(y, n, k), w, g);
        return (loss, g);
    }

    [TestCaseSource(nameof(Shapes))]
    public void ResultsAreBitForBitTheSameForAnyThreadCount(LossKind loss, int n, int d, int k)
    {
        var (x, y, w) = KernelLengthSweepTests.Problem(n, d, k);
        var (xf, yf, wf) = (Single(x), Single(y), Single(w));
        using var one = new GradientEngine<double>(loss, d, k, threads: 1);
        using var oneF = new GradientEngine<float>(loss, d, k, threads: 1);
        var expected = Run(one, x, y, w, n, d, k);
        var expectedF = Run(oneF, xf, yf, wf, n, d, k);
        foreach (int threads in new[] { 2, 3, 5 })
        {
            using var many = new GradientEngine<double>(loss, d, k, threads);
            using var manyF = new GradientEngine<float>(loss, d, k, threads);
            for (int repeat = 0; repeat < 3; repeat++)
            {
                var got = Run(many, x, y, w, n, d, k);
                var gotF = Run(manyF, xf, yf, wf, n, d, k);
                Assert.That(BitConverter.DoubleToInt64Bits(got.Loss), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected.Loss)), $"loss, {threads} threads");
                Assert.That(got.Gradient.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(expected.Gradient.Select(BitConverter.DoubleToInt64Bits)), $"gradient, {threads} threads");
                Assert.That(BitConverter.DoubleToInt64Bits(gotF.Loss), Is.EqualTo(BitConverter.DoubleToInt64Bits(expectedF.Loss)), $"float32 loss, {threads} threads");
                Assert.That(gotF.Gradient.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expectedF.Gradient.Select(BitConverter.SingleToInt32Bits)), $"float32 gradient, {threads} threads");
            }
            Assert.That(many.WorkersStarted, Is.True, "a batch of several chunks should use the workers");
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void ChunkedResultsAgreeWithTheScalarReference(LossKind loss, int n, int d, int k)
    {
        var (x, y, w) = KernelLengthSweepTests.Problem(n, d, k);
        var (refLoss, refGrad) = ScalarReference.Gradient(loss, x, y, n, d, k, w);
        using var engine = new GradientEngine<double>(loss, d, k, threads: 2);
        var (got, g) = Run(engine, x, y, w, n, d, k);
        Assert.That(got, Is.EqualTo(refLoss).Within(1e-10).Percent);
        for (int i = 0; i < d * k; i++)
            Assert.That(g[i], Is.EqualTo(refGrad[i]).Within(1e-9).Percent.Or.EqualTo(refGrad[i]).Within(1e-9), $"g[{i}]");
    }

    [Test]
    public void ARowRangeOfALargerMatrixIsTheGradientOfThoseRowsAlone()
    {
        int n = 30_000, d = 6, start = 1_234, rows = 2 * Chunk + 5;
        var (x, y, w) = KernelLengthSweepTests.Problem(n, d, 1);
        using var engine = new GradientEngine<double>(LossKind.SquaredError, d, 1, threads: 2);
        var g = new double[d];
        double loss = engine.Compute(new ColumnMajorRows<double>(x, n, start, rows, d), new ColumnMajorRows<double>(y, n, start, rows, 1), w, g);
        var xs = Enumerable.Range(0, d).SelectMany(j => x.Skip(j * n + start).Take(rows)).ToArray();
        var ys = y.Skip(start).Take(rows).ToArray();
        using var alone = new GradientEngine<double>(LossKind.SquaredError, d, 1, threads: 1);
        var (expectedLoss, expected) = Run(alone, xs, ys, w, rows, d, 1);
        Assert.That(loss, Is.EqualTo(expectedLoss));
        Assert.That(g, Is.EqualTo(expected));
    }

    [TestCase(500)]
    [TestCase(Chunk)]
    public void BatchesOfOneChunkStayOnTheCallingThread(int n)
    {
        var (x, y, w) = KernelLengthSweepTests.Problem(n, 3, 1);
        using var engine = new GradientEngine<double>(LossKind.SquaredError, 3, 1, threads: 4);
        using var direct = new GradientEngine<double>(LossKind.SquaredError, 3, 1, threads: 1);
        var got = Run(engine, x, y, w, n, 3, 1);
        var scratch = new double[FusedGradient.BlockRows];
        var g = new double[3];
        double loss = FusedGradient.Compute<double>(LossKind.SquaredError, ColumnMajorRows<double>.Whole(x, n, 3), ColumnMajorRows<double>.Whole(y, n, 1), w, g, scratch);
        Assert.That(engine.WorkersStarted, Is.False);
        Assert.That(got.Loss, Is.EqualTo(loss));
        Assert.That(got.Gradient, Is.EqualTo(g));
    }

    [Test]
    public void WorkerThreadsAllocateNothingOnceWarmedUp()
    {
        int n = 5 * Chunk + 3, d = 7;
        var (x, y, w) = KernelLengthSweepTests.Problem(n, d, 1);
        using var engine = new GradientEngine<double>(LossKind.LogLoss, d, 1, threads: 3);
        var g = new double[d];
        var xs = ColumnMajorRows<double>.Whole(x, n, d);
        engine.Compute(xs, ColumnMajorRows<double>.Whole(y, n, 1), w, g);
        long workers = engine.WorkerAllocatedBytes;
        long caller = AllocationMeter.Measure(() =>
        {
            for (int e = 0; e < 30; e++) engine.Compute(ColumnMajorRows<double>.Whole(x, n, d), ColumnMajorRows<double>.Whole(y, n, 1), w, g);
        });
        Assert.That(caller, Is.Zero, "calling thread");
        Assert.That(engine.WorkerAllocatedBytes - workers, Is.Zero, "worker threads");

        var (xf, yf, wf) = (Single(x), Single(y), Single(w));
        using var single = new GradientEngine<float>(LossKind.SquaredError, d, 1, threads: 2);
        var gf = new float[d];
        single.Compute(ColumnMajorRows<float>.Whole(xf, n, d), ColumnMajorRows<float>.Whole(yf, n, 1), wf, gf);
        long singleWorkers = single.WorkerAllocatedBytes;
        Assert.That(AllocationMeter.Measure(() =>
        {
            for (int e = 0; e < 30; e++) single.Compute(ColumnMajorRows<float>.Whole(xf, n, d), ColumnMajorRows<float>.Whole(yf, n, 1), wf, gf);
        }), Is.Zero, "float32 calling thread");
        Assert.That(single.WorkerAllocatedBytes - singleWorkers, Is.Zero, "float32 worker threads");
    }

    [Test]
    public void DisposeStopsTheWorkersAndLaterLargeBatchesAreRefused()
    {
        int n = 2 * Chunk, d = 3;
        var (x, y, w) = KernelLengthSweepTests.Problem(n, d, 1);
        var engine = new GradientEngine<double>(LossKind.SquaredError, d, 1, threads: 3);
        Run(engine, x, y, w, n, d, 1);
        Assert.That(engine.WorkersStarted, Is.True);
        engine.Dispose();
        Assert.That(engine.JoinWorkers(TimeSpan.FromSeconds(10)), Is.True, "workers still running after Dispose");
        Assert.Throws<ObjectDisposedException>(() => Run(engine, x, y, w, n, d, 1));
        Assert.That(Run(engine, x, y, w, 500, d, 1).Gradient, Has.Length.EqualTo(d), "small batches need no workers");
    }

    [Test]
    public void MismatchedShapesAreRefusedBeforeAnyWork()
    {
        using var engine = new GradientEngine<double>(LossKind.SquaredError, 3, 1, threads: 2);
        var x = new double[3 * 3 * Chunk];
        var y = new double[3 * Chunk];
        Assert.Throws<ArgumentException>(() => engine.Compute(ColumnMajorRows<double>.Whole(x, 3 * Chunk, 3), ColumnMajorRows<double>.Whole(y, 3 * Chunk, 1), new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => engine.Compute(ColumnMajorRows<double>.Whole(x, 3 * Chunk, 3), ColumnMajorRows<double>.Whole(y, 3 * Chunk, 1), new double[3], new double[4]));
        Assert.Throws<ArgumentException>(() => engine.Compute(ColumnMajorRows<double>.Whole(x, 3 * Chunk, 3), new ColumnMajorRows<double>(y, 3 * Chunk, 0, 3 * Chunk - 1, 1), new double[3], new double[3]));
        Assert.That(engine.WorkersStarted, Is.False);
    }

    static float[] Single(double[] v) => v.Select(e => (float)e).ToArray();
}

/// <summary>Mini-batches in order over tiles, with a thread reading ahead: the same numbers, no allocation, a clean stop.</summary>
public class ReadAheadTests
{
    static double Epochs(GradientEngine<double> engine, double[] tiles, double[] yTiles, int n, int d, int batch, double[] w, int epochs)
    {
        var g = new double[d];
        return Epochs(engine, tiles, yTiles, n, d, batch, w, g, epochs);
    }

    static double Epochs(GradientEngine<double> engine, double[] tiles, double[] yTiles, int n, int d, int batch, double[] w, double[] g, int epochs)
    {
        double total = 0;
        for (int e = 0; e < epochs; e++)
            for (int start = 0; start < n; start += batch)
            {
                int m = Math.Min(batch, n - start);
                total += engine.Compute(BatchTiles.Batch<double>(tiles, start, m, d), BatchTiles.Batch<double>(yTiles, start, m, 1), w, g);
                UpdateRules.Plain<double>(w, g, 1e-4);
            }
        return total;
    }

    [Test]
    public void ReadingAheadChangesNoResultAllocatesNothingAndStopsOnDispose()
    {
        int n = 300_003, d = 5, batch = 32; // 12 MB of tiles: more than twice the window
        var (x, y, w0) = KernelLengthSweepTests.Problem(n, d, 1);
        var tiles = BatchTiles.Arrange<double>(x, n, d, batch);
        var yTiles = BatchTiles.Arrange<double>(y, n, 1, batch);
        using var alone = new GradientEngine<double>(LossKind.SquaredError, d, 1, threads: 1);
        var wAlone = (double[])w0.Clone();
        double expected = Epochs(alone, tiles, yTiles, n, d, batch, wAlone, 2);

        var engine = new GradientEngine<double>(LossKind.SquaredError, d, 1, threads: 2);
        engine.EnableReadAhead(tiles);
        var reader = engine.ReadingAhead;
        Assert.That(reader, Is.Not.Null);
        var w = (double[])w0.Clone();
        Assert.That(Epochs(engine, tiles, yTiles, n, d, batch, w, 2), Is.EqualTo(expected));
        Assert.That(w, Is.EqualTo(wAlone));

        Assert.That(SpinWait.SpinUntil(() => reader!.Sleeping, TimeSpan.FromSeconds(10)), Is.True, "the reader sleeps once the batches stop");
        long readerBefore = reader!.AllocatedBytes;
        var gradient = new double[d];
        Assert.That(AllocationMeter.Measure(() => Epochs(engine, tiles, yTiles, n, d, batch, w, gradient, 1)), Is.Zero, "calling thread (which wakes the reader)");
        Assert.That(SpinWait.SpinUntil(() => reader.Sleeping, TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(reader.AllocatedBytes - readerBefore, Is.Zero, "read-ahead thread");

        engine.Dispose();
        Assert.That(engine.JoinWorkers(TimeSpan.FromSeconds(10)), Is.True, "read-ahead thread still running after Dispose");
    }

    [Test]
    public void SmallDataOrOneThreadStartsNoReader()
    {
        using var one = new GradientEngine<double>(LossKind.SquaredError, 5, 1, threads: 1);
        one.EnableReadAhead(new double[4_000_000]);
        Assert.That(one.ReadingAhead, Is.Null);
        using var small = new GradientEngine<double>(LossKind.SquaredError, 5, 1, threads: 2);
        small.EnableReadAhead(new double[100_000]);
        Assert.That(small.ReadingAhead, Is.Null);
    }
}
