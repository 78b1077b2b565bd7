using System.Numerics;

namespace Descent.Core;

/// <summary>
/// In-place parameter updates after a gradient g at learning rate α (the Keras / CS231n velocity forms):
/// plain <c>W += −α·g</c>; momentum <c>v ← μv − αg, W += v</c>; Nesterov <c>v ← μv − αg, W += μv − αg</c>.
/// With a constant α PyTorch's forms trace the same path.
/// </summary>
public static class UpdateRules
{
    /// <summary>W += −α·g (the lesson's <c>W += -alpha * gradient</c>).</summary>
    public static void Plain<T>(Span<T> w, ReadOnlySpan<T> g, T alpha) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLengths(w.Length, g.Length);
        T step = -alpha;
        for (int i = 0; i < w.Length; i++) w[i] += step * g[i];
    }

    /// <summary>v ← μ·v − α·g; W += v.</summary>
    public static void Momentum<T>(Span<T> w, Span<T> velocity, ReadOnlySpan<T> g, T alpha, T mu) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLengths(w.Length, g.Length);
        CheckLengths(w.Length, velocity.Length);
        for (int i = 0; i < w.Length; i++)
        {
            velocity[i] = mu * velocity[i] - alpha * g[i];
            w[i] += velocity[i];
        }
    }

    /// <summary>v ← μ·v − α·g; W += μ·v − α·g (Nesterov's look-ahead in velocity form).</summary>
    public static void Nesterov<T>(Span<T> w, Span<T> velocity, ReadOnlySpan<T> g, T alpha, T mu) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLengths(w.Length, g.Length);
        CheckLengths(w.Length, velocity.Length);
        for (int i = 0; i < w.Length; i++)
        {
            velocity[i] = mu * velocity[i] - alpha * g[i];
            w[i] += mu * velocity[i] - alpha * g[i];
        }
    }

    /// <summary>g += λ·W for every weight but the bias (the last of each output's <paramref name="features"/>).</summary>
    public static void AddL2<T>(Span<T> g, ReadOnlySpan<T> w, T lambda, int features) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLengths(w.Length, g.Length);
        CheckShape(w.Length, features);
        for (int i = 0; i < w.Length; i++)
            if (i % features != features - 1) g[i] += lambda * w[i];
    }

    /// <summary>½·λ·‖W‖² over every weight but the bias.</summary>
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

    static void CheckLengths(int expected, int actual)
    {
        if (expected != actual) throw new ArgumentException($"Length {actual} does not match the weights' {expected}.");
    }

    static void CheckShape(int length, int features)
    {
        if (features <= 0 || length % features != 0)
            throw new ArgumentException($"{length} weights are not a whole number of outputs of {features} features.");
    }
}
