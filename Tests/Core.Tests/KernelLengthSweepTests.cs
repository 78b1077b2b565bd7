namespace Descent.Core.Tests;

/// <summary>
/// Every length from 0 to 67 (and block edges beyond) against the scalar reference, with guard elements; feature counts
/// cover every remainder of the four-column groups and a block size below the maximum (101 columns).
/// </summary>
public class KernelLengthSweepTests
{
    static readonly int[] Lengths = Enumerable.Range(0, 68).Concat(new[] { 127, 128, 129, 511, 512, 513, 1000, 1025 }).ToArray();
    const double Sentinel = -12345.678;

    static double[] Scores(int n, int seed)
    {
        var v = new double[n];
        new RandomState((uint)seed).FillNormal(v, 0, 8);
        return v;
    }

    [TestCaseSource(nameof(Lengths))]
    public void SigmoidDouble(int n)
    {
        var z = Scores(n, n);
        var p = Enumerable.Repeat(Sentinel, n + 5).ToArray();
        Sigmoid.Apply<double>(z, p.AsSpan(0, n));
        for (int i = 0; i < n; i++)
            Assert.That(p[i], Is.EqualTo(ScalarReference.Sigmoid(z[i])).Within(1e-12).Percent.Or.EqualTo(ScalarReference.Sigmoid(z[i])).Within(1e-300), $"i={i}");
        Assert.That(p.Skip(n), Is.All.EqualTo(Sentinel));
    }

    [TestCaseSource(nameof(Lengths))]
    public void SigmoidSingle(int n)
    {
        var z = Scores(n, n);
        var zf = z.Select(v => (float)v).ToArray();
        var p = Enumerable.Repeat((float)Sentinel, n + 9).ToArray();
        Sigmoid.Apply<float>(zf, p.AsSpan(0, n));
        for (int i = 0; i < n; i++)
            Assert.That(p[i], Is.EqualTo(ScalarReference.Sigmoid(zf[i])).Within(1e-4).Percent.Or.EqualTo(ScalarReference.Sigmoid(zf[i])).Within(1e-37), $"i={i}");
        Assert.That(p.Skip(n), Is.All.EqualTo((float)Sentinel));
    }

    /// <summary>The span kernel (prediction's σ) gives the bits the fused losses' pair form (training's σ) gives.</summary>
    [TestCaseSource(nameof(Lengths))]
    public void SigmoidKernelIsTrainingsSigmoidBitForBit(int n)
    {
        var z = Scores(n + 8, n + 3);
        var p = new double[n];
        Sigmoid.Apply<double>(z.AsSpan(0, n), p);
        for (int i = 0; i < n; i++)
        {
            SigmoidOperator<double>.Invoke(Vector256.Create(z[i]), Vector256.Create(z[i + 1]), out var p0, out var p1);
            Assert.That(p[i], Is.EqualTo(p0.GetElement(0)), $"i={i}");
            if (i + 1 < n) Assert.That(p[i + 1], Is.EqualTo(p1.GetElement(3)), $"i={i + 1}");
        }
        var zf = z.Select(v => (float)v).ToArray();
        var pf = new float[n];
        Sigmoid.Apply<float>(zf.AsSpan(0, n), pf);
        for (int i = 0; i < n; i++)
        {
            SigmoidOperator<float>.Invoke(Vector256.Create(zf[i]), Vector256.Create(zf[i + 1]), out var p0, out _);
            Assert.That(pf[i], Is.EqualTo(p0.GetElement(5)), $"float i={i}");
        }
    }

    [TestCaseSource(nameof(Lengths))]
    public void SigmoidInPlaceEqualsOutOfPlace(int n)
    {
        var z = Scores(n, n + 1);
        var expected = new double[n];
        Sigmoid.Apply<double>(z, expected);
        Sigmoid.Apply<double>(z, z);
        Assert.That(z, Is.EqualTo(expected));
    }

    static IEnumerable<TestCaseData> GradientCases()
    {
        foreach (var loss in new[] { LossKind.SquaredError, LossKind.LogLoss })
            foreach (var n in Lengths)
                foreach (var (d, k) in new[] { (3, 1), (1, 1), (2, 1), (4, 2), (5, 3), (7, 1), (33, 1), (101, 1) })
                    if (d * k <= 5 || n % 7 == 0 || n > 500)
                        yield return new TestCaseData(loss, n, d, k);
    }

    [TestCaseSource(nameof(GradientCases))]
    public void FusedGradientDouble(LossKind loss, int n, int d, int k)
    {
        var (x, y, w) = Problem(n, d, k);
        var (refLoss, refGrad) = ScalarReference.Gradient(loss, x, y, n, d, k, w);
        var grad = Enumerable.Repeat(Sentinel, d * k + 3).ToArray();
        var scratch = new double[FusedGradient.BlockRows];
        double got = FusedGradient.Compute<double>(loss, ColumnMajorRows<double>.Whole(x, n, d), ColumnMajorRows<double>.Whole(y, n, k), w, grad.AsSpan(0, d * k), scratch);
        Assert.That(got, Is.EqualTo(refLoss).Within(1e-11).Percent.Or.EqualTo(refLoss).Within(1e-12));
        for (int i = 0; i < d * k; i++)
            Assert.That(grad[i], Is.EqualTo(refGrad[i]).Within(1e-10).Percent.Or.EqualTo(refGrad[i]).Within(1e-11), $"g[{i}]");
        Assert.That(grad.Skip(d * k), Is.All.EqualTo(Sentinel));
    }

