using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// Turns a sigmoid unit's output into a 0/1 class: 1 where p &gt; 0.5, else 0 (the lesson's rule).
/// <see cref="Scores"/> applies the same rule to scores (z &gt; 0 ⇔ σ(z) &gt; 0.5) without the rounding of σ near 0.
/// </summary>
public static class Threshold
{
    /// <summary>destination[i] = p[i] &gt; 0.5 ? 1 : 0 (NaN gives 0).</summary>
    public static void Probabilities<T>(ReadOnlySpan<T> p, Span<T> destination) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary.Apply<ProbabilityThresholdOperator<T>, T>(p, destination);

    /// <summary>destination[i] = z[i] &gt; 0 ? 1 : 0 (NaN gives 0).</summary>
    public static void Scores<T>(ReadOnlySpan<T> z, Span<T> destination) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary.Apply<ScoreThresholdOperator<T>, T>(z, destination);
}

public readonly struct ProbabilityThresholdOperator<T> : IUnaryOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static readonly T Half = T.One / (T.One + T.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> p) => Vector256.GreaterThan(p, Vector256.Create(Half)) & Vector256<T>.One;
}

public readonly struct ScoreThresholdOperator<T> : IUnaryOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> z) => Vector256.GreaterThan(z, Vector256<T>.Zero) & Vector256<T>.One;
}
