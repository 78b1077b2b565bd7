using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// The perceptron criterion on a signed weighted target t = c·(±1) (<see cref="LossKind"/>): with m = s·z,
/// loss = c·max(0, −m), d = −t where m &lt; 0, else 0.
/// </summary>
public readonly struct PerceptronLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
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
        var active = Vector256.LessThan(m, Vector256<T>.Zero);
        z = -t & active;
        return Vector256.Abs(t) * (-m & active);
    }
}
