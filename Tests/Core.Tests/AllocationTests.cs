namespace Descent.Core.Tests;

/// <summary>The per-epoch work of the core allocates nothing once its buffers exist.</summary>
public class AllocationTests
{
    [TestCase(LossKind.SquaredError, 500, 3, 1)]
    [TestCase(LossKind.LogLoss, 1000, 5, 3)]
    public void GradientEpochsAllocateNothing(LossKind loss, int n, int d, int k)
    {
        var (x, y, w) = KernelLengthSweepTests.Problem(n, d, k);
        var grad = new double[d * k];
        var velocity = new double[d * k];
        var engine = new GradientEngine<double>(loss, d, k);
        void Epoch()
        {
            for (int start = 0; start < n; start += 32)
            {
                int m = Math.Min(32, n - start);
                engine.Compute(new ColumnMajorRows<double>(x, n, start, m, d), new ColumnMajorRows<double>(y, n, start, m, k), w, grad);
                UpdateRules.AddL2<double>(grad, w, 0.01, d);
                UpdateRules.Nesterov<double>(w, velocity, grad, 0.001, 0.9);
            }
            engine.Compute(ColumnMajorRows<double>.Whole(x, n, d), ColumnMajorRows<double>.Whole(y, n, k), w, grad);
            UpdateRules.Plain<double>(w, grad, 0.001);
        }
        Epoch();
        Assert.That(Allocation.OnThisThread(() => { for (int e = 0; e < 20; e++) Epoch(); }), Is.Zero);
    }

    [Test]
    public void SigmoidAndThresholdAllocateNothing()
    {
        var z = new double[1001];
        var p = new double[1001];
        Sigmoid.Apply<double>(z, p);
        Threshold.Probabilities<double>(p, z);
        Assert.That(Allocation.OnThisThread(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                Sigmoid.Apply<double>(z, p);
                Threshold.Probabilities<double>(p, z);
                Threshold.Scores<double>(p, z);
            }
        }), Is.Zero);
    }
}
