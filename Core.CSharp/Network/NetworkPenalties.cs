namespace Descent.Core;

/// <summary>
/// The penalties of <see cref="UpdateRules.AddL2{T}"/>, <see cref="L1"/> and AdamW's decoupled decay over a network's
/// flat weights, on every layer's non-bias rows only (<see cref="NetworkLayout.NonBias"/>), never the bias rows:
/// ½·λ₂·‖w‖² (gradient λ₂·w), λ₁·‖w‖₁ with its proximal step w ← sign(w)·max(|w| − τ, 0), and w ← w·(1 − α·λ).
/// </summary>
public static class NetworkPenalties
{
    /// <summary>½·λ·Σ w² over the non-bias rows.</summary>
    public static double L2<T>(NetworkLayout layout, ReadOnlySpan<T> w, double lambda) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int l = 0; l < layout.Layers; l++)
        {
            var (start, length) = layout.NonBias(l);
            foreach (var v in w.Slice(start, length))
            {
                double d = double.CreateTruncating(v);
                sum += d * d;
            }
        }
        return 0.5 * lambda * sum;
    }

    /// <summary>g += λ·w over the non-bias rows.</summary>
    public static void AddL2<T>(NetworkLayout layout, Span<T> g, ReadOnlySpan<T> w, T lambda) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int l = 0; l < layout.Layers; l++)
        {
            var (start, length) = layout.NonBias(l);
            var gl = g.Slice(start, length);
            var wl = w.Slice(start, length);
            for (int i = 0; i < gl.Length; i++) gl[i] += lambda * wl[i];
        }
    }

    /// <summary>λ·Σ |w| over the non-bias rows.</summary>
    public static double L1<T>(NetworkLayout layout, ReadOnlySpan<T> w, double lambda) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int l = 0; l < layout.Layers; l++)
        {
            var (start, length) = layout.NonBias(l);
            foreach (var v in w.Slice(start, length)) sum += Math.Abs(double.CreateTruncating(v));
        }
        return lambda * sum;
    }

    /// <summary>w ← sign(w)·max(|w| − τ, 0) over the non-bias rows (torch's <c>sign(w) * clamp(|w| − τ, min=0)</c>).</summary>
    public static void SoftThreshold<T>(NetworkLayout layout, Span<T> w, T threshold) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (T.IsNegative(threshold) || !T.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be finite and >= 0.");
        for (int l = 0; l < layout.Layers; l++)
        {
            var (start, length) = layout.NonBias(l);
            foreach (ref var v in w.Slice(start, length))
                v = T.CreateTruncating(T.Sign(v)) * T.Max(T.Abs(v) - threshold, T.Zero);
        }
    }

    /// <summary>w ← w·factor over the non-bias rows (AdamW's decoupled decay, factor = 1 − α·λ).</summary>
    public static void Scale<T>(NetworkLayout layout, Span<T> w, T factor) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var scale = new ScaleStep<T>(factor);
        for (int l = 0; l < layout.Layers; l++)
        {
            var (start, length) = layout.NonBias(l);
            var wl = w.Slice(start, length);
            Update.Apply(scale, wl, wl, default, default, default);
        }
    }

    /// <summary>How many non-bias weights are exactly zero.</summary>
    public static int Zeros<T>(NetworkLayout layout, ReadOnlySpan<T> w) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = 0;
        for (int l = 0; l < layout.Layers; l++)
        {
            var (start, length) = layout.NonBias(l);
            foreach (var v in w.Slice(start, length)) if (v == T.Zero) count++;
        }
        return count;
    }
}
