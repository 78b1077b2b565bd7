namespace Descent.Core.Tests;

/// <summary>
/// The losses beyond the sigmoid unit, row by row in plain double arithmetic: the oracle for the vector kernels.
/// Targets as <see cref="LossKind"/> encodes them: a signed weight t = c·(±1) per output for the margin losses, a
/// weighted one-hot row for softmax and the multi-class hinge.
/// </summary>
internal static class LossScalarReference
{
    /// <summary>One row's loss and ∂ℓ/∂z for its K scores z and targets t.</summary>
    public static double Row(LossKind loss, double[] z, double[] t, double[] d)
    {
        int k = z.Length;
        switch (loss)
        {
            case LossKind.Softmax:
            {
                double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max)), c = t.Sum(), logSum = Math.Log(sum) + max, total = 0;
                for (int j = 0; j < k; j++)
                {
                    d[j] = c * Math.Exp(z[j] - max) / sum - t[j];
                    total += t[j] * (logSum - z[j]);
                }
                return total;
            }
            case LossKind.Hinge when k > 1:
            {
                int y = Array.FindIndex(t, v => v > 0);
                double c = t[y], total = 0;
                int count = 0;
                for (int j = 0; j < k; j++)
                {
                    d[j] = 0;
                    if (j == y) continue;
                    double m = z[j] - z[y] + 1;
                    if (m > 0) { total += m; d[j] = c; count++; }
                }
                d[y] = -c * count;
                return c * total;
            }
            default:
            {
                double total = 0;
                for (int j = 0; j < k; j++)
                {
                    double c = Math.Abs(t[j]), s = Math.Sign(t[j]), m = s * z[j];
                    (double l, double dm) = loss switch
                    {
                        LossKind.Hinge => m < 1 ? (1 - m, -1.0) : (0.0, 0.0),
                        LossKind.SquaredHinge => m < 1 ? ((1 - m) * (1 - m), -2 * (1 - m)) : (0.0, 0.0),
                        LossKind.ModifiedHuber => m >= -1 ? (m < 1 ? ((1 - m) * (1 - m), -2 * (1 - m)) : (0.0, 0.0)) : (-4 * m, -4.0),
                        LossKind.Perceptron => m < 0 ? (-m, -1.0) : (0.0, 0.0),
                        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
                    };
                    total += c * l;
                    d[j] = c * s * dm;
                }
                return total;
            }
        }
    }

    /// <summary>Σ rows' losses and G = Xᵀ D; column-major X and targets, class-major W.</summary>
    public static (double Loss, double[] Gradient) Gradient(LossKind loss, double[] x, double[] t, int rows, int features, int outputs, double[] w)
    {
        var g = new double[features * outputs];
        var z = new double[outputs];
        var tr = new double[outputs];
        var d = new double[outputs];
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < outputs; k++)
            {
                z[k] = 0;
                for (int j = 0; j < features; j++) z[k] += x[j * rows + i] * w[k * features + j];
                tr[k] = t[k * rows + i];
            }
            total += Row(loss, z, tr, d);
            for (int k = 0; k < outputs; k++)
                for (int j = 0; j < features; j++) g[k * features + j] += x[j * rows + i] * d[k];
        }
        return (total, g);
    }

    /// <summary>
    /// Random rows (bias column last), weights and targets of <paramref name="loss"/>'s encoding with class weights
    /// 0.5, 1 and 2.5 by row.
    /// </summary>
    public static (double[] X, double[] T, double[] W) Problem(LossKind loss, int n, int d, int k, double scale = 3)
    {
        var rng = new RandomState((uint)(n * 131 + d * 7 + k + 1000 * (int)loss));
        var x = new double[n * d];
        rng.FillNormal(x, 0, scale);
        for (int i = 0; i < n; i++) x[(d - 1) * n + i] = 1.0;
        double[] weights = [0.5, 1.0, 2.5];
        var t = new double[n * k];
        bool rowWise = LossKinds.IsRowWise(loss, k);
        for (int i = 0; i < n; i++)
        {
            double c = weights[i % 3];
            if (rowWise) t[(int)rng.RandomInterval((ulong)(k - 1)) * n + i] = c;
            else for (int j = 0; j < k; j++) t[j * n + i] = rng.NextDouble() > 0.5 ? c : -c;
        }
        var w = new double[d * k];
        rng.FillStandardNormal(w);
        return (x, t, w);
    }
}
