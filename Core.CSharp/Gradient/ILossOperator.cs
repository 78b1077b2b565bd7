using System.Numerics;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// One lane-wise step of a fused gradient: from scores z and targets y, the per-row losses (returned) and the
/// derivatives of the loss with respect to the scores, which replace the scores; the driver turns them into Xᵀd.
/// </summary>
public interface ILossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> y);
}
