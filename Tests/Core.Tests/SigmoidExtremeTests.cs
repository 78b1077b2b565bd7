namespace Descent.Core.Tests;

/// <summary>Inputs where numpy's 1/(1+exp(-z)) overflows, and the other edges of σ.</summary>
public class SigmoidExtremeTests
{
    [TestCase(0.0, 0.5)]
    [TestCase(-0.0, 0.5)]
    [TestCase(1e308, 1.0)]
    [TestCase(double.MaxValue, 1.0)]
    [TestCase(-1e308, 0.0)]
    [TestCase(-double.MaxValue, 0.0)]
    [TestCase(40.0, 0.99999999999999999575)]
    [TestCase(-40.0, 4.248354255291589e-18)]
    [TestCase(-700.0, 9.85967654375977e-305)]
    [TestCase(-745.2, 0.0)]
    [TestCase(double.PositiveInfinity, 1.0)]
    [TestCase(double.NegativeInfinity, 0.0)]
    public void Double(double z, double expected)
    {
        double p = Sigmoid.Of(z);
        Assert.That(p, Is.EqualTo(expected).Within(1e-13).Percent);
        Assert.That(p, Is.InRange(0.0, 1.0));
    }

    [TestCase(-710.0)]
    [TestCase(-720.0)]
    [TestCase(-740.0)]
    public void SubnormalResultsNeitherOverflowNorGoNegative(double z)
    {
        double p = Sigmoid.Of(z);
        Assert.That(p, Is.InRange(0.0, 1e-300));
        Assert.That(p, Is.EqualTo(Math.Exp(z)).Within(1e-310));
    }

    [TestCase(0f, 0.5f)]
    [TestCase(3e38f, 1f)]
    [TestCase(-3e38f, 0f)]
    [TestCase(-20f, 2.0611537e-09f)]
    [TestCase(20f, 0.99999999794f)]
    public void Single(float z, float expected)
    {
        float p = Sigmoid.Of(z);
        Assert.That(p, Is.EqualTo(expected).Within(1e-4).Percent);
        Assert.That(p, Is.InRange(0f, 1f));
    }

    [Test]
    public void NaNGivesNaN()
    {
        Assert.That(Sigmoid.Of(double.NaN), Is.NaN);
        Assert.That(Sigmoid.Of(float.NaN), Is.NaN);
    }
}
