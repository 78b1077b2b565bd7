namespace Descent.Core;

/// <summary>
/// The L1 penalty λ·‖W‖₁ as a proximal step, over every weight but the bias (the last of each output's
/// <c>features</c>, W class-major): the objective term, the soft-threshold that follows each update, and the count of
/// weights it has set exactly to zero. W is d×K, small: plain loops, no allocation.
/// </summary>
public static class L1
{
    /// <summary>λ·Σ |w| over every weight but the bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Penalty<T>(ReadOnlySpan<T> w, double lambda, int features) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShape(w.Length, features);
        double sum = 0;
        for (int i = 0; i < w.Length; i++)
            if (i % features != features - 1) sum += Math.Abs(double.CreateTruncating(w[i]));
        return lambda * sum;
    }

    /// <summary>
    /// w ← sign(w)·max(|w| − τ, 0) for every weight but the bias: the proximal map of τ·‖w‖₁ (τ = rate·λ), torch's
    /// <c>sign(w) * clamp(|w| − τ, min=0)</c>, so a weight within τ of zero becomes exactly zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftThreshold<T>(Span<T> w, T threshold, int features) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShape(w.Length, features);
        if (T.IsNegative(threshold) || !T.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be finite and >= 0.");
        for (int i = 0; i < w.Length; i++)
            if (i % features != features - 1)
                w[i] = T.CreateTruncating(T.Sign(w[i])) * T.Max(T.Abs(w[i]) - threshold, T.Zero);
    }

    /// <summary>How many weights but the biases are exactly zero.</summary>
    public static int Zeros<T>(ReadOnlySpan<T> w, int features) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShape(w.Length, features);
        int count = 0;
        for (int i = 0; i < w.Length; i++)
            if (i % features != features - 1 && w[i] == T.Zero) count++;
        return count;
    }

    static void CheckShape(int length, int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (length % features != 0) throw new ArgumentException($"W has {length} elements, not a multiple of {features} features.");
    }
}
