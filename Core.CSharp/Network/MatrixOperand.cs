namespace Descent.Core;

/// <summary>
/// A matrix operand of a product as a pinned pointer and two strides: element (i, j) is at
/// <c>P[i·RowStride + j·ColumnStride]</c>. A row-major matrix has column stride 1; its transpose is the same memory with
/// the strides swapped, so Aᵀ·B and A·Bᵀ are the same product over differently strided operands.
/// </summary>
internal readonly unsafe struct MatrixOperand<T>(T* p, nint rowStride, nint columnStride) where T : unmanaged
{
    public readonly T* P = p;
    public readonly nint RowStride = rowStride;
    public readonly nint ColumnStride = columnStride;

    /// <summary>The same memory read as the transpose.</summary>
    public MatrixOperand<T> Transposed => new(P, ColumnStride, RowStride);
}
