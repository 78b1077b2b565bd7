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

    [TestCase(0, 0)]
    [TestCase(0, 1)]
    [TestCase(0, 2)]
    [TestCase(1, 1)]     // starts on a cached value
    [TestCase(1, 2)]
    [TestCase(3, 64 * 5 + 1)]
    [TestCase(2, 100_000)]
    public void SkippingGaussiansLeavesTheStateTheirDrawsLeave(int before, int count)
    {
        var drawn = new RandomState(11u);
        var skipped = new RandomState(11u);
        for (int i = 0; i < before; i++) Assert.That(skipped.NextGaussian(), Is.EqualTo(drawn.NextGaussian()));
        for (int i = 0; i < count; i++) drawn.NextGaussian();
        skipped.SkipGaussians(count);
        var next = Enumerable.Range(0, 5).Select(_ => drawn.NextGaussian()).Append(drawn.NextUInt32()).ToArray();
        var afterSkip = Enumerable.Range(0, 5).Select(_ => skipped.NextGaussian()).Append(skipped.NextUInt32()).ToArray();
        Assert.That(afterSkip, Is.EqualTo(next));
    }

    [Test]
    public void ACloneDrawsTheSameStreamIndependently()
    {
        var rng = new RandomState(4u);
        rng.NextGaussian();   // a cached value and a part-used block go with the copies
        var copy = rng.Clone();
        var reference = rng.Clone();
        double[] Draw(RandomState r) => Enumerable.Range(0, 700).Select(_ => r.NextGaussian()).Append(r.NextUInt32()).ToArray();
        var fromCopy = Draw(copy);
        Assert.That(fromCopy, Is.EqualTo(Draw(reference)));
        Assert.That(Draw(rng), Is.EqualTo(fromCopy), "the copy's draws did not move the original");
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
