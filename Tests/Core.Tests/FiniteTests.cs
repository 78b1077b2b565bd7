namespace Descent.Core.Tests;

/// <summary>Finite.FirstNonFinite against a scalar scan, for every kind of non-finite value at every position of
/// lengths 0..67 (the vector blocks of eight, their remainders), two of them at once, and none.</summary>
public class FiniteTests
{
    static int Scalar(double[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (double.IsNaN(values[i]) || double.IsInfinity(values[i])) return i;
        return -1;
    }

    static double[] Finite(int length, uint seed)
    {
        var rng = new RandomState(seed);
        // Large, tiny, subnormal, negative zero and the largest finite values are all finite.
        double[] special = [double.MaxValue, -double.MaxValue, double.Epsilon, -0.0, 1e-310, 1e308];
        return Enumerable.Range(0, length).Select(i => i % 7 == 3 ? special[i % special.Length] : rng.Normal(0, 1e3)).ToArray();
    }

    [Test]
    public void FindsTheFirstNaNOrInfinityAtEveryPosition()
    {
        double[] bad = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000001UL))];
        for (int length = 0; length <= 67; length++)
        {
            var values = Finite(length, (uint)length);
            Assert.That(Core.Finite.FirstNonFinite(values), Is.EqualTo(-1), $"length {length}, all finite");
            for (int at = 0; at < length; at++)
                foreach (var b in bad)
                {
                    var v = (double[])values.Clone();
                    v[at] = b;
                    if (at + 3 < length) v[at + 3] = double.NaN;
                    Assert.That(Core.Finite.FirstNonFinite(v), Is.EqualTo(Scalar(v)).And.EqualTo(at), $"length {length}, {b} at {at}");
                }
        }
    }

    [Test]
    public void ABigColumnIsScannedToItsEnd()
    {
        var values = Finite(1_000_003, 5u);
        Assert.That(Core.Finite.FirstNonFinite(values), Is.EqualTo(-1));
        values[^1] = double.NegativeInfinity;
        Assert.That(Core.Finite.FirstNonFinite(values), Is.EqualTo(values.Length - 1));
    }
}
