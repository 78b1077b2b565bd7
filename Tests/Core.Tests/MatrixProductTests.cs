namespace Descent.Core.Tests;

/// <summary>
/// The three product forms at every size around the micro-kernel's tile (8 rows × two vectors of columns), the packed
/// blocks (96 rows, 256 k's, 1024 columns) against a scalar reference, both precisions and both vector widths, with
/// guard elements around C; and the same bits for 1, 2 and 3 threads.
/// </summary>
public class MatrixProductTests
{
    public enum Form { AB, AtB, ABt }

    static readonly int[] Sizes = Enumerable.Range(0, 41).Concat(new[] { 63, 64, 65, 95, 96, 97, 103 }).ToArray();
    static readonly int[] Columns = Enumerable.Range(0, 70).Concat(new[] { 1023, 1024, 1025, 1040 }).ToArray();
    static readonly int[] Depths = Enumerable.Range(0, 21).Concat(new[] { 255, 256, 257, 513 }).ToArray();
    static readonly bool[] Widths = Vector512.IsHardwareAccelerated ? [false, true] : [false];

    static double[] Random(int n, uint seed)
    {
        var v = new double[n];
        new RandomState(seed).FillNormal(v, 0, 1);
        return v;
    }

    /// <summary>C (m×n, rows ldc apart; the rest a sentinel) from the chosen form, through the span API.</summary>
    static T[] Product<T>(MatrixProduct<T> product, Form form, int m, int n, int k, T[] a, T[] b, int ldc, T sentinel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var c = Enumerable.Repeat(sentinel, Math.Max(1, m * ldc + 3)).ToArray();
        switch (form)
        {
            case Form.AB: product.Multiply(m, n, k, a, k + 1, b, n + 2, c, ldc); break;
            case Form.AtB: product.MultiplyTransposedA(m, n, k, a, m + 1, b, n + 2, c, ldc); break;
            default: product.MultiplyTransposedB(m, n, k, a, k + 1, b, k + 2, c, ldc); break;
        }
        return c;
    }

    /// <summary>Operands laid out for the form, with padding between rows (lda = inner + 1, ldb = inner + 2).</summary>
    static (double[] A, double[] B) Operands(Form form, int m, int n, int k, uint seed)
    {
        int aLength = form == Form.AtB ? k * (m + 1) : m * (k + 1);
        int bLength = form == Form.ABt ? n * (k + 2) : k * (n + 2);
        return (Random(aLength + 1, seed), Random(bLength + 1, seed + 1));
    }

    static double A(Form form, double[] a, int m, int k, int i, int p) => form == Form.AtB ? a[p * (m + 1) + i] : a[i * (k + 1) + p];
    static double B(Form form, double[] b, int n, int k, int p, int j) => form == Form.ABt ? b[j * (k + 2) + p] : b[p * (n + 2) + j];

