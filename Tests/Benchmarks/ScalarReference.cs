using System.Numerics;

namespace Descent.Benchmarks;

/// <summary>
/// The plain loops the fast kernels are measured against (the Baseline rows): row by row, z = x·w, p = 1/(1 + e^−z)
/// as the lesson writes it, the squared error and its derivative, g += x·d. Column-major X, class-major W, K = 1.
/// </summary>
public static class ScalarReference
{
    public static double Gradient<T>(T[] x, T[] y, int stride, int start, int rows, int columns, T[] w, T[] g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Array.Clear(g);
        double loss = 0;
        for (int i = start; i < start + rows; i++)
        {
            T z = T.Zero;
            for (int j = 0; j < columns; j++) z += x[j * stride + i] * w[j];
            T p = T.One / (T.One + T.Exp(-z));
            T e = p - y[i];
            loss += double.CreateTruncating(e * e);
            T d = e * p * (T.One - p);
            for (int j = 0; j < columns; j++) g[j] += x[j * stride + i] * d;
        }
        return loss;
    }

    /// <summary>One epoch of the lesson's update (W −= α·g) over consecutive batches; GD is one batch of all rows.</summary>
    public static double Epoch<T>(T[] x, T[] y, int rows, int columns, T[] w, T[] g, int batchSize, T alpha)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double total = 0;
        int batches = 0;
        for (int start = 0; start < rows; start += batchSize)
        {
            total += Gradient(x, y, rows, start, Math.Min(batchSize, rows - start), columns, w, g);
            for (int j = 0; j < columns; j++) w[j] -= alpha * g[j];
            batches++;
        }
        return total / batches;
    }
}
