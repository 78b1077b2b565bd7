namespace Descent.Core.Tests;

/// <summary>torch's clip_grad_norm_ over the whole gradient, bias included: g·min(1, C/(‖g‖ + 1e−6)).</summary>
public class GradientClippingTests
{
    [TestCaseSource(typeof(GradientClippingTests), nameof(Lengths))]
    public void AboveTheLimitTheWholeGradientIsScaled(int n)
    {
        var g = Enumerable.Range(0, n).Select(i => (i % 3) - 1.0 + 0.25 * i).ToArray();
        double norm = Math.Sqrt(g.Sum(v => v * v)), limit = norm / 4;
        var expected = g.Select(v => v * (limit / (norm + 1e-6))).ToArray();
        Assert.That(GradientClipping.ByNorm<double>(g, limit), Is.EqualTo(norm).Within(1e-15).Percent);
        Assert.That(g, Is.EqualTo(expected));
        Assert.That(Math.Sqrt(g.Sum(v => v * v)), Is.EqualTo(limit * norm / (norm + 1e-6)).Within(1e-12).Percent, "the 1e-6 leaves the norm just under the limit");
    }

    static IEnumerable<int> Lengths => Enumerable.Range(1, 67);

    [Test]
    public void BelowTheLimitNothingChanges()
    {
        var g = new[] { 0.3f, -0.4f, 1.2f };
        var before = (float[])g.Clone();
        Assert.That(GradientClipping.ByNorm<float>(g, 5.0), Is.EqualTo(1.3).Within(1e-6));
        Assert.That(g, Is.EqualTo(before));
    }

    [Test]
    public void TheLimitMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ByNorm<double>(new double[3], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ByNorm<double>(new double[3], double.NaN));
    }
}
