namespace Descent.Core;

/// <summary>
/// The rectifier a = max(z, 0), derivative f′ = 1 where a &gt; 0, else 0 (torch's: the subgradient at z = 0 is 0, and
/// a &gt; 0 exactly where z &gt; 0). NaN in gives NaN out (x86's max returns its second operand, z, on NaN).
/// </summary>
public readonly struct ReluOperator<T> : IActivationOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> z) => Vector256.MaxNative(Vector256<T>.Zero, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T z) => Invoke(Vector256.Create(z)).GetElement(0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Derivative(Vector256<T> a) => Vector256<T>.One & Vector256.GreaterThan(a, Vector256<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Derivative(T a) => Derivative(Vector256.Create(a)).GetElement(0);
}
