namespace Descent.Core;

public static partial class UpdateRules
{
    /// <summary>g += λ·W for every weight but the bias (the last of each output's <paramref name="features"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddL2<T>(Span<T> g, ReadOnlySpan<T> w, T lambda, int features) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLengths(w.Length, g.Length);
        CheckShape(w.Length, features);
        for (int i = 0; i < w.Length; i++)
            if (i % features != features - 1) g[i] += lambda * w[i];
    }

    /// <summary>½·λ·‖W‖² over every weight but the bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double L2Penalty<T>(ReadOnlySpan<T> w, double lambda, int features) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShape(w.Length, features);
        double sum = 0;
        for (int i = 0; i < w.Length; i++)
            if (i % features != features - 1)
            {
                double v = double.CreateTruncating(w[i]);
                sum += v * v;
            }
        return 0.5 * lambda * sum;
    }
}
