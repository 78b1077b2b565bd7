using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// In-place parameter updates after a gradient g at learning rate α (the Keras / CS231n velocity forms):
/// plain <c>W += −α·g</c>; momentum <c>v ← μv − αg, W += v</c>; Nesterov <c>v ← μv − αg, W += μv − αg</c>.
/// With a constant α PyTorch's forms trace the same path.
/// Each is vectorized with exactly the scalar formula's operations (no fused multiply-add), so results do not depend
/// on the vector width, and compiled fully optimized from the first call: a short run never waits for tiered JIT.
/// </summary>
public static class UpdateRules
{
    /// <summary>W += −α·g (the lesson's <c>W += -alpha * gradient</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Plain<T>(Span<T> w, ReadOnlySpan<T> g, T alpha) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLengths(w.Length, g.Length);
        T step = -alpha;
        int i = 0, lanes = Vector256<T>.Count;
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T gr = ref MemoryMarshal.GetReference(g);
        var vstep = Vector256.Create(step);
        for (; i <= w.Length - lanes; i += lanes)
            (Vector256.LoadUnsafe(ref wr, (nuint)i) + vstep * Vector256.LoadUnsafe(ref gr, (nuint)i)).StoreUnsafe(ref wr, (nuint)i);
        for (; i < w.Length; i++) w[i] += step * g[i];
    }

    /// <summary>v ← μ·v − α·g; W += v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum<T>(Span<T> w, Span<T> velocity, ReadOnlySpan<T> g, T alpha, T mu) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => VelocityStep(w, velocity, g, alpha, mu, nesterov: false);

    /// <summary>v ← μ·v − α·g; W += μ·v − α·g (Nesterov's look-ahead in velocity form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Nesterov<T>(Span<T> w, Span<T> velocity, ReadOnlySpan<T> g, T alpha, T mu) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => VelocityStep(w, velocity, g, alpha, mu, nesterov: true);

    /// <summary>v ← μ·v − α·g, then W += v (momentum) or W += μ·v − α·g (Nesterov).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void VelocityStep<T>(Span<T> w, Span<T> velocity, ReadOnlySpan<T> g, T alpha, T mu, bool nesterov) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLengths(w.Length, g.Length);
        CheckLengths(w.Length, velocity.Length);
        int i = 0, lanes = Vector256<T>.Count;
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T vr = ref MemoryMarshal.GetReference(velocity);
        ref T gr = ref MemoryMarshal.GetReference(g);
        Vector256<T> va = Vector256.Create(alpha), vmu = Vector256.Create(mu);
        for (; i <= w.Length - lanes; i += lanes)
        {
            var step = va * Vector256.LoadUnsafe(ref gr, (nuint)i);
            var v = vmu * Vector256.LoadUnsafe(ref vr, (nuint)i) - step;
            v.StoreUnsafe(ref vr, (nuint)i);
            (Vector256.LoadUnsafe(ref wr, (nuint)i) + (nesterov ? vmu * v - step : v)).StoreUnsafe(ref wr, (nuint)i);
        }
        for (; i < w.Length; i++)
        {
            velocity[i] = mu * velocity[i] - alpha * g[i];
            w[i] += nesterov ? mu * velocity[i] - alpha * g[i] : velocity[i];
        }
    }

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
