namespace Descent.Core.Tests;

/// <summary>
/// The network's gradient against central differences of its loss (every weight, every loss and activation, 1e−6),
/// the layout's bias rows, chunked batches, thread-count bit-identity on a batch large enough to split, and no
/// allocation per step.
/// </summary>
public class NetworkGradientTests
{
    static (double[] X, double[] Y, double[] W) Problem(NetworkLayout layout, LossKind loss, int rows, uint seed)
    {
        var rng = new RandomState(seed);
        int d = layout.InputColumns, k = layout.Outputs;
        var x = new double[rows * d];
        rng.FillNormal(x, 0, 1);
        for (int i = 0; i < rows; i++) x[(d - 1) * rows + i] = 1;
        var y = new double[rows * k];
        for (int i = 0; i < rows; i++)
        {
            int label = (int)rng.RandomInterval((ulong)Math.Max(k, 2) - 1);
            double weight = 0.5 + rng.NextDouble();
            if (LossKinds.IsRowWise(loss, k)) y[label * rows + i] = weight;
            else if (LossKinds.IsMargin(loss, k)) for (int c = 0; c < k; c++) y[c * rows + i] = weight * (label % 2 == c % 2 ? 1 : -1);
            else for (int c = 0; c < k; c++) y[c * rows + i] = (label + c) % 2;
        }
        var w = new double[layout.WeightCount];
        layout.FillInitialWeights(new RandomState(seed + 7), w);
        return (x, y, w);
    }

    static readonly LossKind[] Losses = Enum.GetValues<LossKind>();

    [Test]
    public void GradientMatchesCentralDifferences([ValueSource(nameof(Losses))] LossKind loss, [Values] ActivationKind activation,
        [Values(1, 3)] int outputs)
    {
        if (loss == LossKind.Softmax && outputs == 1) outputs = 2;
        var layout = new NetworkLayout(3, 5, 4, outputs);
        int rows = 11;
        var (x, y, w) = Problem(layout, loss, rows, 3);
        using var ws = new NetworkWorkspace<double>(layout, activation, loss, rows);
        var xs = ColumnMajorRows<double>.Whole(x, rows, layout.InputColumns);
        var ys = ColumnMajorRows<double>.Whole(y, rows, outputs);
        var g = new double[w.Length];
        double value = ws.Compute(xs, ys, w, g);
        Assert.That(value, Is.EqualTo(ws.LossOf(xs, ys, w)));
        const double h = 1e-6;
        for (int i = 0; i < w.Length; i++)
        {
            var plus = (double[])w.Clone();
            var minus = (double[])w.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (ws.LossOf(xs, ys, plus) - ws.LossOf(xs, ys, minus)) / (2 * h);
            // sse's gradient is that of ½·Σe² (the lesson's), so its loss is differentiated at half.
            if (loss == LossKind.SquaredError) numeric /= 2;
            Assert.That(g[i], Is.EqualTo(numeric).Within(1e-6 * Math.Max(1, Math.Abs(numeric))), $"weight {i} (bias {layout.IsBias(i)})");
        }
    }

    [Test]
    public void FloatGradientIsTheDoubleOne([Values] ActivationKind activation)
    {
        var layout = new NetworkLayout(4, 9, 3);
        int rows = 37;
        var (x, y, w) = Problem(layout, LossKind.Softmax, rows, 5);
        using var wd = new NetworkWorkspace<double>(layout, activation, LossKind.Softmax, rows);
        using var wf = new NetworkWorkspace<float>(layout, activation, LossKind.Softmax, rows);
        var g = new double[w.Length];
        var gf = new float[w.Length];
        double l = wd.Compute(ColumnMajorRows<double>.Whole(x, rows, 5), ColumnMajorRows<double>.Whole(y, rows, 3), w, g);
        double lf = wf.Compute(ColumnMajorRows<float>.Whole(x.Select(v => (float)v).ToArray(), rows, 5),
            ColumnMajorRows<float>.Whole(y.Select(v => (float)v).ToArray(), rows, 3), w.Select(v => (float)v).ToArray(), gf);
        Assert.That(lf, Is.EqualTo(l).Within(1e-5 * l));
        for (int i = 0; i < g.Length; i++) Assert.That(gf[i], Is.EqualTo(g[i]).Within(1e-4 * Math.Max(1, Math.Abs(g[i]))));
    }

