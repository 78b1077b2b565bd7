namespace Descent.Core.Tests;

/// <summary>
/// <see cref="GridLoss.Plane"/> against the scalar reference (the loss at the materialised weight vector C + a·U + b·V,
/// row by row) and against the gradient kernel a batch-GD epoch runs, for every row count from 0 to 67 and block
/// edges beyond, 1 to 5 columns, one and three outputs, both losses; a sentinel after the output catches overruns.
/// </summary>
public class GridLossTests
{
    static readonly int[] Lengths = Enumerable.Range(0, 68).Concat(new[] { 127, 128, 129, 500, 513, 1025 }).ToArray();
    const double Sentinel = -12345.678;
    static readonly double[] A = { -2.5, -0.75, 0.0, 1.25, 3.0 };
    static readonly double[] B = { -1.5, 0.0, 0.5, 2.0 };

    sealed record Case(int Rows, int Columns, int Outputs, double[] X, double[] Y, double[] C, double[] U, double[] V);

    static Case Make(int rows, int columns, int outputs, int seed)
    {
        var rng = new RandomState((uint)seed);
        var x = new double[rows * columns];
        rng.FillNormal(x, 0, 2);
        for (int i = 0; i < rows; i++) x[(columns - 1) * rows + i] = 1.0; // the bias column
        var y = new double[rows * outputs];
        for (int i = 0; i < rows; i++) y[(int)(rng.NextDouble() * outputs) * rows + i] = outputs == 1 ? (rng.NextDouble() < 0.5 ? 1 : 0) : 1;
        double[] Vec() { var v = new double[columns * outputs]; rng.FillNormal(v, 0, 1); return v; }
        return new Case(rows, columns, outputs, x, y, Vec(), Vec(), Vec());
    }

    static double[] Plane(LossKind loss, Case c, int threads)
    {
        var losses = Enumerable.Repeat(Sentinel, A.Length * B.Length + 3).ToArray();
        GridLoss.Plane(loss, ColumnMajorRows<double>.Whole(c.X, c.Rows, c.Columns), ColumnMajorRows<double>.Whole(c.Y, c.Rows, c.Outputs),
            c.C, c.U, c.V, A, B, losses.AsSpan(0, A.Length * B.Length), threads);
        Assert.That(losses.Skip(A.Length * B.Length), Is.All.EqualTo(Sentinel), "wrote past the grid");
        return losses.Take(A.Length * B.Length).ToArray();
    }

    static double[] At(Case c, double a, double b) => c.C.Select((w, j) => w + a * c.U[j] + b * c.V[j]).ToArray();

    static IEnumerable<TestCaseData> Cases()
    {
        foreach (var loss in new[] { LossKind.SquaredError, LossKind.LogLoss })
            foreach (var n in Lengths)
                foreach (var (columns, outputs) in new[] { (1, 1), (3, 1), (5, 1), (3, 3), (4, 2) })
                    yield return new TestCaseData(loss, n, columns, outputs);
    }

    [TestCaseSource(nameof(Cases))]
    public void EveryPointIsTheScalarReferenceLoss(LossKind loss, int rows, int columns, int outputs)
    {
        var c = Make(rows, columns, outputs, rows * 31 + columns * 7 + outputs);
        var grid = Plane(loss, c, 1);
        for (int r = 0; r < B.Length; r++)
            for (int k = 0; k < A.Length; k++)
            {
                var (expected, _) = ScalarReference.Gradient(loss, c.X, c.Y, rows, columns, outputs, At(c, A[k], B[r]));
                Assert.That(grid[r * A.Length + k], rows == 0 ? Is.EqualTo(0.0) : Is.EqualTo(expected).Within(1e-12 * Math.Abs(expected)),
                    $"a={A[k]} b={B[r]}");
            }
    }

    [TestCaseSource(nameof(Cases))]
    public void EveryPointIsTheLossAGdEpochReports(LossKind loss, int rows, int columns, int outputs)
    {
        var c = Make(rows, columns, outputs, rows * 17 + columns + outputs * 5);
        var grid = Plane(loss, c, 1);
        var g = new double[columns * outputs];
        var scratch = new double[FusedGradient.BlockRows];
        for (int r = 0; r < B.Length; r++)
            for (int k = 0; k < A.Length; k++)
            {
                double expected = FusedGradient.Compute<double>(loss, ColumnMajorRows<double>.Whole(c.X, rows, columns),
                    ColumnMajorRows<double>.Whole(c.Y, rows, outputs), At(c, A[k], B[r]), g, scratch);
                Assert.That(grid[r * A.Length + k], Is.EqualTo(expected).Within(1e-12 * Math.Abs(expected)), $"a={A[k]} b={B[r]}");
            }
    }

    /// <summary>
    /// The losses without a grid kernel of their own (point by point through the gradient kernel), with K outputs
    /// too: softmax and the multi-class hinge need a row's K scores together, so the kernel's scratch holds K blocks.
    /// </summary>
    [TestCase(LossKind.Softmax, 3)]
    [TestCase(LossKind.Hinge, 3)]
    [TestCase(LossKind.Hinge, 1)]
    [TestCase(LossKind.ModifiedHuber, 2)]
    public void APointByPointLossIsTheLossAGdEpochReports(LossKind loss, int outputs)
    {
        var c = Make(300, 3, outputs, 11);
        var grid = Plane(loss, c, 1);
        var g = new double[3 * outputs];
        var scratch = new double[FusedGradient.ScratchLength<double>(outputs)];
        for (int r = 0; r < B.Length; r++)
            for (int k = 0; k < A.Length; k++)
            {
                double expected = FusedGradient.Compute<double>(loss, ColumnMajorRows<double>.Whole(c.X, 300, 3),
                    ColumnMajorRows<double>.Whole(c.Y, 300, outputs), At(c, A[k], B[r]), g, scratch);
                Assert.That(grid[r * A.Length + k], Is.EqualTo(expected), $"a={A[k]} b={B[r]}");
            }
    }

    [TestCase(LossKind.SquaredError, 500)]
    [TestCase(LossKind.LogLoss, 129)]
    public void ThreadsDoNotChangeAnyNumber(LossKind loss, int rows)
    {
        var c = Make(rows, 3, 1, 5);
        Assert.That(Plane(loss, c, 2), Is.EqualTo(Plane(loss, c, 1)));
    }

    [Test]
    public void AnOverflowingScoreLeavesTheSquaredErrorFinite()
    {
        // Scores of ±1e300 saturate σ: the squared error stays in [0, rows].
        var c = Make(8, 2, 1, 3) with { U = new[] { 1e300, 0.0 }, V = new[] { 0.0, 0.0 } };
        Assert.That(Plane(LossKind.SquaredError, c, 1), Is.All.InRange(0.0, 8.0));
    }

    [Test]
    public void ShapesThatDoNotMatchAreRefused()
    {
        var c = Make(10, 3, 1, 1);
        Assert.Throws<ArgumentException>(() => GridLoss.Plane(LossKind.SquaredError, ColumnMajorRows<double>.Whole(c.X, 10, 3),
            ColumnMajorRows<double>.Whole(c.Y, 10, 1), c.C, c.U, new double[2], A, B, new double[A.Length * B.Length]));
        Assert.Throws<ArgumentException>(() => GridLoss.Plane(LossKind.SquaredError, ColumnMajorRows<double>.Whole(c.X, 10, 3),
            ColumnMajorRows<double>.Whole(c.Y, 10, 1), c.C, c.U, c.V, A, B, new double[3]));
    }
}
