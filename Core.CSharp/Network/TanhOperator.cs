namespace Descent.Core;

/// <summary>
/// The hyperbolic tangent a = tanh z = (1 − e) / (1 + e) with e = e^−2z (<see cref="ClampedExp"/>), derivative
/// f′ = 1 − a². The clamp makes a = ±1 exactly for |z| ≳ 350 (float: 40) and keeps every value finite; near z = 0 the
/// absolute error is a few ulps of 1 (about 1e−16, float 1e−7), which is all a layer's sums can see. NaN gives NaN.
/// </summary>
public readonly struct TanhOperator<T> : IActivationOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> z)
    {
        var e = ClampedExp.Of(-(z + z));
        return (Vector256<T>.One - e) / (Vector256<T>.One + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T z) => Invoke(Vector256.Create(z)).GetElement(0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Derivative(Vector256<T> a) => Vector256<T>.One - a * a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Derivative(T a) => Derivative(Vector256.Create(a)).GetElement(0);
}