    /// <summary>
    /// float32 against the double reference on the same (float-rounded) inputs, each element within 3e−6 (50 float32
    /// ε) of its own error scale: for gⱼ, Bⱼ = Σᵢ |xᵢⱼ|·(|dᵢ| + Σₗ |xᵢₗ wₗ| + F), for the loss Σᵢ (ℓᵢ + |dᵢ|·Σₗ |xᵢₗ wₗ| + F)
    /// (what rounding the scores, σ and the sums can move them by); F = 0.05 stands for σ's absolute
    /// rounding next to 1 (a saturated row's loss is then one ulp of 1, 1.2e−7, where double's is 1e−14). A derivative
    /// off by 1e−4 fails 32 of these cases.
    /// </summary>
    [TestCaseSource(nameof(GradientCases))]
    public void FusedGradientSingle(LossKind loss, int n, int d, int k)
    {
        const double SigmaFloor = 0.05; // × 3e−6 = 1.5e−7
        var (x64, y64, w64) = Problem(n, d, k);
        float[] x = x64.Select(v => (float)v).ToArray(), y = y64.Select(v => (float)v).ToArray(), w = w64.Select(v => (float)v).ToArray();
        double[] xd = x.Select(v => (double)v).ToArray(), yd = y.Select(v => (double)v).ToArray(), wd = w.Select(v => (double)v).ToArray();
        var (refLoss, refGrad) = ScalarReference.Gradient(loss, xd, yd, n, d, k, wd);
        var grad = Enumerable.Repeat((float)Sentinel, d * k + 5).ToArray();
        var scratch = new float[FusedGradient.BlockRows];
        double got = FusedGradient.Compute<float>(loss, ColumnMajorRows<float>.Whole(x, n, d), ColumnMajorRows<float>.Whole(y, n, k), w, grad.AsSpan(0, d * k), scratch);

        var bound = new double[d * k];
        double lossBound = 0;
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
            {
                double z = 0, size = 0;
                for (int j = 0; j < d; j++) { z += xd[j * n + i] * wd[c * d + j]; size += Math.Abs(xd[j * n + i] * wd[c * d + j]); }
                double p = ScalarReference.Sigmoid(z), t = yd[c * n + i];
                double derivative = loss == LossKind.SquaredError ? (p - t) * p * (1 - p) : p - t;
                double rowLoss = loss == LossKind.SquaredError ? (p - t) * (p - t) : Math.Max(z, 0) - t * z + Math.Log(1 + Math.Exp(-Math.Abs(z)));
                lossBound += rowLoss + Math.Abs(derivative) * size + SigmaFloor;
                for (int j = 0; j < d; j++) bound[c * d + j] += Math.Abs(xd[j * n + i]) * (Math.Abs(derivative) + size + SigmaFloor);
            }
        Assert.That(got, Is.EqualTo(refLoss).Within(3e-6 * lossBound + 1e-30));
        for (int i = 0; i < d * k; i++)
            Assert.That(grad[i], Is.EqualTo(refGrad[i]).Within(3e-6 * bound[i] + 1e-30), $"g[{i}]");
        Assert.That(grad.Skip(d * k), Is.All.EqualTo((float)Sentinel));
    }

    [Test]
    public void FusedGradientOfARowRangeEqualsTheGradientOfThoseRowsAlone()
    {
        var (x, y, w) = Problem(100, 3, 1);
        var scratch = new double[FusedGradient.BlockRows];
        var part = new double[3];
        double loss = FusedGradient.Compute<double>(LossKind.SquaredError, new ColumnMajorRows<double>(x, 100, 40, 32, 3), new ColumnMajorRows<double>(y, 100, 40, 32, 1), w, part, scratch);
        var xs = Enumerable.Range(0, 3).SelectMany(j => x.Skip(j * 100 + 40).Take(32)).ToArray();
        var ys = y.Skip(40).Take(32).ToArray();
        var (refLoss, refGrad) = ScalarReference.Gradient(LossKind.SquaredError, xs, ys, 32, 3, 1, w);
        Assert.That(loss, Is.EqualTo(refLoss).Within(1e-12).Percent);
        Assert.That(part, Is.EqualTo(refGrad).Within(1e-10).Percent);
    }

    internal static (double[] X, double[] Y, double[] W) Problem(int n, int d, int k)
    {
        var rng = new RandomState((uint)(n * 131 + d * 7 + k));
        var x = new double[n * d];
        rng.FillNormal(x, 0, 3);
        for (int i = 0; i < n; i++) x[(d - 1) * n + i] = 1.0; // bias column
        var y = new double[n * k];
        for (int i = 0; i < n; i++)
        {
            int c = (int)rng.RandomInterval((ulong)Math.Max(1, k) - (k == 1 ? 0UL : 1UL));
            if (k == 1) y[i] = rng.NextDouble() > 0.5 ? 1 : 0;
            else y[c * n + i] = 1;
        }
        var w = new double[d * k];
        rng.FillStandardNormal(w);
        return (x, y, w);
    }
}
