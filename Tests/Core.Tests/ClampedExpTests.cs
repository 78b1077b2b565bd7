namespace Descent.Core.Tests;

/// <summary>The fused kernels' exponential against Math.Exp, over its whole clamped range and at the edges.</summary>
public class ClampedExpTests
{
    /// <summary>e^a in the first lane and e^b in the last of one vector.</summary>
    static (double A, double B) Exp(double a, double b)
    {
        var e = ClampedExp.Of(Vector256.Create(a, 0, 0, b));
        return (e.GetElement(0), e.GetElement(3));
    }

    static (float A, float B) Exp(float a, float b)
    {
        var e = ClampedExp.Of(Vector256.Create(a, 0, 0, 0, 0, 0, 0, b));
        return (e.GetElement(0), e.GetElement(7));
    }

    [Test]
    public void DoubleIsWithinTwoUlpsOfMathExpAcrossTheRange()
    {
        var rng = new RandomState(9u);
        for (int i = 0; i < 20_000; i++)
        {
            double u = rng.Uniform(-708.0, 700.0), v = rng.Uniform(-5.0, 5.0);
            var (eu, ev) = Exp(u, v);
            Assert.That(eu, Is.EqualTo(Math.Exp(u)).Within(2).Ulps, $"e^{u}");
            Assert.That(ev, Is.EqualTo(Math.Exp(v)).Within(2).Ulps, $"e^{v}");
        }
    }

    [Test]
    public void SingleIsWithinTwoUlpsOfMathExpAcrossTheRange()
    {
        var rng = new RandomState(10u);
        for (int i = 0; i < 20_000; i++)
        {
            float u = (float)rng.Uniform(-87.0, 80.0), v = (float)rng.Uniform(-5.0, 5.0);
            var (eu, ev) = Exp(u, v);
            Assert.That(eu, Is.EqualTo(MathF.Exp(u)).Within(2).Ulps, $"e^{u}");
            Assert.That(ev, Is.EqualTo(MathF.Exp(v)).Within(2).Ulps, $"e^{v}");
        }
    }

    [TestCase(0.0, 0.0)]
    [TestCase(-1000.0, -708.39)] // clamped: e^−708.39 is still normal, and 1 + e = 1 exactly
    [TestCase(double.NegativeInfinity, -708.39)]
    [TestCase(1000.0, 700.0)]    // e^700: σ(−1000) comes out 1e−304, not a subnormal
    [TestCase(double.PositiveInfinity, 700.0)]
    public void DoubleArgumentsAreClampedSoResultsAreNormalNumbers(double u, double clamped)
    {
        double e = Exp(u, 0.0).A;
        Assert.That(e, Is.EqualTo(Math.Exp(clamped)).Within(2).Ulps);
        Assert.That(double.IsNormal(e), Is.True);
    }

    [TestCase(-1000f, -87.33f)]
    [TestCase(float.NegativeInfinity, -87.33f)]
    [TestCase(1000f, 80f)]
    public void SingleArgumentsAreClampedSoResultsAreNormalNumbers(float u, float clamped)
    {
        float e = Exp(u, 0f).A;
        Assert.That(e, Is.EqualTo(MathF.Exp(clamped)).Within(2).Ulps);
        Assert.That(float.IsNormal(e), Is.True);
    }

    [Test]
    public void ThePairFormIsTheOneVectorFormBitForBit()
    {
        var rng = new RandomState(11u);
        for (int i = 0; i < 5_000; i++)
        {
            var a = Vector256.Create(rng.Uniform(-800, 800), rng.Uniform(-5, 5), rng.Uniform(-50, 50), rng.Normal(0, 1));
            var b = Vector256.Create(rng.Uniform(-800, 800), rng.Uniform(-5, 5), rng.Uniform(-50, 50), rng.Normal(0, 1));
            var (ea, eb) = (ClampedExp.Of(a), ClampedExp.Of(b));
            ClampedExp.Of(ref a, ref b);
            Assert.That(a, Is.EqualTo(ea));
            Assert.That(b, Is.EqualTo(eb));
            var af = Vector256.Create((float)rng.Uniform(-90, 90), (float)rng.Uniform(-5, 5), (float)rng.Uniform(-20, 20), (float)rng.Normal(0, 1),
                (float)rng.Uniform(-90, 90), (float)rng.Uniform(-5, 5), (float)rng.Uniform(-20, 20), (float)rng.Normal(0, 1));
            var bf = -af * 0.5f;
            var (eaf, ebf) = (ClampedExp.Of(af), ClampedExp.Of(bf));
            ClampedExp.Of(ref af, ref bf);
            Assert.That(af, Is.EqualTo(eaf));
            Assert.That(bf, Is.EqualTo(ebf));
        }
    }

    [Test]
    public void NaNStaysNaN()
    {
        Assert.That(Exp(double.NaN, 1.0).A, Is.NaN);
        Assert.That(Exp(float.NaN, 1f).A, Is.NaN);
    }

    [Test]
    public void TheFusedLossSaturatesExactlyAndStaysFinite()
    {
        var z0 = Vector256.Create(1e308, double.PositiveInfinity, -1e308, double.NegativeInfinity);
        var z1 = Vector256.Create(40.0, -40.0, 745.5, -745.5);
        var y = Vector256.Create(1.0, 1.0, 0.0, 0.0);
        SigmoidLoss<SquaredErrorLoss<double>, double>.Invoke(ref z0, ref z1, y, y, out var l0, out var l1);
        Assert.That(l0.GetElement(0), Is.Zero, "σ(1e308) = 1 exactly");
        Assert.That(l0.GetElement(1), Is.Zero, "σ(∞) = 1 exactly");
        Assert.That(l0.GetElement(2), Is.LessThan(1e-300), "σ(−1e308) ≈ 0");
        Assert.That(z0.GetElement(0), Is.Zero);
        for (int i = 0; i < 4; i++)
        {
            Assert.That(double.IsFinite(l0.GetElement(i)) && double.IsFinite(l1.GetElement(i)), Is.True, $"loss lane {i}");
            Assert.That(double.IsFinite(z0.GetElement(i)) && double.IsFinite(z1.GetElement(i)), Is.True, $"derivative lane {i}");
        }
    }
}
