using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// The logistic sigmoid σ(z) = 1 / (1 + e^-z), computed stably as e = e^-|z|, σ = 1/(1+e) for z ≥ 0 and e/(1+e)
/// for z &lt; 0, so no finite input overflows (numpy's 1/(1+np.exp(-z)) overflows for z &lt; -709).
/// Results lie in [0, 1]; NaN gives NaN.
/// </summary>
public static class Sigmoid
{
    /// <summary>σ(z) for one value.</summary>
    public static T Of<T>(T z) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary.Apply<SigmoidOperator<T>, T>(z);

    /// <summary>Writes σ(z[i]) to <paramref name="destination"/>[i]; in place is allowed.</summary>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> destination) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary.Apply<SigmoidOperator<T>, T>(z, destination);
}

/// <summary>Vector form of <see cref="Sigmoid"/>.</summary>
public readonly struct SigmoidOperator<T> : IUnaryOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> z) => FromExp(z, VectorMath.Exp(-Vector256.Abs(z)));

    /// <summary>σ(z) given e = e^-|z| (shared with the fused losses, which also need e).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> FromExp(Vector256<T> z, Vector256<T> e)
    {
        var r = Vector256<T>.One / (Vector256<T>.One + e);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(z, Vector256<T>.Zero), r, e * r);
    }
}
