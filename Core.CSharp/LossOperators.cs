using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>Which loss a sigmoid unit is trained with.</summary>
public enum LossKind
{
    /// <summary>Sum of squared errors Σ (σ(z) − y)², the lesson's loss.</summary>
    SquaredError,
    /// <summary>Binary cross-entropy −Σ [y log σ(z) + (1 − y) log(1 − σ(z))].</summary>
    LogLoss,
}

/// <summary>
/// One lane-wise step of a fused gradient, two vectors at a time (so their exponentials interleave): from scores z and
/// targets y, the per-row losses and the derivatives of the loss with respect to the scores, which replace the scores;
/// the driver turns them into Xᵀd.
/// </summary>
public interface ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract void Invoke(ref Vector256<T> z0, ref Vector256<T> z1, Vector256<T> y0, Vector256<T> y1,
        out Vector256<T> loss0, out Vector256<T> loss1);
}

/// <summary>
/// Squared error, as in the lesson: p = σ(z) = 1/(1 + e^−z) (the lesson's form, exact at both ends since e^−z is
/// clamped, see <see cref="ClampedExp"/>), e = p − y, loss = e², d = e · p · (1 − p).
/// (The exact derivative of e² is 2·e·p·(1 − p); the lesson drops the 2, and so do we, to match its numbers.)
/// </summary>
public readonly struct SquaredErrorLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke(ref Vector256<T> z0, ref Vector256<T> z1, Vector256<T> y0, Vector256<T> y1,
        out Vector256<T> loss0, out Vector256<T> loss1)
    {
        var p0 = -z0;
        var p1 = -z1;
        ClampedExp.Of(ref p0, ref p1);
        p0 = Vector256<T>.One / (Vector256<T>.One + p0);
        p1 = Vector256<T>.One / (Vector256<T>.One + p1);
        var e0 = p0 - y0;
        var e1 = p1 - y1;
        loss0 = e0 * e0;
        loss1 = e1 * e1;
        z0 = e0 * p0 * (Vector256<T>.One - p0);
        z1 = e1 * p1 * (Vector256<T>.One - p1);
    }
}

/// <summary>
/// Binary cross-entropy from the score, with no log(0): loss = max(z, 0) − y·z + log(1 + e^−|z|), d = σ(z) − y.
/// </summary>
public readonly struct LogLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke(ref Vector256<T> z0, ref Vector256<T> z1, Vector256<T> y0, Vector256<T> y1,
        out Vector256<T> loss0, out Vector256<T> loss1)
    {
        var e0 = -Vector256.Abs(z0);
        var e1 = -Vector256.Abs(z1);
        ClampedExp.Of(ref e0, ref e1);
        loss0 = Vector256.Max(z0, Vector256<T>.Zero) - y0 * z0 + VectorMath.Log(Vector256<T>.One + e0);
        loss1 = Vector256.Max(z1, Vector256<T>.Zero) - y1 * z1 + VectorMath.Log(Vector256<T>.One + e1);
        z0 = SigmoidOperator<T>.FromExp(z0, e0) - y0;
        z1 = SigmoidOperator<T>.FromExp(z1, e1) - y1;
    }
}
