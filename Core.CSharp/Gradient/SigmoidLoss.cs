namespace Descent.Core;

/// <summary>
/// The fused-gradient step (<see cref="ILossOperator{T}"/>) of a loss on σ(z): the library's one σ
/// (<see cref="SigmoidOperator{T}"/>) of both vectors at once, then the formula
/// (<see cref="ISigmoidLossOperator{T}"/>) on each, written once for log loss and squared error.
/// </summary>
public readonly struct SigmoidLoss<TLoss, T> : ILossOperator<T>
    where TLoss : ISigmoidLossOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke(ref Vector256<T> z0, ref Vector256<T> z1, Vector256<T> y0, Vector256<T> y1,
        out Vector256<T> loss0, out Vector256<T> loss1)
    {
        SigmoidOperator<T>.Invoke(z0, z1, out var p0, out var p1);
        loss0 = TLoss.Invoke(ref z0, p0, y0);
        loss1 = TLoss.Invoke(ref z1, p1, y1);
    }
}
