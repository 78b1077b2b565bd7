using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// The one σ of the library, σ(z) = 1 / (1 + e^−z), computed stably from e = e^−|z| (<see cref="ClampedExp"/>):
/// σ = 1/(1+e) for z ≥ 0 and e/(1+e) for z &lt; 0, so no input overflows (numpy's 1/(1+np.exp(-z)) does for
/// z &lt; −709). The exponent's clamp makes σ(z) = σ(−708.39) ≈ 2.2e−308 for every z below −708.39 (float:
/// σ(−87.33) ≈ 1.2e−38 below −87.33) instead of the true subnormal or zero value; elsewhere the relative error is a
/// few ulps. Results lie in (0, 1]; NaN gives NaN.
/// </summary>
public readonly struct SigmoidOperator<T> : IUnaryOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> z) => FromExp(z, ClampedExp.Of(-Vector256.Abs(z)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T z) => Invoke(Vector256.Create(z)).GetElement(0);

    /// <summary>σ(z) given e = e^−|z| (the log loss needs e too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> FromExp(Vector256<T> z, Vector256<T> e)
    {
        var r = Vector256<T>.One / (Vector256<T>.One + e);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(z, Vector256<T>.Zero), r, e * r);
    }
}
