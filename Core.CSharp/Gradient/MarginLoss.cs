namespace Descent.Core;

/// <summary>
/// The fused-gradient step (<see cref="ILossOperator{T}"/>) of a margin loss: its formula
/// (<see cref="IMarginLossOperator{T}"/>) applied to each of the two vectors, written once for all four losses.
/// </summary>
public readonly struct MarginLoss<TMargin, T> : ILossOperator<T>
    where TMargin : IMarginLossOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke(ref Vector256<T> z0, ref Vector256<T> z1, Vector256<T> t0, Vector256<T> t1,
        out Vector256<T> loss0, out Vector256<T> loss1)
    {
        loss0 = TMargin.Invoke(ref z0, t0);
        loss1 = TMargin.Invoke(ref z1, t1);
    }
}
