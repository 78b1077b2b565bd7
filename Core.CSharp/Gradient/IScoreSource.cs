using System.Numerics;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// Where <see cref="FusedGradient.LossAndDerivative"/> takes a block's scores from: stored in the scratch block
/// (<see cref="StoredScores{T}"/>) or computed from 1 to 4 columns on the way (<see cref="ColumnScores{TCols, T}"/>).
/// The loss loop is written once; only this differs.
/// </summary>
internal interface IScoreSource<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The scores of the two vectors of rows from <paramref name="i"/>.</summary>
    void Pair(int i, out Vector256<T> z0, out Vector256<T> z1);

    /// <summary>Makes sure the scores of rows [start, start + count) are in the scratch block (the tail goes through it).</summary>
    void StoreTail(int start, int count);
}
