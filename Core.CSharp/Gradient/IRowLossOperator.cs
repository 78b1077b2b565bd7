namespace Descent.Core;

/// <summary>
/// A loss over a row's K scores together (softmax, the multi-class hinge), one vector of rows at a time: the scores
/// of output k are at <c>s + k·stride</c>, the targets (a weighted one-hot row, <see cref="LossKind"/>) at
/// <c>y + k·yStride</c>. Returns the per-row losses and writes ∂ℓ/∂z_k over the scores. The vector type of <c>Invoke</c>
/// is <see cref="Vector256{T}"/> or <see cref="Vector512{T}"/>: the same operations per row at either width.
/// </summary>
public interface IRowLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract TV Invoke<TV>(ref T s, int stride, ref T y, int yStride, int outputs)
        where TV : struct;
}