    /// <summary>A batch longer than a chunk: the loss and gradient are the chunks' sums (to rounding).</summary>
    [Test]
    public void LongBatchesAreChunked()
    {
        var layout = new NetworkLayout(2, 6, 2);
        int rows = NetworkWorkspace<double>.ChunkRows * 2 + 37;
        var (x, y, w) = Problem(layout, LossKind.Softmax, rows, 8);
        using var ws = new NetworkWorkspace<double>(layout, ActivationKind.Tanh, LossKind.Softmax, rows);
        var g = new double[w.Length];
        double loss = ws.Compute(ColumnMajorRows<double>.Whole(x, rows, 3), ColumnMajorRows<double>.Whole(y, rows, 2), w, g);
        double sum = 0;
        var total = new double[w.Length];
        var part = new double[w.Length];
        for (int start = 0; start < rows; start += 1000)
        {
            int m = Math.Min(1000, rows - start);
            sum += ws.Compute(new ColumnMajorRows<double>(x, rows, start, m, 3), new ColumnMajorRows<double>(y, rows, start, m, 2), w, part);
            for (int i = 0; i < part.Length; i++) total[i] += part[i];
        }
        Assert.That(loss, Is.EqualTo(sum).Within(1e-10 * sum));
        for (int i = 0; i < g.Length; i++) Assert.That(g[i], Is.EqualTo(total[i]).Within(1e-9 * Math.Max(1, Math.Abs(total[i]))));
    }

    [Test]
    public void SameBitsForAnyThreadCountOnLargeBatches()
    {
        var layout = new NetworkLayout(64, 128, 128, 10);
        int rows = 256;
        var (x, y, w) = Problem(layout, LossKind.Softmax, rows, 2);
        double[]? first = null;
        double firstLoss = 0;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var ws = new NetworkWorkspace<double>(layout, ActivationKind.Relu, LossKind.Softmax, rows, threads);
            var g = new double[w.Length];
            double loss = ws.Compute(ColumnMajorRows<double>.Whole(x, rows, 65), ColumnMajorRows<double>.Whole(y, rows, 10), w, g);
            if (first is null) { first = g; firstLoss = loss; continue; }
            Assert.That(loss, Is.EqualTo(firstLoss));
            Assert.That(g, Is.EqualTo(first), $"{threads} threads");
        }
    }

    [Test]
    public void LayoutNamesTheBiasRows()
    {
        var layout = new NetworkLayout(2, 3, 1);
        Assert.That(layout.WeightCount, Is.EqualTo(3 * 3 + 4 * 1));
        var bias = Enumerable.Range(0, layout.WeightCount).Where(layout.IsBias).ToArray();
        Assert.That(bias, Is.EqualTo(new[] { 6, 7, 8, 12 }));
        Assert.That(layout.NonBias(1), Is.EqualTo((9, 3)));
        var w = Enumerable.Range(1, layout.WeightCount).Select(v => (double)v).ToArray();
        Assert.That(NetworkPenalties.L1(layout, (ReadOnlySpan<double>)w, 1.0), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 10, 11, 12 }.Sum()));
    }

    /// <summary>Steps allocate nothing on the calling thread nor on the products' workers (Adam, L1, L2, clipping).</summary>
    [TestCase(1, 32)]
    [TestCase(2, 256)]
    public void StepsAllocateNothing(int threads, int batch)
    {
        var layout = new NetworkLayout(64, 128, 128, 10);
        int rows = batch * 4;
        var (x, y, w) = Problem(layout, LossKind.Softmax, rows, 4);
        using var trainer = new NetworkTrainer<double>(layout, ActivationKind.Relu, LossKind.Softmax, x, y, rows, batch, shuffled: true, w,
            UpdateSettings.For(UpdateRuleKind.AdamW, layout.WeightCount), l2: 1e-4, l1: 1e-5, clipNorm: 1.0, threads: threads);
        var rng = new RandomState(1);
        trainer.NewEpoch(rng);
        trainer.Epoch(1e-3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int e = 0; e < 3; e++) { trainer.NewEpoch(rng); trainer.Epoch(1e-3); }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0));
        Assert.That(trainer.WorkerAllocatedBytes, Is.EqualTo(0));
    }
}
