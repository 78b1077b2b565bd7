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
        Assert.That(AllocationMeter.Measure(() => { for (int e = 0; e < 20; e++) Epoch(); }), Is.Zero);
    }

    [Test]
    public void SigmoidAllocatesNothing()
    {
        var z = new double[1001];
        var p = new double[1001];
        Sigmoid.Apply<double>(z, p);
        Assert.That(AllocationMeter.Measure(() =>
        {
            for (int i = 0; i < 10; i++) Sigmoid.Apply<double>(z, p);
        }), Is.Zero);
    }

    [Test]
    public void TheMeterSeesAnAllocation()
    {
        Assert.That(AllocationMeter.Measure(() => GC.KeepAlive(new byte[1000])), Is.GreaterThanOrEqualTo(1000));
        long others = 0;
        Assert.That(AllocationMeter.Measure(() => others += 24, () => others), Is.EqualTo(24));
    }
}
