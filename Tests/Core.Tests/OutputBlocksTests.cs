namespace Descent.Core.Tests;

/// <summary>
/// The K-output score blocks compute each output's scores with the operations, in the order, of the one-output
/// blocks (and so of prediction): equal bit for bit, for column counts across the per-pass column groups and every
/// output-group remainder; with guard elements past the block.
/// </summary>
public class OutputBlocksTests
{
    static IEnumerable<TestCaseData> Shapes()
    {
        foreach (var d in new[] { 1, 3, 4, 16, 17, 33, 65 })
            foreach (var k in new[] { 1, 2, 3, 4, 5, 7, 10 })
                foreach (var rows in new[] { 1, 15, 16, 37, 160 })
                    yield return new TestCaseData(d, k, rows);
    }

    [TestCaseSource(nameof(Shapes))]
    public void ScoresEqualTheOneOutputBlocksBitForBit(int d, int k, int rows)
    {
        const int stride = 200, sStride = 176;
        var x = new double[stride * d];
        new RandomState((uint)(d * 100 + k)).FillNormal(x, 0, 2);
        var w = new double[d * k];
        new RandomState((uint)(rows + 7)).FillStandardNormal(w);
        var s = Enumerable.Repeat(-1.5e300, sStride * k + 3).ToArray();
        OutputBlocks.Scores<double>(ref x[0], stride, d, w, k, ref s[0], sStride, rows, ahead: 0);
        for (int o = 0; o < k; o++)
        {
            var expected = new double[rows];
            Blocks.Scores<double>(ref x[0], stride, d, w.AsSpan(o * d, d), ref expected[0], rows, ahead: 0);
            Assert.That(s.AsSpan(o * sStride, rows).ToArray(), Is.EqualTo(expected), $"output {o}");
            Assert.That(s.AsSpan(o * sStride + rows, sStride - rows).ToArray(), Is.All.EqualTo(-1.5e300), $"past output {o}");
        }
        Assert.That(s.Skip(sStride * k), Is.All.EqualTo(-1.5e300));
    }
}
