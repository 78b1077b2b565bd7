namespace Descent.Core;

/// <summary>
/// A loss over a row's K scores together (softmax, the multi-class hinge), one vector of rows at a time: the scores
/// of output k are at <c>s + k·stride</c>, the targets (a weighted one-hot row, <see cref="LossKind"/>) at
/// <c>y + k·yStride</c>. Returns the per-row losses and writes ∂ℓ/∂z_k over the scores.
/// </summary>
public interface IRowLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract Vector256<T> Invoke(ref T s, int stride, ref T y, int yStride, int outputs);
}
