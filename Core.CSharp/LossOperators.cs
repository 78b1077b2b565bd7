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
/// One lane-wise step of a fused gradient: from scores z and targets y, the per-row loss (added to
/// <c>loss</c>) and the derivative of the loss with respect to the score, which the driver turns into Xᵀd.
/// </summary>
public interface ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract Vector256<T> Invoke(Vector256<T> z, Vector256<T> y, out Vector256<T> loss);
}

/// <summary>
/// Squared error, as in the lesson: p = σ(z), e = p − y, loss = e², d = e · p · (1 − p).
/// (The exact derivative of e² is 2·e·p·(1 − p); the lesson drops the 2, and so do we, to match its numbers.)
/// </summary>
public readonly struct SquaredErrorLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> z, Vector256<T> y, out Vector256<T> loss)
    {
        var p = SigmoidOperator<T>.Invoke(z);
        var e = p - y;
        loss = e * e;
        return e * p * (Vector256<T>.One - p);
    }
}

/// <summary>
/// Binary cross-entropy from the score, with no log(0): loss = max(z, 0) − y·z + log(1 + e^−|z|), d = σ(z) − y.
/// </summary>
public readonly struct LogLoss<T> : ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> z, Vector256<T> y, out Vector256<T> loss)
    {
        var e = VectorMath.Exp(-Vector256.Abs(z));
        var p = SigmoidOperator<T>.FromExp(z, e);
        loss = Vector256.Max(z, Vector256<T>.Zero) - y * z + VectorMath.Log(Vector256<T>.One + e);
        return p - y;
    }
}
