namespace Descent.Core.Tests;

/// <summary>The losses' logarithm against Math.Log / MathF.Log over the arguments the losses pass (≥ 0.5).</summary>
public class VectorLogTests
{
    static double Log(double x) => VectorLog.Of(Vector256.Create(0.75, x, 3.0, 1.0)).GetElement(1);

    static float Log(float x) => VectorLog.Of(Vector256.Create(0.75f, 2f, 3f, x, 5f, 6f, 7f, 8f)).GetElement(3);

    /// <summary>Arguments of every kind the losses meet: [0.5, 1] (log loss), near 1, large sums, powers of two and
    /// the reduction's √2 boundary with their neighbours.</summary>
    static IEnumerable<double> Arguments(uint seed)
    {
        var rng = new RandomState(seed);
        for (int i = 0; i < 20_000; i++) yield return rng.Uniform(0.5, 1.0);
        for (int i = 0; i < 20_000; i++) yield return Math.Exp(rng.Uniform(Math.Log(0.5), 700.0));
        for (int i = 0; i < 5_000; i++) yield return 1.0 + rng.Uniform(-1e-6, 1e-6);
        for (int e = -1; e < 1000; e++)
        {
            double p = Math.ScaleB(1.0, e), r = Math.Sqrt(2.0) * p;
            foreach (var x in new[] { p, r })
                for (int u = -3; u <= 3; u++)
                {
                    double y = x;
                    for (int s = 0; s < Math.Abs(u); s++) y = u < 0 ? Math.BitDecrement(y) : Math.BitIncrement(y);
                    if (y >= 0.5) yield return y;
                }
        }
    }

    [Test]
    public void DoubleIsWithinOneUlpOfMathLog()
    {
        int count = 0;
        foreach (var x in Arguments(21u))
        {
            Assert.That(Log(x), Is.EqualTo(Math.Log(x)).Within(1).Ulps, $"ln {x:R}");
            count++;
        }
        Assert.That(count, Is.GreaterThan(50_000));
    }

    [Test]
    public void SingleIsWithinOneUlpOfMathFLog()
    {
        foreach (var x in Arguments(22u))
        {
            float f = (float)x;
            if (float.IsFinite(f)) Assert.That(Log(f), Is.EqualTo(MathF.Log(f)).Within(1).Ulps, $"ln {f:R}");
        }
    }

    [Test]
    public void OneIsZeroAndTwoIsLn2()
    {
        Assert.That(Log(1.0), Is.EqualTo(0.0));
        Assert.That(Log(2.0), Is.EqualTo(Math.Log(2.0)));
        Assert.That(Log(1f), Is.EqualTo(0f));
        Assert.That(Log(2f), Is.EqualTo(MathF.Log(2f)));
    }

    [Test]
    public void NaNAndInfinityPassThrough()
    {
        Assert.That(double.IsNaN(Log(double.NaN)), Is.True);
        Assert.That(Log(double.PositiveInfinity), Is.EqualTo(double.PositiveInfinity));
        Assert.That(float.IsNaN(Log(float.NaN)), Is.True);
        Assert.That(Log(float.PositiveInfinity), Is.EqualTo(float.PositiveInfinity));
    }

    [Test]
    public void EveryLaneIsItsOwn()
    {
        var x = Vector256.Create(0.5, 1.5, 1e10, 7.25);
        var log = VectorLog.Of(x);
        for (int i = 0; i < 4; i++) Assert.That(log.GetElement(i), Is.EqualTo(Math.Log(x.GetElement(i))).Within(1).Ulps);
    }
}
