namespace Descent.Core;

/// <summary>
/// Packing for the blocked product (BLIS/GotoBLAS): a block of A copied into panels of <see cref="MicroKernel.Rows"/>
/// rows, and a block of B into panels of <c>columns</c> columns, each panel laid out k after k (A: the panel's rows of
/// column k side by side; B: the panel's columns of row k side by side), so the micro-kernel reads both as one forward
/// stream. Rows or columns past the matrix's edge are zeros, which add nothing to the valid results. Each copy walks
/// the source along its contiguous direction where it has one.
/// </summary>
internal static unsafe class PackedPanels
{
    /// <summary>Rows [i0, i0 + rows) × columns [k0, k0 + kc) of <paramref name="a"/> into ⌈rows / MR⌉ panels at <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(MatrixOperand<T> a, int i0, int rows, int k0, int kc, T* dst) where T : unmanaged
    {
        const int mr = MicroKernel.Rows;
        for (int ip = 0; ip < rows; ip += mr, dst += mr * kc)
        {
            int r = Math.Min(mr, rows - ip);
            T* src = a.P + (i0 + ip) * a.RowStride + k0 * a.ColumnStride;
            if (a.RowStride == 1)
            {
                for (int k = 0; k < kc; k++)
                {
                    T* s = src + k * a.ColumnStride;
                    T* d = dst + k * mr;
                    int i = 0;
                    for (; i < r; i++) d[i] = s[i];
                    for (; i < mr; i++) d[i] = default;
                }
            }
            else
            {
                for (int i = 0; i < r; i++)
                {
                    T* s = src + i * a.RowStride;
                    for (int k = 0; k < kc; k++) dst[k * mr + i] = s[k * a.ColumnStride];
                }
                for (int i = r; i < mr; i++)
                    for (int k = 0; k < kc; k++) dst[k * mr + i] = default;
            }
        }
    }

    /// <summary>Rows [k0, k0 + kc) × columns [j0, j0 + cols) of <paramref name="b"/> into ⌈cols / nr⌉ panels of <paramref name="nr"/> columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(MatrixOperand<T> b, int k0, int kc, int j0, int cols, int nr, T* dst) where T : unmanaged
    {
        for (int jp = 0; jp < cols; jp += nr, dst += nr * kc)
        {
            int c = Math.Min(nr, cols - jp);
            T* src = b.P + k0 * b.RowStride + (j0 + jp) * b.ColumnStride;
            if (b.ColumnStride == 1)
            {
                for (int k = 0; k < kc; k++)
                {
                    T* s = src + k * b.RowStride;
                    T* d = dst + k * nr;
                    if (c == nr) Buffer.MemoryCopy(s, d, nr * sizeof(T), nr * sizeof(T));
                    else
                    {
                        int j = 0;
                        for (; j < c; j++) d[j] = s[j];
                        for (; j < nr; j++) d[j] = default;
                    }
                }
            }
            else
            {
                for (int j = 0; j < c; j++)
                {
                    T* s = src + j * b.ColumnStride;
                    for (int k = 0; k < kc; k++) dst[k * nr + j] = s[k * b.RowStride];
                }
                for (int j = c; j < nr; j++)
                    for (int k = 0; k < kc; k++) dst[k * nr + j] = default;
            }
        }
    }
}
