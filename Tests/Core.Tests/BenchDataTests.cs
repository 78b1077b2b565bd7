namespace Descent.Core.Tests;

/// <summary>The benchmarks' generated data: numpy's uniform draws column after column, the bias last, y from the first feature.</summary>
public class BenchDataTests
{
    [Test]
    public void FeaturesAreNumpysUniformDrawsAndTheBiasIsOnes()
    {
        // uniform(-1, 1) is −1 + 2·random_sample() from the same stream.
        var sample = Fixture.Load("rng_seed0.json").GetProperty("random_sample").Doubles();
        var data = BenchData<double>.Generate(4, 3);
        var expected = sample.Take(8).Select(u => -1 + 2 * u).Concat(Enumerable.Repeat(1.0, 4));
        Assert.That(data.X, Is.EqualTo(expected));
        Assert.That(data.Y, Is.EqualTo(data.X.Take(4).Select(v => v > 0 ? 1.0 : 0.0)));
    }

    [Test]
    public void Float32IsTheFloat64DataRounded()
    {
        var d = BenchData<double>.Generate(50, 4);
        var f = BenchData<float>.Generate(50, 4);
        Assert.That(f.X, Is.EqualTo(d.X.Select(v => (float)v)));
        Assert.That(f.Y, Is.EqualTo(d.Y.Select(v => (float)v)));
    }

    [Test]
    public void TheBiasAloneHasNoPositiveLabels()
    {
        var data = BenchData<double>.Generate(5, 1);
        Assert.That(data.X, Is.All.EqualTo(1.0));
        Assert.That(data.Y, Is.All.Zero);
    }
}
