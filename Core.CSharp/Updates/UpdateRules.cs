namespace Descent.Core;

/// <summary>
/// In-place parameter updates after a gradient g at learning rate α, each an operator on the <see cref="Update"/>
/// driver: plain <c>W += −α·g</c> (<see cref="PlainStep{T}"/>); momentum <c>v ← μv + g, W += −α·v</c>
/// (<see cref="VelocityStep{T, TNesterov}"/>, torch's form); Nesterov <c>v ← μv + g, W += −α·(g + μv)</c> (the same,
/// look-ahead on).
/// Each is vectorized with exactly the scalar formula's operations (no fused multiply-add), so results do not depend
/// on the vector width.
/// </summary>
public static partial class UpdateRules
{
    /// <summary>W += −α·g (the lesson's <c>W += -alpha * gradient</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Plain<T>(Span<T> w, ReadOnlySpan<T> g, T alpha) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Update.Apply(new PlainStep<T>(alpha), w, g, default, default, default);

    /// <summary>v ← μ·v + g; W += −α·v (torch <c>SGD(momentum=μ)</c>; <paramref name="velocity"/> is torch's momentum buffer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum<T>(Span<T> w, Span<T> velocity, ReadOnlySpan<T> g, T alpha, T mu) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Update.Apply(new VelocityStep<T, No>(alpha, mu), w, g, velocity, default, default);

    /// <summary>v ← μ·v + g; W += −α·(g + μ·v) (torch <c>SGD(momentum=μ, nesterov=True)</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Nesterov<T>(Span<T> w, Span<T> velocity, ReadOnlySpan<T> g, T alpha, T mu) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Update.Apply(new VelocityStep<T, Yes>(alpha, mu), w, g, velocity, default, default);

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
