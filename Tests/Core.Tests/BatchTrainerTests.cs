namespace Descent.Core.Tests;

/// <summary>
/// BatchTrainer runs a batch's whole update (gradient, L2, L1, clipping, rule, L1's proximal step) in one call: an
/// epoch must equal, bit for bit, the same steps written out one by one on views of the original matrix, for batches
/// in order (which the trainer reads from tiles), shuffled (gathered) and batch GD, and a step must allocate nothing.
/// </summary>
public class BatchTrainerTests
{
    const int Rows = 203, Features = 5, Outputs = 1;
    const double Rate = 0.05, L2 = 0.01, L1 = 0.002, ClipNorm = 0.5;

    static UpdateSettings Momentum => new(UpdateRuleKind.Momentum, Features) { Momentum = 0.9 };

    /// <summary>One epoch written out: per batch the engine's loss and gradient, then each penalty, clipping and the rule.</summary>
    static (double Loss, double[] W) ByHand(double[] x, double[] y, double[] w0, int batch, int[] order, double? clip)
    {
        var w = (double[])w0.Clone();
        var g = new double[w.Length];
        var rule = UpdateRule.Create<double>(Momentum, w.Length);
        using var engine = new GradientEngine<double>(LossKind.LogLoss, Features, Outputs);
        double total = 0;
        int batches = 0;
        for (int start = 0; start < Rows; start += batch)
        {
            int m = Math.Min(batch, Rows - start);
            var bx = new double[m * Features];
            var by = new double[m * Outputs];
            for (int j = 0; j < Features; j++)
                for (int r = 0; r < m; r++) bx[j * m + r] = x[j * Rows + order[start + r]];
            for (int r = 0; r < m; r++) by[r] = y[order[start + r]];
            double loss = engine.Compute(ColumnMajorRows<double>.Whole(bx, m, Features), ColumnMajorRows<double>.Whole(by, m, Outputs), w, g);
            loss += UpdateRules.L2Penalty<double>(w, L2, Features);
            UpdateRules.AddL2<double>(g, w, L2, Features);
            loss += Core.L1.Penalty<double>(w, L1, Features);
            if (clip is double c) GradientClipping.ByNorm<double>(g, c);
            rule.Step(w, g, Rate);
            Core.L1.SoftThreshold<double>(w, Rate * L1, Features);
            total += loss;
            batches++;
        }
        return (total / batches, w);
    }

    [TestCase(32, false, true)]
    [TestCase(32, true, true)]
    [TestCase(Rows, false, false)]
    [TestCase(7, false, false)]
    public void AnEpochIsItsStepsOneByOne(int batch, bool shuffled, bool clip)
    {
        var (x, y, w0) = KernelLengthSweepTests.Problem(Rows, Features, Outputs);
        double? clipNorm = clip ? ClipNorm : null;
        var order = Enumerable.Range(0, Rows).ToArray();
        if (shuffled) new RandomState(7).Shuffle(order.AsSpan());
        var expected = ByHand(x, y, w0, batch, order, clipNorm);

        using var trainer = new BatchTrainer<double>(LossKind.LogLoss, x, y, Rows, Features, Outputs, batch, shuffled,
            (double[])w0.Clone(), UpdateRule.Create<double>(Momentum, w0.Length), L2, L1, clipNorm);
        trainer.NewEpoch(new RandomState(7));
        double loss = trainer.Epoch(Rate);

        Assert.That(loss, Is.EqualTo(expected.Loss));
        Assert.That(trainer.Weights, Is.EqualTo(expected.W));
        Assert.That(trainer.Weights, Is.Not.EqualTo(w0), "the epoch moved the weights");
    }

    [Test]
    public void AStepAllocatesNothing()
    {
        var (x, y, w0) = KernelLengthSweepTests.Problem(Rows, Features, Outputs);
        using var trainer = new BatchTrainer<double>(LossKind.LogLoss, x, y, Rows, Features, Outputs, 32, shuffled: true,
            w0, UpdateRule.Create<double>(Momentum, w0.Length), L2, L1, ClipNorm);
        trainer.NewEpoch(new RandomState(1));
        trainer.Epoch(Rate);
        Assert.That(AllocationMeter.Measure(() => trainer.Step(64, 32, Rate)), Is.Zero);
    }
}
