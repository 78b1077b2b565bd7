namespace Descent.Core.Tests;

/// <summary>Plain, obviously correct loops: the oracle the vectorized kernels are tested against.</summary>
internal static class ScalarReference
{
    public static double Sigmoid(double z) => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));

    /// <summary>Row by row: z = x·w, p = σ(z), the loss and its derivative, G += x·d. Column-major X and Y, class-major W.</summary>
    public static (double Loss, double[] Gradient) Gradient(LossKind loss, double[] x, double[] y, int rows, int features, int outputs, double[] w)
    {
        var g = new double[features * outputs];
        double total = 0;
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < outputs; k++)
            {
                double z = 0;
                for (int j = 0; j < features; j++) z += x[j * rows + i] * w[k * features + j];
                double p = Sigmoid(z), t = y[k * rows + i], d;
                if (loss == LossKind.SquaredError)
                {
                    double e = p - t;
                    total += e * e;
                    d = e * p * (1 - p);
                }
                else
                {
                    total += Math.Max(z, 0) - t * z + Math.Log(1 + Math.Exp(-Math.Abs(z)));
                    d = p - t;
                }
                for (int j = 0; j < features; j++) g[k * features + j] += x[j * rows + i] * d;
            }
        return (total, g);
    }
}
