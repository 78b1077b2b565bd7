namespace Descent.Core.Tests;

/// <summary>
/// The losses beyond the sigmoid unit (softmax, the multi-class hinge, the margin losses) in the fused kernel:
/// every length 0..67 and block edges beyond against <see cref="LossScalarReference"/> in float64 and float32 with
/// guard elements, through the engine's chunks and threads, stable at extreme scores, allocation-free, and their
/// gradients against central differences of their losses.
/// </summary>
public class LossKernelTests
{
    static readonly int[] Lengths = Enumerable.Range(0, 68).Concat(new[] { 127, 128, 129, 511, 512, 513, 1000, 1025 }).ToArray();
    static readonly LossKind[] Losses = [LossKind.Softmax, LossKind.Hinge, LossKind.SquaredHinge, LossKind.ModifiedHuber, LossKind.Perceptron];
    const double Sentinel = -12345.678;

    static IEnumerable<TestCaseData> Cases()
    {
        foreach (var loss in Losses)
            foreach (var n in Lengths)
                foreach (var (d, k) in new[] { (3, 1), (1, 2), (3, 2), (2, 3), (5, 3), (7, 4), (33, 10), (101, 3) })
                    if ((loss != LossKind.Softmax || k > 1) && (d * k <= 9 || n % 7 == 0 || n > 500))
                        yield return new TestCaseData(loss, n, d, k);
    }

