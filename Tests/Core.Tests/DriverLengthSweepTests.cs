namespace Descent.Core.Tests;

/// <summary>
/// The element-wise drivers at every length 0..67 in both precisions, with guard elements past the end that must
/// stay untouched: <see cref="Update"/> with all three state spans. (<see cref="Unary"/> is swept through σ in
/// <see cref="KernelLengthSweepTests"/>.)
/// </summary>
public class DriverLengthSweepTests
{
    static IEnumerable<int> Lengths => Enumerable.Range(0, 68);

    /// <summary>An operator touching every state: s0 ← s0 + g, s1 ← 2w, s2 ← s2 − 1, w ← w + s0·s2.</summary>
    readonly struct EveryState<T> : IUpdateOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static int States => 3;

        public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> s0, ref Vector256<T> s1, ref Vector256<T> s2)
        {
            s0 += g;
            s1 = w + w;
            s2 -= Vector256<T>.One;
            return w + s0 * s2;
        }
    }

    [TestCaseSource(nameof(Lengths))]
    public void UpdateDriverFloat64(int n) => UpdateDriverMatchesTheScalarFormula<double>(n);

    [TestCaseSource(nameof(Lengths))]
    public void UpdateDriverFloat32(int n) => UpdateDriverMatchesTheScalarFormula<float>(n);

    static void UpdateDriverMatchesTheScalarFormula<T>(int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int guard = 9;
        T sentinel = T.CreateTruncating(-12345.678);
        var rng = new RandomState((uint)(n + 100));
        T[] Draw()
        {
            var d = new double[n + guard];
            rng.FillNormal(d, 0, 1);
            var t = d.Select(T.CreateTruncating).ToArray();
            Array.Fill(t, sentinel, n, guard);
            return t;
        }
        T[] w = Draw(), g = Draw(), a = Draw(), b = Draw(), c = Draw();
        T[] ew = (T[])w.Clone(), ea = (T[])a.Clone(), eb = (T[])b.Clone(), ec = (T[])c.Clone();
        for (int step = 0; step < 3; step++)
        {
            Update.Apply(new EveryState<T>(), w.AsSpan(0, n), g.AsSpan(0, n), a.AsSpan(0, n), b.AsSpan(0, n), c.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                ea[i] += g[i];
                eb[i] = ew[i] + ew[i];
                ec[i] -= T.One;
                ew[i] += ea[i] * ec[i];
            }
        }
        Assert.That(w, Is.EqualTo(ew), "w (guards included)");
        Assert.That(a, Is.EqualTo(ea), "s0");
        Assert.That(b, Is.EqualTo(eb), "s1");
        Assert.That(c, Is.EqualTo(ec), "s2");
    }

    [Test]
    public void UpdateDriverRejectsAShortStateSpan()
    {
        Assert.Throws<ArgumentException>(() => Update.Apply(new EveryState<double>(), new double[5], new double[5], new double[5], new double[4], new double[5]));
        Assert.Throws<ArgumentException>(() => Update.Apply(new EveryState<double>(), new double[5], new double[6], new double[5], new double[5], new double[5]));
    }
}
