namespace Descent.Core;

/// <summary>
/// scikit-learn's modified Huber on a signed weighted target t = c·(±1) (<see cref="LossKind"/>): with m = s·z and
/// q = max(0, 1 − m), loss = c·q² and d = −2·t·q where m ≥ −1, else loss = −4·c·m and d = −4·t.
/// </summary>
public readonly struct ModifiedHuberLoss<T> : IMarginLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> t)
    {
        var m = Margin.Of(z, t);
        var q = Vector256.Max(Vector256<T>.One - m, Vector256<T>.Zero);
        var quadratic = Vector256.GreaterThanOrEqual(m, -Vector256<T>.One);
        var four = Vector256.Create(T.CreateTruncating(4));
        var c = Vector256.Abs(t);
        z = Vector256.ConditionalSelect(quadratic, -(t + t) * q, -four * t);
        return Vector256.ConditionalSelect(quadratic, c * q * q, -four * c * m);
    }
}
