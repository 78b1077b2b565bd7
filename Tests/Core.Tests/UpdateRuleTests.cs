namespace Descent.Core.Tests;

public class UpdateRuleTests
{
    static readonly double[] W = { 0.5, -1.5, 2.0, 0.25, -0.75, 1.0 };
    static readonly double[] G = { 0.1, 0.2, -0.3, 0.4, -0.5, 0.6 };

    [Test]
    public void PlainIsWPlusMinusAlphaTimesG()
    {
        var w = (double[])W.Clone();
        UpdateRules.Plain<double>(w, G, 0.01);
        Assert.That(w, Is.EqualTo(W.Zip(G, (a, g) => a + -0.01 * g)));
    }

    /// <summary>
    /// Three steps of a momentum rule (α 0.01, μ 0.9) from W with an empty buffer, beside torch's formula element by
    /// element: v ← μ·v + g, then w ← w + (−α)·<paramref name="direction"/>(v, g). Returns the rule's w and v and the formula's.
    /// </summary>
    static (double[] W, double[] V, double[] ExpectedW, double[] ExpectedV) ThreeMomentumSteps(
        Action<double[], double[]> rule, Func<double, double, double> direction)
    {
        var w = (double[])W.Clone();
        var v = new double[W.Length];
        var ew = (double[])W.Clone();
        var ev = new double[W.Length];
        for (int step = 0; step < 3; step++)
        {
            rule(w, v);
            for (int i = 0; i < ew.Length; i++) { ev[i] = ev[i] * 0.9 + G[i]; ew[i] += -0.01 * direction(ev[i], G[i]); }
        }
        return (w, v, ew, ev);
    }

    [Test]
    public void MomentumAccumulatesTheGradientAsTorchDoes()
    {
        var (w, v, ew, ev) = ThreeMomentumSteps(
            (weights, velocity) => UpdateRules.Momentum<double>(weights, velocity, G, 0.01, 0.9), (velocity, _) => velocity);
        Assert.That(w, Is.EqualTo(ew));
        Assert.That(v, Is.EqualTo(ev));
    }

    [Test]
    public void NesterovLooksAhead()
    {
        var (w, v, ew, ev) = ThreeMomentumSteps(
            (weights, velocity) => UpdateRules.Nesterov<double>(weights, velocity, G, 0.01, 0.9), (velocity, g) => g + 0.9 * velocity);
        Assert.That(w, Is.EqualTo(ew));
        Assert.That(v, Is.EqualTo(ev));
    }

    /// <summary>
    /// The rate multiplies torch's buffer at each step: after a step at α₁ and one at α₂ the weights moved by
    /// −α₁·g₁ − α₂·(μg₁ + g₂), where Keras's v ← μv − αg would give −α₁·g₁ − (μα₁g₁ + α₂g₂).
    /// </summary>
    [Test]
    public void AChangingRateScalesTheWholeBufferAsInTorch()
    {
        double[] w = { 1.0 }, v = { 0.0 };
        UpdateRules.Momentum<double>(w, v, new[] { 2.0 }, 0.1, 0.5);
        UpdateRules.Momentum<double>(w, v, new[] { 4.0 }, 0.01, 0.5);
        Assert.That(v[0], Is.EqualTo(0.5 * 2.0 + 4.0));
        Assert.That(w[0], Is.EqualTo(1.0 - 0.1 * 2.0 - 0.01 * 5.0).Within(1e-15));
        Assert.That(w[0], Is.Not.EqualTo(1.0 - 0.1 * 2.0 - (0.5 * 0.1 * 2.0 + 0.01 * 4.0)).Within(1e-6));
    }

    [Test]
    public void MomentumZeroIsPlain()
    {
        var a = (double[])W.Clone();
        var b = (double[])W.Clone();
        UpdateRules.Plain<double>(a, G, 0.05);
        UpdateRules.Momentum<double>(b, new double[W.Length], G, 0.05, 0.0);
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public void L2SkipsEachOutputsBias()
    {
        var g = (double[])G.Clone();
        UpdateRules.AddL2<double>(g, W, 0.1, features: 3);
        var expected = G.Select((v, i) => i % 3 == 2 ? v : v + 0.1 * W[i]);
        Assert.That(g, Is.EqualTo(expected));
        double penalty = UpdateRules.L2Penalty<double>(W, 0.1, 3);
        Assert.That(penalty, Is.EqualTo(0.5 * 0.1 * (0.25 + 2.25 + 0.0625 + 0.5625)).Within(1e-15));
    }

    static IEnumerable<int> Lengths => Enumerable.Range(0, 68);

    [TestCaseSource(nameof(Lengths))]
    public void VectorizedRulesFollowTheScalarFormulaAtEveryLengthFloat64(int n) => FollowTheScalarFormula<double>(n);

    [TestCaseSource(nameof(Lengths))]
    public void VectorizedRulesFollowTheScalarFormulaAtEveryLengthFloat32(int n) => FollowTheScalarFormula<float>(n);

    /// <summary>Plain, momentum and Nesterov steps equal their scalar formulas element for element, tails included.</summary>
    static void FollowTheScalarFormula<T>(int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new RandomState((uint)n);
        T[] Draw()
        {
            var d = new double[n];
            rng.FillNormal(d, 0, 1);
            return d.Select(T.CreateTruncating).ToArray();
        }
        T[] w0 = Draw(), g = Draw(), v0 = Draw();
        T alpha = T.CreateTruncating(0.03), mu = T.CreateTruncating(0.8);
        var w = (T[])w0.Clone();
        UpdateRules.Plain<T>(w, g, alpha);
        Assert.That(w, Is.EqualTo(w0.Zip(g, (a, b) => a + -alpha * b)), "plain");
        var v = (T[])v0.Clone();
        UpdateRules.Momentum<T>(w = (T[])w0.Clone(), v, g, alpha, mu);
        var ev = v0.Zip(g, (a, b) => a * mu + b).ToArray();
        Assert.That(v, Is.EqualTo(ev), "momentum buffer");
        Assert.That(w, Is.EqualTo(w0.Zip(ev, (a, b) => a + -alpha * b)), "momentum weights");
        v = (T[])v0.Clone();
        UpdateRules.Nesterov<T>(w = (T[])w0.Clone(), v, g, alpha, mu);
        Assert.That(v, Is.EqualTo(ev), "nesterov buffer");
        Assert.That(w, Is.EqualTo(w0.Select((a, i) => a + -alpha * (g[i] + mu * ev[i]))), "nesterov weights");
    }

    [Test]
    public void MismatchedLengthsThrow()
    {
        Assert.Throws<ArgumentException>(() => UpdateRules.Plain<double>(new double[3], new double[2], 0.1));
    }
}
