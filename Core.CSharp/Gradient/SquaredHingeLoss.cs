using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// Squared hinge on a signed weighted target t = c·(±1) (<see cref="LossKind"/>): with q = max(0, 1 − s·z),
/// loss = c·q², d = −2·t·q.
/// </summary>
public readonly struct SquaredHingeLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
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
        var q = Vector256.Max(Vector256<T>.One - Margin.Of(z, t), Vector256<T>.Zero);
        z = -(t + t) * q;
        return Vector256.Abs(t) * q * q;
    }
}
