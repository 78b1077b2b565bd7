using System.Numerics;
using Descent.Core;

namespace Descent.Reference;

/// <summary>
/// Plain, obviously correct loops, compiled into both the tests (the oracle the vectorized kernels are tested against)
/// and the benchmarks (the Baseline rows): row by row, z = x·w, p = σ(z) = 1/(1 + e^−z) as the lesson writes it, the
/// loss and its derivative, g += x·d. Column-major X and Y (column j of rows [start, start + rows) at
/// <c>j·stride + start</c>), class-major W.
/// </summary>
public static class ScalarReference
{
    /// <summary>σ(z) = 1/(1 + e^−z) in double (e^−z overflows to ∞ for z &lt; −709, which gives 0).</summary>
    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>The loss (returned) and its gradient (written to <paramref name="g"/>), in <typeparamref name="T"/> arithmetic.</summary>
    public static double Gradient<T>(LossKind loss, T[] x, T[] y, int stride, int start, int rows, int features, int outputs, T[] w, T[] g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Array.Clear(g);
        double total = 0;
        for (int i = start; i < start + rows; i++)
            for (int k = 0; k < outputs; k++)
            {
                T z = T.Zero;
                for (int j = 0; j < features; j++) z += x[j * stride + i] * w[k * features + j];
                T p = T.One / (T.One + T.Exp(-z)), t = y[k * stride + i], d;
                if (loss == LossKind.SquaredError)
                {
                    T e = p - t;
                    total += double.CreateTruncating(e * e);
                    d = e * p * (T.One - p);
                }
                else
                {
                    total += double.CreateTruncating(T.Max(z, T.Zero) - t * z + T.Log(T.One + T.Exp(-T.Abs(z))));
                    d = p - t;
                }
                for (int j = 0; j < features; j++) g[k * features + j] += x[j * stride + i] * d;
            }
        return total;
    }

    /// <summary>Every row of a column-major X of <paramref name="rows"/> rows, in double: the loss and a new gradient.</summary>
    public static (double Loss, double[] Gradient) Gradient(LossKind loss, double[] x, double[] y, int rows, int features, int outputs, double[] w)
    {
        var g = new double[features * outputs];
        return (Gradient(loss, x, y, rows, 0, rows, features, outputs, w, g), g);
    }

    /// <summary>One epoch of the lesson's update (W −= α·g) over consecutive batches, squared error, one output; GD is one batch of all rows.</summary>
    public static double Epoch<T>(T[] x, T[] y, int rows, int columns, T[] w, T[] g, int batchSize, T alpha)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double total = 0;
        int batches = 0;
        for (int start = 0; start < rows; start += batchSize)
        {
            total += Gradient(LossKind.SquaredError, x, y, rows, start, Math.Min(batchSize, rows - start), columns, 1, w, g);
            for (int j = 0; j < columns; j++) w[j] -= alpha * g[j];
            batches++;
        }
        return total / batches;
    }
}
