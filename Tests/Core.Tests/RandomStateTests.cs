namespace Descent.Core.Tests;

public class RandomStateTests
{
    [TestCase("rng_seed0.json", 0u)]
    [TestCase("rng_seed42.json", 42u)]
    public void MatchesNumpyBitForBit(string file, uint seed)
    {
        var reference = Fixture.Load(file);

        var sample = new double[8];
        new RandomState(seed).FillRandomSample(sample);
        Assert.That(sample, Is.EqualTo(reference.GetProperty("random_sample").Doubles()));

        var normal = new double[8];
        new RandomState(seed).FillStandardNormal(normal);
        Assert.That(normal, Is.EqualTo(reference.GetProperty("randn").Doubles()));

        var uniform = new double[8];
        new RandomState(seed).FillUniform(uniform, -10, 10);
        Assert.That(uniform, Is.EqualTo(reference.GetProperty("uniform_-10_10").Doubles()));

        Assert.That(new RandomState(seed).Permutation(10), Is.EqualTo(reference.GetProperty("permutation_10").Ints()));
        Assert.That(new RandomState(seed).Permutation(1000).Take(20), Is.EqualTo(reference.GetProperty("permutation_1000_first20").Ints()));
    }

    [Test]
    public void ScalarDrawsFollowTheSameStreamAsSpans()
    {
        var spans = new double[7];
        new RandomState(3u).FillStandardNormal(spans);
        var rng = new RandomState(3u);
        var one = Enumerable.Range(0, 7).Select(_ => rng.NextGaussian()).ToArray();
        Assert.That(one, Is.EqualTo(spans));
    }

    [Test]
    public void NormalIsLocPlusScaleTimesGauss()
    {
        var gauss = new RandomState(5u);
        var normal = new RandomState(5u);
        for (int i = 0; i < 9; i++)
            Assert.That(normal.Normal(3.0, 0.5), Is.EqualTo(3.0 + 0.5 * gauss.NextGaussian()));
    }

    [Test]
    public void ReseedingDropsTheCachedGaussian()
    {
        var rng = new RandomState(0u);
        double first = rng.NextGaussian();   // caches the pair's second value
        rng.Seed(0u);
        Assert.That(rng.NextGaussian(), Is.EqualTo(first));
    }

    [Test]
    public void AcceptsNumpysSeedRangeAndRefusesOthers()
    {
        Assert.That(new RandomState(uint.MaxValue).NextUInt32(), Is.EqualTo(new RandomState(4294967295L).NextUInt32()));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RandomState(-1L));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RandomState(4294967296L));
    }

    [Test]
    public void RandomIntervalStaysInRangeAndHitsBothEnds()
    {
        var rng = new RandomState(7u);
        var seen = new bool[6];
        for (int i = 0; i < 2000; i++)
        {
            ulong v = rng.RandomInterval(5);
            Assert.That(v, Is.LessThanOrEqualTo(5UL));
            seen[v] = true;
        }
        Assert.That(seen, Is.All.True);
        Assert.That(rng.RandomInterval(0), Is.EqualTo(0UL));
        Assert.That(rng.RandomInterval(1UL << 40), Is.LessThanOrEqualTo(1UL << 40));
    }

    [Test]
    public void PermutationIsAPermutation()
    {
        var p = new RandomState(11u).Permutation(257);
        Assert.That(p.OrderBy(v => v), Is.EqualTo(Enumerable.Range(0, 257)));
    }
}
