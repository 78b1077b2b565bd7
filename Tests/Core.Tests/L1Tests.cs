namespace Descent.Core.Tests;

/// <summary>The L1 proximal step, its penalty and the zero count against their formulas, the bias left alone.</summary>
public class L1Tests
{
    static double[] Weights(int n, uint seed)
    {
        var w = new double[n];
        new RandomState(seed).FillStandardNormal(w);
        return w;
    }

    [TestCase(1, 1)]
    [TestCase(3, 1)]
    [TestCase(4, 3)]
    [TestCase(11, 10)]
    public void SoftThresholdIsTheProximalMapAndLeavesTheBias(int features, int outputs)
    {
        var w = Weights(features * outputs, (uint)(features * 10 + outputs));
        const double tau = 0.4;
        var got = (double[])w.Clone();
        L1.SoftThreshold<double>(got, tau, features);
        for (int i = 0; i < w.Length; i++)
        {
            double expected = i % features == features - 1 ? w[i] : Math.Sign(w[i]) * Math.Max(Math.Abs(w[i]) - tau, 0);
            Assert.That(got[i], Is.EqualTo(expected), $"w[{i}]");
        }
        int zeros = Enumerable.Range(0, w.Length).Count(i => i % features != features - 1 && Math.Abs(w[i]) <= tau);
        Assert.That(L1.Zeros<double>(got, features), Is.EqualTo(zeros));
        if (features * outputs >= 30) Assert.That(zeros, Is.GreaterThan(0), "some weights reach exactly zero");
    }

    [Test]
    public void SoftThresholdInFloat32MatchesTheFormula()
    {
        var w = Weights(40, 5).Select(v => (float)v).ToArray();
        var got = (float[])w.Clone();
        L1.SoftThreshold<float>(got, 0.3f, 8);
        for (int i = 0; i < w.Length; i++)
            Assert.That(got[i], Is.EqualTo(i % 8 == 7 ? w[i] : MathF.Sign(w[i]) * MathF.Max(MathF.Abs(w[i]) - 0.3f, 0f)), $"w[{i}]");
    }

    [Test]
    public void PenaltyIsLambdaTimesTheL1NormWithoutTheBias()
    {
        var w = Weights(12, 3);
        double expected = 0.7 * Enumerable.Range(0, 12).Where(i => i % 4 != 3).Sum(i => Math.Abs(w[i]));
        Assert.That(L1.Penalty<double>(w, 0.7, 4), Is.EqualTo(expected).Within(1e-15).Percent);
    }

    [Test]
    public void PenaltyDerivativeMatchesCentralDifferencesAndTheProximalStep()
    {
        // Away from zero λ‖w‖₁ is differentiable: its derivative λ·sign(w) is what a small proximal step takes off.
        var w = Weights(12, 8);
        const double lambda = 0.3, h = 1e-6, tau = 1e-4;
        var stepped = (double[])w.Clone();
        L1.SoftThreshold<double>(stepped, tau * lambda, 4);
        for (int i = 0; i < w.Length; i++)
        {
            var plus = (double[])w.Clone();
            var minus = (double[])w.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (L1.Penalty<double>(plus, lambda, 4) - L1.Penalty<double>(minus, lambda, 4)) / (2 * h);
            double expected = i % 4 == 3 ? 0 : lambda * Math.Sign(w[i]);
            Assert.That(numeric, Is.EqualTo(expected).Within(1e-8), $"w[{i}]");
            Assert.That((w[i] - stepped[i]) / tau, Is.EqualTo(numeric).Within(1e-8), $"step of w[{i}]");
        }
    }

    [Test]
    public void ANegativeOrNonFiniteThresholdIsRefused()
    {
        var w = new double[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => L1.SoftThreshold<double>(w, -1e-3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => L1.SoftThreshold<double>(w, double.NaN, 2));
    }
}
