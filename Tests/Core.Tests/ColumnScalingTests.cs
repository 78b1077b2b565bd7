namespace Descent.Core.Tests;

/// <summary>
/// ColumnScaling against one column at a time by the plain loops (the corrected two-pass mean and variance, each sum in
/// row order; (v − offset) / scale), bit for bit, for every column count up to nine (groups of four and their
/// remainders), lengths 0..67 and a matrix big enough for the parallel path.
/// </summary>
public class ColumnScalingTests
{
    static double[] Matrix(int rows, int columns, int extra, uint seed)
    {
        var rng = new RandomState(seed);
        var data = new double[rows * columns + extra];
        for (int j = 0; j < columns; j++)
        {
            double mean = rng.Uniform(-1e3, 1e3), spread = Math.Pow(10, rng.Uniform(-3, 3));
            for (int i = 0; i < rows; i++) data[j * rows + i] = rng.Normal(mean, spread);
        }
        for (int k = rows * columns; k < data.Length; k++) data[k] = 1.0;
        return data;
    }

    static (double Mean, double Variance) Reference(double[] data, int start, int rows)
    {
        double n = rows, sum = 0;
        for (int i = 0; i < rows; i++) sum += data[start + i];
        double mean = sum / n, correction = 0, squares = 0;
        for (int i = 0; i < rows; i++)
        {
            double t = data[start + i] - mean;
            correction += t;
            squares += t * t;
        }
        return (mean, (squares - correction * correction / n) / n);
    }

    static IEnumerable<TestCaseData> Shapes()
    {
        for (int columns = 0; columns <= 9; columns++)
            foreach (int rows in new[] { 1, 2, 3, 5, 8, 17, 67 })
                yield return new TestCaseData(rows, columns);
        yield return new TestCaseData(70_001, 7); // 490,007 values: four-column groups on all cores
        yield return new TestCaseData(40_000, 13);
    }

    [TestCaseSource(nameof(Shapes))]
    public void MeanAndVarianceEqualOneColumnAtATime(int rows, int columns)
    {
        var data = Matrix(rows, columns, rows, (uint)(rows * 31 + columns));
        var means = new double[columns];
        var variances = new double[columns];
        ColumnScaling.MeanVariance(data, rows, columns, means, variances);
        for (int j = 0; j < columns; j++)
        {
            var (mean, variance) = Reference(data, j * rows, rows);
            Assert.That(BitConverter.DoubleToInt64Bits(means[j]), Is.EqualTo(BitConverter.DoubleToInt64Bits(mean)), $"mean of column {j}");
            Assert.That(BitConverter.DoubleToInt64Bits(variances[j]), Is.EqualTo(BitConverter.DoubleToInt64Bits(variance)), $"variance of column {j}");
        }
    }

    [Test]
    public void MeanAndVarianceAreNotSwappedBetweenColumns()
    {
        // Column j holds j + i/10: means j + 0.3 (i = 0..6), the same variance 0.04 for all.
        int rows = 7, columns = 6;
        var data = new double[rows * columns];
        for (int j = 0; j < columns; j++)
            for (int i = 0; i < rows; i++) data[j * rows + i] = j + i / 10.0;
        var means = new double[columns];
        var variances = new double[columns];
        ColumnScaling.MeanVariance(data, rows, columns, means, variances);
        for (int j = 0; j < columns; j++)
        {
            Assert.That(means[j], Is.EqualTo(j + 0.3).Within(1e-12));
            Assert.That(variances[j], Is.EqualTo(0.04).Within(1e-12));
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void ScaleEqualsOneValueAtATimeAndLeavesTheBiasColumn(int rows, int columns)
    {
        var data = Matrix(rows, columns, rows, (uint)(rows * 17 + columns));
        var expected = (double[])data.Clone();
        var rng = new RandomState(3u);
        var offsets = new double[columns];
        var scales = new double[columns];
        for (int j = 0; j < columns; j++)
        {
            offsets[j] = rng.Uniform(-10, 10);
            scales[j] = rng.Uniform(0.1, 10);
            for (int i = 0; i < rows; i++) expected[j * rows + i] = (expected[j * rows + i] - offsets[j]) / scales[j];
        }
        ColumnScaling.Scale(data, rows, columns, offsets, scales);
        for (int k = 0; k < data.Length; k++)
            if (BitConverter.DoubleToInt64Bits(data[k]) != BitConverter.DoubleToInt64Bits(expected[k]))
                Assert.Fail($"value {k} (column {(rows == 0 ? 0 : k / rows)}): {data[k]:R}, expected {expected[k]:R}");
    }

    [Test]
    public void ShapesThatDoNotFitAreRefused()
    {
        Assert.Throws<ArgumentException>(() => ColumnScaling.MeanVariance(new double[5], 3, 2, new double[2], new double[2]));
        Assert.Throws<ArgumentException>(() => ColumnScaling.Scale(new double[6], 3, 2, new double[1], new double[2]));
    }
}
