namespace Descent.Core;

/// <summary>
/// The dense loops of a block of rows for K outputs at once (a small matrix product each way), register-tiled so
/// that each load of X feeds several outputs: the scores S = X·W take two vectors of rows × up to five outputs per
/// pass over the columns (10 accumulators; X is read ⌈K/5⌉ times instead of K), the gradient G += XᵀD four columns ×
/// up to three outputs per pass over the rows (12 accumulators, ⌈K/3⌉ passes): the widest tiles whose accumulators
/// stay in registers. Scores are z = x₀w₀, then z = fma(x_j, w_j, z) column by column, the operations and order of
/// <see cref="Blocks.Scores{T}"/> (and so of prediction), bit for bit. W and G are class-major (<c>w[k·d + j]</c>);
/// output k's scores are at <c>s + k·sStride</c>. Where the hardware runs 512-bit vectors, the scores take them
/// (<see cref="VectorOps{TV, T}"/>) and the gradient eight columns per pass as column pairs
/// (<c>OutputBlocks.ColumnPairs.cs</c>), the same bits.
/// </summary>
internal static partial class OutputBlocks
{
    /// <summary>S = X·W for <paramref name="outputs"/> outputs over <paramref name="rows"/> rows; the first group
    /// of outputs prefetches the rows <paramref name="ahead"/> further on in every column (none when 0). 512-bit
    /// vectors where the hardware runs them (faster per epoch than two 256-bit halves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scores<T>(ref T x, int stride, int d, ReadOnlySpan<T> w, int outputs, ref T s, int sStride, int rows, int ahead)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated) Scores<Vector512<T>, T>(ref x, stride, d, w, outputs, ref s, sStride, rows, ahead);
        else Scores<Vector256<T>, T>(ref x, stride, d, w, outputs, ref s, sStride, rows, ahead);
    }

    /// <summary><see cref="Scores{T}"/> at the width of <typeparamref name="TV"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Scores<TV, T>(ref T x, int stride, int d, ReadOnlySpan<T> w, int outputs, ref T s, int sStride, int rows, int ahead)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ref T w0 = ref MemoryMarshal.GetReference(w);
        int k = 0;
        for (; k + 5 <= outputs; k += 5)
            Scores<TV, Five, T>(ref x, stride, d, ref Unsafe.Add(ref w0, k * d), ref Unsafe.Add(ref s, k * sStride), sStride, rows, k == 0 ? ahead : 0);
        ref T wk = ref Unsafe.Add(ref w0, k * d);
        ref T sk = ref Unsafe.Add(ref s, k * sStride);
        int a = k == 0 ? ahead : 0;
        switch (outputs - k)
        {
            case 1: Scores<TV, One, T>(ref x, stride, d, ref wk, ref sk, sStride, rows, a); break;
            case 2: Scores<TV, Two, T>(ref x, stride, d, ref wk, ref sk, sStride, rows, a); break;
            case 3: Scores<TV, Three, T>(ref x, stride, d, ref wk, ref sk, sStride, rows, a); break;
            case 4: Scores<TV, Four, T>(ref x, stride, d, ref wk, ref sk, sStride, rows, a); break;
        }
    }

    /// <summary>
    /// Prefetches <paramref name="rows"/> rows of each of <paramref name="columns"/> columns (the next block's targets):
    /// short runs of K columns that the hardware prefetcher does not start on in time.
    /// </summary>
    public static void Prefetch<T>(ref T column, int stride, int columns, int rows) where T : unmanaged
    {
        int perLine = 64 / Unsafe.SizeOf<T>();
        for (int k = 0; k < columns; k++)
            for (int i = 0; i < rows; i += perLine)
                Blocks.Prefetch(ref Unsafe.Add(ref column, k * stride), i);
    }

    /// <summary>G[k, j] += Σᵢ x_ij·s_ik for every column and output over <paramref name="rows"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gradient<T>(ref T x, int stride, int d, ref T s, int sStride, int outputs, int rows, Span<T> g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ref T g0 = ref MemoryMarshal.GetReference(g);
        for (int k = 0; k < outputs; k += 3)
        {
            ref T sk = ref Unsafe.Add(ref s, k * sStride);
            ref T gk = ref Unsafe.Add(ref g0, k * d);
            switch (Math.Min(3, outputs - k))
            {
                case 1: Columns<One, T>(ref x, stride, d, ref sk, sStride, rows, ref gk); break;
                case 2: Columns<Two, T>(ref x, stride, d, ref sk, sStride, rows, ref gk); break;
                default: Columns<Three, T>(ref x, stride, d, ref sk, sStride, rows, ref gk); break;
            }
        }
    }

    /// <summary>The gradient of <typeparamref name="TOuts"/> (1 to 3) outputs, eight columns at a time where 512-bit
    /// vectors run (<see cref="ColumnPairs{TOuts, T}"/>), then four at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Columns<TOuts, T>(ref T x, int stride, int d, ref T s, int sStride, int rows, ref T g)
        where TOuts : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 8 <= d; j += 8)
                ColumnPairs<TOuts, T>(ref Unsafe.Add(ref x, j * stride), stride, ref s, sStride, rows, ref Unsafe.Add(ref g, j), d);
        for (; j + 4 <= d; j += 4)
            Dot<Four, TOuts, T>(ref Unsafe.Add(ref x, j * stride), stride, ref s, sStride, rows, ref Unsafe.Add(ref g, j), d);
        ref T rest = ref Unsafe.Add(ref x, j * stride);
        ref T gr = ref Unsafe.Add(ref g, j);
        switch (d - j)
        {
            case 1: Dot<One, TOuts, T>(ref rest, stride, ref s, sStride, rows, ref gr, d); break;
            case 2: Dot<Two, TOuts, T>(ref rest, stride, ref s, sStride, rows, ref gr, d); break;
            case 3: Dot<Three, TOuts, T>(ref rest, stride, ref s, sStride, rows, ref gr, d); break;
        }
    }

    /// <summary>Columns per pass of <see cref="Scores{TV, TOuts, T}"/>: each column of a block lies on its own pages, and a
    /// pass over more of them than the first-level TLB holds (64 entries) missed it on every load (1,000,000×65,
    /// K = 10: the scores took 2.2 times the gradient's time for the same multiply-adds).</summary>
    const int ColumnsPerPass = 16;

    /// <summary>
    /// The scores of <typeparamref name="TOuts"/> (1 to 5) outputs whose weights start at <paramref name="w"/>,
    /// <c>d</c> apart: per pass of at most <see cref="ColumnsPerPass"/> columns, two vectors of rows at a time, their
    /// accumulators carried over in <paramref name="s"/> from the pass before. <typeparamref name="TV"/> is the
    /// vector (<see cref="VectorOps{TV, T}"/>): the same operations per row at either width, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Scores<TV, TOuts, T>(ref T x, int stride, int d, ref T w, ref T s, int sStride, int rows, int ahead)
        where TV : struct
        where TOuts : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int q = TOuts.Count, lanes = VectorOps<TV, T>.Lanes, pairs = rows - rows % (2 * lanes);
        int lines = 2 * Unsafe.SizeOf<TV>() / 64; // cache lines per column per step
        ref T w1 = ref Unsafe.Add(ref w, q > 1 ? d : 0);
        ref T w2 = ref Unsafe.Add(ref w, q > 2 ? 2 * d : 0);
        ref T w3 = ref Unsafe.Add(ref w, q > 3 ? 3 * d : 0);
        ref T w4 = ref Unsafe.Add(ref w, q > 4 ? 4 * d : 0);
        ref T s4 = ref Unsafe.Add(ref s, q > 4 ? 4 * sStride : 0);
        ref T s1 = ref Unsafe.Add(ref s, q > 1 ? sStride : 0);
        ref T s2 = ref Unsafe.Add(ref s, q > 2 ? 2 * sStride : 0);
        ref T s3 = ref Unsafe.Add(ref s, q > 3 ? 3 * sStride : 0);
        // Passes of equal width (65 columns: 5 of 13, not 4 of 16 and one of 1 that loads and stores every score).
        int passes = (d + ColumnsPerPass - 1) / ColumnsPerPass, width = (d + passes - 1) / passes;
        for (int first = 0; first < d; first += width)
        {
            int last = Math.Min(d, first + width);
            for (int i = 0; i < pairs; i += 2 * lanes)
            {
                TV a0, a1, b0 = default, b1 = default, c0 = default, c1 = default, e0 = default, e1 = default, f0 = default, f1 = default;
                int j = first;
                if (first == 0)
                {
                    if (ahead > 0) Blocks.PrefetchLines(ref x, i + ahead, lines);
                    var x0 = VectorOps<TV, T>.Load(ref x, (nuint)i);
                    var x1 = VectorOps<TV, T>.Load(ref x, (nuint)(i + lanes));
                    Start(out a0, out a1, x0, x1, w);
                    if (q > 1) Start(out b0, out b1, x0, x1, w1);
                    if (q > 2) Start(out c0, out c1, x0, x1, w2);
                    if (q > 3) Start(out e0, out e1, x0, x1, w3);
                    if (q > 4) Start(out f0, out f1, x0, x1, w4);
                    j = 1;
                }
                else
                {
                    Load(out a0, out a1, ref s, i);
                    if (q > 1) Load(out b0, out b1, ref s1, i);
                    if (q > 2) Load(out c0, out c1, ref s2, i);
                    if (q > 3) Load(out e0, out e1, ref s3, i);
                    if (q > 4) Load(out f0, out f1, ref s4, i);
                }
                for (; j < last; j++)
                {
                    ref T col = ref Unsafe.Add(ref x, j * stride);
                    if (ahead > 0) Blocks.PrefetchLines(ref col, i + ahead, lines);
                    var x0 = VectorOps<TV, T>.Load(ref col, (nuint)i);
                    var x1 = VectorOps<TV, T>.Load(ref col, (nuint)(i + lanes));
                    Add(ref a0, ref a1, x0, x1, Unsafe.Add(ref w, j));
                    if (q > 1) Add(ref b0, ref b1, x0, x1, Unsafe.Add(ref w1, j));
                    if (q > 2) Add(ref c0, ref c1, x0, x1, Unsafe.Add(ref w2, j));
                    if (q > 3) Add(ref e0, ref e1, x0, x1, Unsafe.Add(ref w3, j));
                    if (q > 4) Add(ref f0, ref f1, x0, x1, Unsafe.Add(ref w4, j));
                }
                Store<TV, T>(a0, a1, ref s, i);
                if (q > 1) Store<TV, T>(b0, b1, ref s1, i);
                if (q > 2) Store<TV, T>(c0, c1, ref s2, i);
                if (q > 3) Store<TV, T>(e0, e1, ref s3, i);
                if (q > 4) Store<TV, T>(f0, f1, ref s4, i);
            }
        }
        for (int i = pairs; i < rows; i++)
            for (int o = 0; o < q; o++)
            {
                ref T wo = ref Unsafe.Add(ref w, o * d);
                T z = Unsafe.Add(ref x, i) * wo;
                for (int j = 1; j < d; j++) z = T.FusedMultiplyAdd(Unsafe.Add(ref x, j * stride + i), Unsafe.Add(ref wo, j), z);
                Unsafe.Add(ref s, o * sStride + i) = z;
            }
    }

    /// <summary>One column's products with the derivatives of the first <paramref name="q"/> (1 to 3) outputs:
    /// acc_o = fma(x, d_o, acc_o).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Multiply<TV, T>(TV x, TV d0, TV d1, TV d2, int q, ref TV a, ref TV b, ref TV e)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        a = VectorOps<TV, T>.FusedMultiplyAdd(x, d0, a);
        if (q > 1) b = VectorOps<TV, T>.FusedMultiplyAdd(x, d1, b);
        if (q > 2) e = VectorOps<TV, T>.FusedMultiplyAdd(x, d2, e);
    }

    /// <summary>One output's first column over two vectors of rows: z = x₀·w₀.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Start<TV, T>(out TV z0, out TV z1, TV x0, TV x1, T w)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var v = VectorOps<TV, T>.Create(w);
        z0 = VectorOps<TV, T>.Multiply(x0, v);
        z1 = VectorOps<TV, T>.Multiply(x1, v);
    }

    /// <summary>One output's next column over two vectors of rows: z = fma(x_j, w_j, z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Add<TV, T>(ref TV z0, ref TV z1, TV x0, TV x1, T w)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var v = VectorOps<TV, T>.Create(w);
        z0 = VectorOps<TV, T>.FusedMultiplyAdd(x0, v, z0);
        z1 = VectorOps<TV, T>.FusedMultiplyAdd(x1, v, z1);
    }

    /// <summary>One output's accumulators of two vectors of rows from <paramref name="s"/> (the pass before).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Load<TV, T>(out TV z0, out TV z1, ref T s, int i)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        z0 = VectorOps<TV, T>.Load(ref s, (nuint)i);
        z1 = VectorOps<TV, T>.Load(ref s, (nuint)(i + VectorOps<TV, T>.Lanes));
    }

    /// <summary>Stores one output's accumulators of two vectors of rows to <paramref name="s"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store<TV, T>(TV z0, TV z1, ref T s, int i)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        VectorOps<TV, T>.Store(z0, ref s, (nuint)i);
        VectorOps<TV, T>.Store(z1, ref s, (nuint)(i + VectorOps<TV, T>.Lanes));
    }

    /// <summary>
    /// g[o·d + c] += Σᵢ x_c[i]·s_o[i] for <typeparamref name="TCols"/> (1 to 4) columns from <paramref name="c0"/>
    /// and <typeparamref name="TOuts"/> (1 to 3) outputs: one accumulator per pair, its lanes summed into g
    /// (<see cref="VectorMath.AddSums"/>), then the scalar tail into g.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Dot<TCols, TOuts, T>(ref T c0, int stride, ref T s, int sStride, int rows, ref T g, int d)
        where TCols : struct, ICount
        where TOuts : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int c = TCols.Count, q = TOuts.Count, lanes = Vector256<T>.Count, i = 0;
        ref T c1 = ref Unsafe.Add(ref c0, c > 1 ? stride : 0);
        ref T c2 = ref Unsafe.Add(ref c0, c > 2 ? 2 * stride : 0);
        ref T c3 = ref Unsafe.Add(ref c0, c > 3 ? 3 * stride : 0);
        ref T s1 = ref Unsafe.Add(ref s, q > 1 ? sStride : 0);
        ref T s2 = ref Unsafe.Add(ref s, q > 2 ? 2 * sStride : 0);
        Vector256<T> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        Vector256<T> e0 = default, e1 = default, e2 = default, e3 = default;
        for (; i <= rows - lanes; i += lanes)
        {
            var d0 = Vector256.LoadUnsafe(ref s, (nuint)i);
            var d1 = q > 1 ? Vector256.LoadUnsafe(ref s1, (nuint)i) : default;
            var d2 = q > 2 ? Vector256.LoadUnsafe(ref s2, (nuint)i) : default;
            Multiply<Vector256<T>, T>(Vector256.LoadUnsafe(ref c0, (nuint)i), d0, d1, d2, q, ref a0, ref b0, ref e0);
            if (c > 1) Multiply<Vector256<T>, T>(Vector256.LoadUnsafe(ref c1, (nuint)i), d0, d1, d2, q, ref a1, ref b1, ref e1);
            if (c > 2) Multiply<Vector256<T>, T>(Vector256.LoadUnsafe(ref c2, (nuint)i), d0, d1, d2, q, ref a2, ref b2, ref e2);
            if (c > 3) Multiply<Vector256<T>, T>(Vector256.LoadUnsafe(ref c3, (nuint)i), d0, d1, d2, q, ref a3, ref b3, ref e3);
        }
        VectorMath.AddSums(ref g, c, a0, a1, a2, a3);
        if (q > 1) VectorMath.AddSums(ref Unsafe.Add(ref g, d), c, b0, b1, b2, b3);
        if (q > 2) VectorMath.AddSums(ref Unsafe.Add(ref g, 2 * d), c, e0, e1, e2, e3);
        for (; i < rows; i++)
            for (int o = 0; o < q; o++)
            {
                T si = Unsafe.Add(ref s, o * sStride + i);
                ref T go = ref Unsafe.Add(ref g, o * d);
                go = T.FusedMultiplyAdd(Unsafe.Add(ref c0, i), si, go);
                if (c > 1) Unsafe.Add(ref go, 1) = T.FusedMultiplyAdd(Unsafe.Add(ref c1, i), si, Unsafe.Add(ref go, 1));
                if (c > 2) Unsafe.Add(ref go, 2) = T.FusedMultiplyAdd(Unsafe.Add(ref c2, i), si, Unsafe.Add(ref go, 2));
                if (c > 3) Unsafe.Add(ref go, 3) = T.FusedMultiplyAdd(Unsafe.Add(ref c3, i), si, Unsafe.Add(ref go, 3));
            }
    }
}
