using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// Squared error, as in the lesson: p = σ(z) (the library's one σ, <see cref="SigmoidOperator{T}"/>), e = p − y,
/// loss = e², d = e · p · (1 − p). (The exact derivative of e² is 2·e·p·(1 − p); the lesson drops the 2, and so do
/// we, to match its numbers.)
/// </summary>
public readonly struct SquaredErrorLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke(ref Vector256<T> z0, ref Vector256<T> z1, Vector256<T> y0, Vector256<T> y1,
        out Vector256<T> loss0, out Vector256<T> loss1)
    {
        SigmoidOperator<T>.Invoke(z0, z1, out var p0, out var p1);
        var e0 = p0 - y0;
        var e1 = p1 - y1;
        loss0 = e0 * e0;
        loss1 = e1 * e1;
        z0 = e0 * p0 * (Vector256<T>.One - p0);
        z1 = e1 * p1 * (Vector256<T>.One - p1);
    }
}
