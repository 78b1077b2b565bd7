using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// Binary cross-entropy from the score, with no log(0): with e = e^−|z|, loss = max(z, 0) − y·z + log(1 + e) and
/// d = σ(z) − y, σ from the same e (<see cref="SigmoidOperator{T}.FromExp"/>).
/// </summary>
public readonly struct LogLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> y)
    {
        var e = ClampedExp.Of(-Vector256.Abs(z));
        var loss = Vector256.Max(z, Vector256<T>.Zero) - y * z + VectorMath.Log(Vector256<T>.One + e);
        z = SigmoidOperator<T>.FromExp(z, e) - y;
        return loss;
    }
}
