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

    [Test]
    public void MomentumAccumulatesVelocity()
    {
        var w = (double[])W.Clone();
        var v = new double[W.Length];
        var ew = (double[])W.Clone();
        var ev = new double[W.Length];
        for (int step = 0; step < 3; step++)
        {
            UpdateRules.Momentum<double>(w, v, G, 0.01, 0.9);
            for (int i = 0; i < ew.Length; i++) { ev[i] = 0.9 * ev[i] - 0.01 * G[i]; ew[i] += ev[i]; }
        }
        Assert.That(w, Is.EqualTo(ew));
        Assert.That(v, Is.EqualTo(ev));
    }

    [Test]
    public void NesterovLooksAhead()
    {
        var w = (double[])W.Clone();
        var v = new double[W.Length];
        var ew = (double[])W.Clone();
        var ev = new double[W.Length];
        for (int step = 0; step < 3; step++)
        {
            UpdateRules.Nesterov<double>(w, v, G, 0.01, 0.9);
            for (int i = 0; i < ew.Length; i++) { ev[i] = 0.9 * ev[i] - 0.01 * G[i]; ew[i] += 0.9 * ev[i] - 0.01 * G[i]; }
        }
        Assert.That(w, Is.EqualTo(ew));
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

    [TestCase(1)]
    [TestCase(4)]
    [TestCase(33)]
    [TestCase(101)]
    public void VectorizedRulesFollowTheScalarFormulaAtEveryLength(int n)
    {
        var rng = new RandomState((uint)n);
        var w0 = new double[n];
        var g = new double[n];
        var v0 = new double[n];
        rng.FillNormal(w0, 0, 1);
        rng.FillNormal(g, 0, 1);
        rng.FillNormal(v0, 0, 1);
        var (w, v) = ((double[])w0.Clone(), (double[])v0.Clone());
        UpdateRules.Plain<double>(w, g, 0.03);
        Assert.That(w, Is.EqualTo(w0.Zip(g, (a, b) => a + -0.03 * b)), "plain");
        UpdateRules.Momentum<double>(w = (double[])w0.Clone(), v, g, 0.03, 0.8);
        var ev = v0.Zip(g, (a, b) => 0.8 * a - 0.03 * b).ToArray();
        Assert.That(v, Is.EqualTo(ev), "momentum velocity");
        Assert.That(w, Is.EqualTo(w0.Zip(ev, (a, b) => a + b)), "momentum weights");
        v = (double[])v0.Clone();
        UpdateRules.Nesterov<double>(w = (double[])w0.Clone(), v, g, 0.03, 0.8);
        Assert.That(v, Is.EqualTo(ev), "nesterov velocity");
        Assert.That(w, Is.EqualTo(w0.Select((a, i) => a + (0.8 * ev[i] - 0.03 * g[i]))), "nesterov weights");
    }

    [Test]
    public void MismatchedLengthsThrow()
    {
        Assert.Throws<ArgumentException>(() => UpdateRules.Plain<double>(new double[3], new double[2], 0.1));
    }
}