    static double Compute<T>(LossKind loss, double[] x, double[] t, double[] w, int n, int d, int k, T[] gradient)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        T[] Of(double[] v) => v.Select(T.CreateTruncating).ToArray();
        var scratch = new T[FusedGradient.ScratchLength<T>(k)];
        return FusedGradient.Compute<T>(loss, ColumnMajorRows<T>.Whole(Of(x), n, d), ColumnMajorRows<T>.Whole(Of(t), n, k), Of(w),
            gradient.AsSpan(0, d * k), scratch);
    }

    [TestCaseSource(nameof(Cases))]
    public void Double(LossKind loss, int n, int d, int k)
    {
        var (x, t, w) = LossScalarReference.Problem(loss, n, d, k);
        var (refLoss, refGrad) = LossScalarReference.Gradient(loss, x, t, n, d, k, w);
        var grad = Enumerable.Repeat(Sentinel, d * k + 3).ToArray();
        double got = Compute(loss, x, t, w, n, d, k, grad);
        double lossScale = Math.Max(1, Math.Abs(refLoss));
        Assert.That(got, Is.EqualTo(refLoss).Within(1e-12 * lossScale));
        double gradScale = Math.Max(1, refGrad.Select(Math.Abs).DefaultIfEmpty(0).Max());
        for (int i = 0; i < d * k; i++)
            Assert.That(grad[i], Is.EqualTo(refGrad[i]).Within(1e-12 * gradScale), $"g[{i}]");
        Assert.That(grad.Skip(d * k), Is.All.EqualTo(Sentinel));
    }

    [TestCaseSource(nameof(Cases))]
    public void Single(LossKind loss, int n, int d, int k)
    {
        var (x, t, w) = LossScalarReference.Problem(loss, n, d, k);
        // The reference on the float32-rounded inputs, so only the kernel's float32 arithmetic differs.
        double[] Round(double[] v) => v.Select(e => (double)(float)e).ToArray();
        var (refLoss, refGrad) = LossScalarReference.Gradient(loss, Round(x), Round(t), n, d, k, Round(w));
        var grad = Enumerable.Repeat((float)Sentinel, d * k + 3).ToArray();
        double got = Compute(loss, x, t, w, n, d, k, grad);
        // float32 sums of n terms: the error grows with the sum of magnitudes, about n·|x|·|d|·ε.
        double lossScale = Math.Max(1, Math.Abs(refLoss)), gradScale = Math.Max(1, refGrad.Select(Math.Abs).DefaultIfEmpty(0).Max());
        Assert.That(got, Is.EqualTo(refLoss).Within(2e-5 * lossScale));
        for (int i = 0; i < d * k; i++)
            Assert.That(grad[i], Is.EqualTo(refGrad[i]).Within(2e-4 * gradScale), $"g[{i}]");
        Assert.That(grad.Skip(d * k), Is.All.EqualTo((float)Sentinel));
    }

    [TestCase(LossKind.Softmax, 20000, 6, 4, 2)]
    [TestCase(LossKind.Hinge, 20000, 6, 4, 2)]
    [TestCase(LossKind.ModifiedHuber, 20000, 6, 3, 2)]
    [TestCase(LossKind.Softmax, 20000, 6, 4, 1)]
    public void TheEngineChunksAndThreadsAgreeWithTheReference(LossKind loss, int n, int d, int k, int threads)
    {
        var (x, t, w) = LossScalarReference.Problem(loss, n, d, k);
        var (refLoss, refGrad) = LossScalarReference.Gradient(loss, x, t, n, d, k, w);
        using var engine = new GradientEngine<double>(loss, d, k, threads);
        var grad = new double[d * k];
        double got = engine.Compute(ColumnMajorRows<double>.Whole(x, n, d), ColumnMajorRows<double>.Whole(t, n, k), w, grad);
        Assert.That(got, Is.EqualTo(refLoss).Within(1e-11).Percent);
        for (int i = 0; i < d * k; i++)
            Assert.That(grad[i], Is.EqualTo(refGrad[i]).Within(1e-10 * Math.Max(1, refGrad.Max(Math.Abs))), $"g[{i}]");
    }

    [TestCase(1e2)]
    [TestCase(1e5)]
    [TestCase(1e150)]
    public void SoftmaxIsFiniteAndExactAtExtremeScores(double scale)
    {
        const int n = 37, d = 3, k = 4;
        var (x, t, w) = LossScalarReference.Problem(LossKind.Softmax, n, d, k, scale);
        var (refLoss, refGrad) = LossScalarReference.Gradient(LossKind.Softmax, x, t, n, d, k, w);
        var grad = new double[d * k];
        double got = Compute(LossKind.Softmax, x, t, w, n, d, k, grad);
        Assert.That(double.IsFinite(got) && grad.All(double.IsFinite), Is.True);
        Assert.That(refLoss, Is.GreaterThan(scale), "the scores are as large as intended");
        Assert.That(got, Is.EqualTo(refLoss).Within(1e-12).Percent);
        for (int i = 0; i < d * k; i++)
            Assert.That(grad[i], Is.EqualTo(refGrad[i]).Within(1e-12 * refGrad.Max(Math.Abs)), $"g[{i}]");
    }

    /// <summary>(loss, K) cases: <paramref name="loss"/> at each number of outputs K given.</summary>
    static IEnumerable<TestCaseData> At(LossKind loss, params int[] outputs) => outputs.Select(k => new TestCaseData(loss, k));

    static IEnumerable<TestCaseData> CentralDifferenceCases() =>
        [.. At(LossKind.Softmax, 2, 5), .. At(LossKind.Hinge, 1, 4), .. At(LossKind.SquaredHinge, 1, 3),
         .. At(LossKind.ModifiedHuber, 1, 3), .. At(LossKind.Perceptron, 1, 3)];

    [TestCaseSource(nameof(CentralDifferenceCases))]
    public void GradientMatchesCentralDifferences(LossKind loss, int k)
    {
        const int n = 45, d = 4;
        const double h = 1e-6;
        var (x, t, w) = LossScalarReference.Problem(loss, n, d, k, scale: 1);
        var analytic = new double[d * k];
        Compute(loss, x, t, w, n, d, k, analytic);
        var scratch = new double[d * k];
        double Objective(double[] v) => Compute(loss, x, t, v, n, d, k, scratch);
        int compared = 0;
        for (int i = 0; i < w.Length; i++)
        {
            var plus = (double[])w.Clone();
            var minus = (double[])w.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Objective(plus) - Objective(minus)) / (2 * h);
            Assert.That(analytic[i], Is.EqualTo(numeric).Within(1e-5 * Math.Max(1, Math.Abs(numeric))), $"w[{i}]");
            if (analytic[i] != 0) compared++;
        }
        Assert.That(compared, Is.GreaterThan(w.Length / 2), "most derivatives are not zero (the rows are not all past the margin)");
    }

    static IEnumerable<TestCaseData> AllocationCases() =>
        [.. At(LossKind.Softmax, 10), .. At(LossKind.Hinge, 10, 1), .. At(LossKind.SquaredHinge, 3),
         .. At(LossKind.ModifiedHuber, 1), .. At(LossKind.Perceptron, 3)];

    [TestCaseSource(nameof(AllocationCases))]
    public void EpochsAllocateNothing(LossKind loss, int k)
    {
        const int n = 20000, d = 9;
        var (x, t, w) = LossScalarReference.Problem(loss, n, d, k);
        var grad = new double[d * k];
        using var engine = new GradientEngine<double>(loss, d, k, threads: 2);
        void Epoch()
        {
            for (int start = 0; start < 2000; start += 32)
            {
                engine.Compute(new ColumnMajorRows<double>(x, n, start, 32, d), new ColumnMajorRows<double>(t, n, start, 32, k), w, grad);
                L1.SoftThreshold<double>(w, 1e-6, d);
                L1.Penalty<double>(w, 0.1, d);
            }
            engine.Compute(ColumnMajorRows<double>.Whole(x, n, d), ColumnMajorRows<double>.Whole(t, n, k), w, grad);
        }
        Epoch();
        Assert.That(AllocationMeter.Measure(() => { for (int e = 0; e < 5; e++) Epoch(); }, () => engine.WorkerAllocatedBytes), Is.Zero);
    }
}
