using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// Squared error, as in the lesson: p = σ(z) (<see cref="SigmoidOperator{T}"/>), e = p − y, loss = e²,
/// d = e · p · (1 − p). (The exact derivative of e² is 2·e·p·(1 − p); the lesson drops the 2, and so do we, to match
/// its numbers.)
/// </summary>
public readonly struct SquaredErrorLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> y)
    {
        var p = SigmoidOperator<T>.Invoke(z);
        var e = p - y;
        z = e * p * (Vector256<T>.One - p);
        return e * e;
    }
}
