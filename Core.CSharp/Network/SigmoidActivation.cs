namespace Descent.Core;

/// <summary>
/// The logistic sigmoid as a hidden layer's activation: a = σ(z) = 1 / (1 + e^−z), the library's one σ
/// (<see cref="SigmoidOperator{T}"/>, the same bits as the sigmoid losses and prediction), derivative f′ = a·(1 − a).
/// </summary>
public readonly struct SigmoidActivation<T> : IActivationOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> z) => SigmoidOperator<T>.Invoke(z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T z) => SigmoidOperator<T>.Invoke(z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Derivative(Vector256<T> a) => a * (Vector256<T>.One - a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Derivative(T a) => Derivative(Vector256.Create(a)).GetElement(0);
}
