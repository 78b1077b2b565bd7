using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// Binary cross-entropy from the score, with no log(0): p = σ(z) (the library's one σ, <see cref="SigmoidOperator{T}"/>),
/// loss = max(z, 0) − y·z + log(1 + e^−|z|), where log(1 + e^−|z|) = −log(max(p, 1 − p)) (for z ≥ 0 it is −log p,
/// for z &lt; 0 −log(1 − p)), so one exponential serves both; d = p − y.
/// </summary>
public readonly struct LogLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke(ref Vector256<T> z0, ref Vector256<T> z1, Vector256<T> y0, Vector256<T> y1,
        out Vector256<T> loss0, out Vector256<T> loss1)
    {
        SigmoidOperator<T>.Invoke(z0, z1, out var p0, out var p1);
        var one = Vector256<T>.One;
        loss0 = Vector256.Max(z0, Vector256<T>.Zero) - y0 * z0 - VectorMath.Log(Vector256.Max(p0, one - p0));
        loss1 = Vector256.Max(z1, Vector256<T>.Zero) - y1 * z1 - VectorMath.Log(Vector256.Max(p1, one - p1));
        z0 = p0 - y0;
        z1 = p1 - y1;
    }
}
