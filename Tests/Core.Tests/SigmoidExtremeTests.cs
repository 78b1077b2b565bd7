namespace Descent.Core.Tests;

/// <summary>
/// Inputs where numpy's 1/(1+exp(-z)) overflows, and the other edges of σ. Expected values are σ evaluated in 40-digit
/// arithmetic (mpmath) and rounded to the type; σ may be a few ulps off them (the exponential is 2 ulps, then a
/// division), never more.
/// </summary>
public class SigmoidExtremeTests
{
    /// <summary>σ(−700) = 1/(1 + e^700), where the exponent's clamp holds σ for every z below it.</summary>
    const double ClampedDouble = 9.85967654375977e-305;

    /// <summary>σ(−80) = 1/(1 + e^80), the same for float.</summary>
    const float ClampedSingle = 1.8048513e-35f;

    // float64, then float32: one generic test per property serves both precisions.
    [TestCase(0.0, 0.5)]
    [TestCase(-0.0, 0.5)]
    [TestCase(1e308, 1.0)]
    [TestCase(double.MaxValue, 1.0)]
    [TestCase(double.PositiveInfinity, 1.0)]
    [TestCase(40.0, 1.0)] // 1 − 4.2e−18 rounds to 1
    [TestCase(36.7, 0.99999999999999988898)] // 1 − 1.15e−16: the largest double below 1
    [TestCase(1.0, 0.7310585786300049)]
    [TestCase(-1.0, 0.2689414213699951)]
    [TestCase(-40.0, 4.248354255291589e-18)]
    [TestCase(-699.0, 2.680137958338607e-304)]
    [TestCase(0f, 0.5f)]
    [TestCase(3e38f, 1f)]
    [TestCase(float.PositiveInfinity, 1f)]
    [TestCase(20f, 1f)]
    [TestCase(1f, 0.7310586f)]
    [TestCase(-20f, 2.0611537e-09f)]
    [TestCase(-79f, 4.906095e-35f)]
    public void IsTheExactValueWithinFourUlps<T>(T z, T expected) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Assert.That(Sigmoid.Of(z), Is.EqualTo(expected).Within(4).Ulps);
    }

    [TestCase(-700.0, ClampedDouble)]
    [TestCase(-708.39, ClampedDouble)]
    [TestCase(-710.0, ClampedDouble)]
    [TestCase(-745.2, ClampedDouble)]
    [TestCase(-1e308, ClampedDouble)]
    [TestCase(-double.MaxValue, ClampedDouble)]
    [TestCase(double.NegativeInfinity, ClampedDouble)]
    [TestCase(-80f, ClampedSingle)]
    [TestCase(-87.33f, ClampedSingle)]
    [TestCase(-100f, ClampedSingle)]
    [TestCase(-3e38f, ClampedSingle)]
    [TestCase(float.NegativeInfinity, ClampedSingle)]
    public void BelowTheClampIsTheClampedNormalNumber<T>(T z, T clamped) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T p = Sigmoid.Of(z);
        Assert.That(p, Is.EqualTo(clamped).Within(4).Ulps);
        Assert.That(T.IsNormal(p), Is.True, "normal, not subnormal or zero");
    }

    [Test]
    public void NaNGivesNaN()
    {
        Assert.That(Sigmoid.Of(double.NaN), Is.NaN);
        Assert.That(Sigmoid.Of(float.NaN), Is.NaN);
    }
}
