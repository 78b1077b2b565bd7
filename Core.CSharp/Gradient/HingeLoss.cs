namespace Descent.Core;

/// <summary>
/// Binary hinge on a signed weighted target t = c·(±1) (<see cref="LossKind"/>): with q = 1 − s·z,
/// loss = c·max(0, q), d = −t where q &gt; 0, else 0 (the subgradient 0 at the kink, as torch's relu).
/// </summary>
public readonly struct HingeLoss<T> : IMarginLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> t)
    {
        var q = Vector256<T>.One - Margin.Of(z, t);
        var active = Vector256.GreaterThan(q, Vector256<T>.Zero);
        z = -t & active;
        return Vector256.Abs(t) * (q & active);
    }
}