    static void Check(Form form, int m, int n, int k, bool wide)
    {
        var (a, b) = Operands(form, m, n, k, (uint)(m * 1000 + n * 10 + k));
        int ldc = n + 3;
        using var pd = new MatrixProduct<double>(1, wide);
        using var pf = new MatrixProduct<float>(1, wide);
        var c = Product(pd, form, m, n, k, a, b, ldc, -777.0);
        var cf = Product(pf, form, m, n, k, a.Select(v => (float)v).ToArray(), b.Select(v => (float)v).ToArray(), ldc, -777f);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, scale = 0, sumf = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = A(form, a, m, k, i, p), y = B(form, b, n, k, p, j);
                    sum += x * y;
                    scale += Math.Abs(x * y);
                    sumf += (double)(float)x * (float)y;
                }
                Assert.That(c[i * ldc + j], Is.EqualTo(sum).Within(1e-14 * scale + 1e-300), $"double C[{i},{j}]");
                Assert.That((double)cf[i * ldc + j], Is.EqualTo(sumf).Within(1e-6 * scale + 1e-30), $"float C[{i},{j}]");
            }
            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
            {
                Assert.That(c[i * ldc + j], Is.EqualTo(-777.0), $"guard C[{i},{j}]");
                Assert.That(cf[i * ldc + j], Is.EqualTo(-777f), $"float guard C[{i},{j}]");
            }
        }
        Assert.That(c.Skip(m * ldc), Is.All.EqualTo(-777.0));
    }

    [Test]
    public void EveryRowCount([Values] Form form, [ValueSource(nameof(Widths))] bool wide)
    {
        foreach (int m in Sizes) Check(form, m, 17, 9, wide);
    }

    [Test]
    public void EveryColumnCount([Values] Form form, [ValueSource(nameof(Widths))] bool wide)
    {
        foreach (int n in Columns) Check(form, 9, n, 5, wide);
    }

    [Test]
    public void EveryDepth([Values] Form form, [ValueSource(nameof(Widths))] bool wide)
    {
        foreach (int k in Depths) Check(form, 9, 33, k, wide);
    }

    [Test]
    public void BlockEdgesTogether([Values] Form form, [ValueSource(nameof(Widths))] bool wide)
    {
        Check(form, 97, 65, 257, wide);
        Check(form, 8, 16, 256, wide);
        Check(form, 1, 1, 1, wide);
    }

    /// <summary>
    /// Small products read operands already laid out as panels in place (Aᵀ·B's A, A·B's B) and pack only the edge
    /// panels: at every size around the tile's edges the bits equal always packing, overwriting and accumulating.
    /// Every shape here is below <see cref="MatrixProduct{T}.ParallelWork"/>, so the in-place path is the one taken.
    /// </summary>
    [Test]
    public void InPlaceOperandsGiveThePackedBits([Values] Form form, [ValueSource(nameof(Widths))] bool wide)
    {
        using var inPlace = new MatrixProduct<double>(1, wide);
        using var packed = new MatrixProduct<double>(1, wide, inPlace: false);
        using var inPlaceF = new MatrixProduct<float>(1, wide);
        using var packedF = new MatrixProduct<float>(1, wide, inPlace: false);
        int[] rows = [1, 7, 8, 9, 15, 16, 17, 24, 33, 95, 96, 97];
        int[] columns = [1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 65];
        Assert.That(97L * 65 * 33, Is.LessThan(MatrixProduct<double>.ParallelWork));
        foreach (int m in rows)
            foreach (int n in columns)
                foreach (int k in new[] { 1, 17, 33 })
                {
                    var (a, b) = Operands(form, m, n, k, (uint)(m * 7 + n * 3 + k));
                    Assert.That(Product(inPlace, form, m, n, k, a, b, n + 1, 0.5), Is.EqualTo(Product(packed, form, m, n, k, a, b, n + 1, 0.5)), $"double {m}×{n}×{k}");
                    var af = a.Select(v => (float)v).ToArray();
                    var bf = b.Select(v => (float)v).ToArray();
                    Assert.That(Product(inPlaceF, form, m, n, k, af, bf, n + 1, 0.5f), Is.EqualTo(Product(packedF, form, m, n, k, af, bf, n + 1, 0.5f)), $"float {m}×{n}×{k}");
                    var c1 = Product(inPlace, form, m, n, k, a, b, n, 0.0);
                    var c2 = (double[])c1.Clone();
                    Accumulate(inPlace, form, m, n, k, a, b, c1);
                    Accumulate(packed, form, m, n, k, a, b, c2);
                    Assert.That(c1, Is.EqualTo(c2), $"accumulated {m}×{n}×{k}");
                }
    }

    static void Accumulate(MatrixProduct<double> p, Form form, int m, int n, int k, double[] a, double[] b, double[] c)
    {
        switch (form)
        {
            case Form.AB: p.Multiply(m, n, k, a, k + 1, b, n + 2, c, n, accumulate: true); break;
            case Form.AtB: p.MultiplyTransposedA(m, n, k, a, m + 1, b, n + 2, c, n, accumulate: true); break;
            default: p.MultiplyTransposedB(m, n, k, a, k + 1, b, k + 2, c, n, accumulate: true); break;
        }
    }

    [Test]
    public void AccumulateAddsToC([Values] Form form)
    {
        int m = 13, n = 21, k = 300;
        var (a, b) = Operands(form, m, n, k, 5);
        using var p = new MatrixProduct<double>();
        var c = Product(p, form, m, n, k, a, b, n, 0.0);
        var twice = (double[])c.Clone();
        switch (form)
        {
            case Form.AB: p.Multiply(m, n, k, a, k + 1, b, n + 2, twice, n, accumulate: true); break;
            case Form.AtB: p.MultiplyTransposedA(m, n, k, a, m + 1, b, n + 2, twice, n, accumulate: true); break;
            default: p.MultiplyTransposedB(m, n, k, a, k + 1, b, k + 2, twice, n, accumulate: true); break;
        }
        for (int i = 0; i < m * n; i++) Assert.That(twice[i], Is.EqualTo(2 * c[i]).Within(1e-12 * Math.Abs(c[i]) + 1e-12));
    }

    /// <summary>Products large enough to be split give the same bits on 1, 2 and 3 threads (and on either width).</summary>
    [TestCase(129, 256, 128)]
    [TestCase(256, 129, 131)]
    [TestCase(65, 1100, 40)]
    [TestCase(300, 20, 300)]
    public void SameBitsForAnyThreadCount(int m, int n, int k)
    {
        Assert.That((long)m * n * k, Is.GreaterThanOrEqualTo(MatrixProduct<double>.ParallelWork), "the split is taken");
        foreach (var form in Enum.GetValues<Form>())
        {
            var (a, b) = Operands(form, m, n, k, 9);
            var af = a.Select(v => (float)v).ToArray();
            var bf = b.Select(v => (float)v).ToArray();
            double[]? first = null;
            float[]? firstF = null;
            foreach (bool wide in Widths)
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    using var pd = new MatrixProduct<double>(threads, wide);
                    using var pf = new MatrixProduct<float>(threads, wide);
                    var c = Product(pd, form, m, n, k, a, b, n, 0.0);
                    var cf = Product(pf, form, m, n, k, af, bf, n, 0f);
                    if (first is null) { first = c; firstF = cf; continue; }
                    Assert.That(c, Is.EqualTo(first), $"{form} double, {threads} threads, wide {wide}");
                    Assert.That(cf, Is.EqualTo(firstF), $"{form} float, {threads} threads, wide {wide}");
                }
        }
    }

    [Test]
    public void WorkersStopOnDispose()
    {
        var p = new MatrixProduct<double>(3);
        var a = Random(200 * 200, 1);
        var c = new double[200 * 200];
        p.Multiply(200, 200, 200, a, 200, a, 200, c, 200);
        p.Dispose();
        Assert.That(p.JoinWorkers(TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public void ShapesThatDoNotFitAreRefused()
    {
        using var p = new MatrixProduct<double>();
        Assert.Throws<ArgumentException>(() => p.Multiply(3, 3, 3, new double[8], 3, new double[9], 3, new double[9], 3));
        Assert.Throws<ArgumentException>(() => p.Multiply(3, 3, 3, new double[9], 2, new double[9], 3, new double[9], 3));
    }
}
