namespace Descent.Core;

/// <summary>
/// One lane-wise step of a fused gradient, two vectors at a time (so their exponentials interleave, see
/// <see cref="ClampedExp"/>): from scores z and targets y, the per-row losses and the derivatives of the loss with
/// respect to the scores, which replace the scores; the driver turns them into Xᵀd.
/// </summary>
public interface ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract void Invoke(ref Vector256<T> z0, ref Vector256<T> z1, Vector256<T> y0, Vector256<T> y1,
        out Vector256<T> loss0, out Vector256<T> loss1);
}
