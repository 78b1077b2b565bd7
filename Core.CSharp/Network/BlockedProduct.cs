namespace Descent.Core;

/// <summary>
/// One product C = A·B (C m × n, row-major with row stride ldc; A and B strided, <see cref="MatrixOperand{T}"/>) cut
/// for the cache as in BLIS: for each block of <see cref="BlockColumns"/> columns and <see cref="BlockDepth"/> k's, B's
/// block is packed once (into the L2/L3-resident panels); for each block of <see cref="BlockRows"/> rows, A's block is
/// packed (L2) and every 8 × 2-vector tile is one <see cref="MicroKernel"/> call, a B panel staying in L1 across the
/// rows. The first k block overwrites C (unless accumulating) and the later ones add to it, in k order. Threads take
/// contiguous ranges of whole tiles along one side of C (<see cref="Part"/>): a split that changes which thread computes
/// an element, never how, so every thread count gives the same bits. A small product (<paramref name="inPlace"/>) skips
/// the copies where an operand already lies as a panel does — A with its rows side by side (Aᵀ stored row-major), B with
/// its columns side by side — and the kernel reads it in place; only the edge panels are packed. Packing there costs as
/// much as the multiply-adds, and the kernel's chain of FMAs, hence every bit, is the same either way.
/// </summary>
internal readonly unsafe struct BlockedProduct<T>(int m, int n, int k, MatrixOperand<T> a, MatrixOperand<T> b, T* c, nint ldc,
    bool accumulate, int parts, bool wide, bool inPlace = false) where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>k's per block: a B panel of 256 × 16 doubles (32 KiB) stays in a 48 KiB L1.</summary>
    public const int BlockDepth = 256;

    /// <summary>Rows of A per packed block (a multiple of <see cref="MicroKernel.Rows"/>): 96 × 256 doubles, 192 KiB of L2.</summary>
    public const int BlockRows = 96;

    /// <summary>Columns of B per packed block (a multiple of every panel width).</summary>
    public const int BlockColumns = 1024;

    public readonly int M = m, N = n, K = k, Parts = parts;
    readonly MatrixOperand<T> _a = a, _b = b;
    readonly T* _c = c;
    readonly nint _ldc = ldc;
    readonly bool _accumulate = accumulate, _wide = wide;
    readonly bool _inPlaceA = inPlace && a.RowStride == 1, _inPlaceB = inPlace && b.ColumnStride == 1;

    /// <summary>Whether the threads split the columns (else the rows): the side with more tiles.</summary>
    bool SplitColumns => (N + PanelColumns - 1) / PanelColumns >= (M + MicroKernel.Rows - 1) / MicroKernel.Rows;

    int PanelColumns => _wide ? MicroKernel.Columns<Vector512<T>, T>() : MicroKernel.Columns<Vector256<T>, T>();

    /// <summary>Computes part <paramref name="part"/> of <see cref="Parts"/> with <paramref name="buffers"/>.</summary>
    public void Part(int part, PackBuffers<T> buffers)
    {
        int unit = SplitColumns ? PanelColumns : MicroKernel.Rows, side = SplitColumns ? N : M;
        int tiles = (side + unit - 1) / unit;
        int lo = (int)((long)tiles * part / Parts) * unit, hi = Math.Min(side, (int)((long)tiles * (part + 1) / Parts) * unit);
        if (lo >= hi) return;
        if (SplitColumns) Region(0, M, lo, hi, buffers);
        else Region(lo, hi, 0, N, buffers);
    }

    void Region(int i0, int i1, int j0, int j1, PackBuffers<T> buffers)
    {
        if (_wide) Region<Vector512<T>>(i0, i1, j0, j1, buffers);
        else Region<Vector256<T>>(i0, i1, j0, j1, buffers);
    }

    /// <summary>Rows [i0, i1) × columns [j0, j1) of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Region<TV>(int i0, int i1, int j0, int j1, PackBuffers<T> buffers) where TV : struct
    {
        const int mr = MicroKernel.Rows;
        int nr = MicroKernel.Columns<TV, T>();
        T* pa = buffers.A, pb = buffers.B, tile = buffers.Tile;
        if (K == 0)
        {
            if (!_accumulate)
                for (int i = i0; i < i1; i++) new Span<T>(_c + i * _ldc + j0, j1 - j0).Clear();
            return;
        }
        for (int jc = j0; jc < j1; jc += BlockColumns)
        {
            int nc = Math.Min(BlockColumns, j1 - jc);
            for (int pc = 0; pc < K; pc += BlockDepth)
            {
                int kc = Math.Min(BlockDepth, K - pc);
                bool overwrite = pc == 0 && !_accumulate;
                // Whole panels read in place (when allowed) and the packed rest after them.
                int fullB = _inPlaceB ? nc / nr * nr : 0;
                if (nc > fullB) PackedPanels.PackB(_b, pc, kc, jc + fullB, nc - fullB, nr, pb);
                for (int ic = i0; ic < i1; ic += BlockRows)
                {
                    int mc = Math.Min(BlockRows, i1 - ic);
                    int fullA = _inPlaceA ? mc / mr * mr : 0;
                    if (mc > fullA) PackedPanels.PackA(_a, ic + fullA, mc - fullA, pc, kc, pa);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        bool bInPlace = jr < fullB;
                        T* bp = bInPlace ? _b.P + pc * _b.RowStride + jc + jr : pb + (jr - fullB) * kc;
                        nint bStep = bInPlace ? _b.RowStride : nr;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            bool aInPlace = ir < fullA;
                            T* ap = aInPlace ? _a.P + ic + ir + pc * _a.ColumnStride : pa + (ir - fullA) * kc;
                            nint aStep = aInPlace ? _a.ColumnStride : mr;
                            T* cp = _c + (ic + ir) * _ldc + jc + jr;
                            if (rows == mr && cols == nr) MicroKernel.Tile<TV, T>(kc, ap, aStep, bp, bStep, cp, _ldc, overwrite);
                            else
                            {
                                MicroKernel.Tile<TV, T>(kc, ap, aStep, bp, bStep, tile, nr, overwrite: true);
                                Edge(tile, nr, cp, _ldc, rows, cols, overwrite);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The valid part of an edge tile into C: stored, or added as the full tiles add.</summary>
    static void Edge(T* tile, int nr, T* c, nint ldc, int rows, int cols, bool overwrite)
    {
        for (int i = 0; i < rows; i++)
        {
            T* s = tile + i * nr;
            T* d = c + i * ldc;
            if (overwrite) for (int j = 0; j < cols; j++) d[j] = s[j];
            else for (int j = 0; j < cols; j++) d[j] = d[j] + s[j];
        }
    }
}
