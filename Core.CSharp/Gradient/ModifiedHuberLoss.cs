using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// scikit-learn's modified Huber on a signed weighted target t = c·(±1) (<see cref="LossKind"/>): with m = s·z and
/// q = max(0, 1 − m), loss = c·q² and d = −2·t·q where m ≥ −1, else loss = −4·c·m and d = −4·t.
/// </summary>
public readonly struct ModifiedHuberLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke(ref Vector256<T> z0, ref Vector256<T> z1, Vector256<T> t0, Vector256<T> t1,
        out Vector256<T> loss0, out Vector256<T> loss1)
    {
        loss0 = One(ref z0, t0);
        loss1 = One(ref z1, t1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> One(ref Vector256<T> z, Vector256<T> t)
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
