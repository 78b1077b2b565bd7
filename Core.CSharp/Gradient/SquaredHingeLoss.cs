namespace Descent.Core;

/// <summary>
/// Squared hinge on a signed weighted target t = c·(±1) (<see cref="LossKind"/>): with q = max(0, 1 − s·z),
/// loss = c·q², d = −2·t·q.
/// </summary>
public readonly struct SquaredHingeLoss<T> : IMarginLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> t)
    {
        var q = Vector256.Max(Vector256<T>.One - Margin.Of(z, t), Vector256<T>.Zero);
        z = -(t + t) * q;
        return Vector256.Abs(t) * q * q;
    }
}
