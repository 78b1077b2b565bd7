namespace Descent.Core;

/// <summary>
/// The dense loops of a block of rows for K outputs at once (a small matrix product each way), register-tiled so
/// that each load of X feeds several outputs: the scores S = X·W take two vectors of rows × up to five outputs per
/// pass over the columns (10 accumulators; X is read ⌈K/5⌉ times instead of K), the gradient G += XᵀD four columns ×
/// up to three outputs per pass over the rows (12 accumulators, ⌈K/3⌉ passes). On 1,000,000×65 with K = 10 (one
/// thread, CPU time) four outputs per score pass took 83 ms an epoch, five 75 ms (a perceptron, whose loss costs
/// little); three outputs per gradient pass instead of two took softmax from 86 to 83 ms. Scores are z = x₀w₀, then
/// z = fma(x_j, w_j, z) column by column, the operations and order of <see cref="Blocks.Scores{T}"/> (and so of
/// prediction), bit for bit. W and G are class-major (<c>w[k·d + j]</c>); output k's scores are at
/// <c>s + k·sStride</c>.
/// </summary>
internal static class OutputBlocks
{
    /// <summary>S = X·W for <paramref name="outputs"/> outputs over <paramref name="rows"/> rows; the first group
    /// of outputs prefetches the rows <paramref name="ahead"/> further on in every column (none when 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scores<T>(ref T x, int stride, int d, ReadOnlySpan<T> w, int outputs, ref T s, int sStride, int rows, int ahead)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ref T w0 = ref MemoryMarshal.GetReference(w);
        int k = 0;
        for (; k + 5 <= outputs; k += 5)
            Scores<Five, T>(ref x, stride, d, ref Unsafe.Add(ref w0, k * d), ref Unsafe.Add(ref s, k * sStride), sStride, rows, k == 0 ? ahead : 0);
        ref T wk = ref Unsafe.Add(ref w0, k * d);
        ref T sk = ref Unsafe.Add(ref s, k * sStride);
        int a = k == 0 ? ahead : 0;
        switch (outputs - k)
        {
            case 1: Scores<One, T>(ref x, stride, d, ref wk, ref sk, sStride, rows, a); break;
            case 2: Scores<Two, T>(ref x, stride, d, ref wk, ref sk, sStride, rows, a); break;
            case 3: Scores<Three, T>(ref x, stride, d, ref wk, ref sk, sStride, rows, a); break;
            case 4: Scores<Four, T>(ref x, stride, d, ref wk, ref sk, sStride, rows, a); break;
        }
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

    /// <summary>The gradient of <typeparamref name="TOuts"/> (1 to 3) outputs, four columns at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Columns<TOuts, T>(ref T x, int stride, int d, ref T s, int sStride, int rows, ref T g)
        where TOuts : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int j = 0;
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

    /// <summary>Columns per pass of <see cref="Scores{TOuts, T}"/>: each column of a block lies on its own pages, and a
    /// pass over more of them than the first-level TLB holds (64 entries) missed it on every load (1,000,000×65,
    /// K = 10: the scores took 2.2 times the gradient's time for the same multiply-adds).</summary>
    const int ColumnsPerPass = 16;

    /// <summary>
    /// The scores of <typeparamref name="TOuts"/> (1 to 5) outputs whose weights start at <paramref name="w"/>,
    /// <c>d</c> apart: per pass of <see cref="ColumnsPerPass"/> columns, two vectors of rows at a time, their
    /// accumulators carried over in <paramref name="s"/> from the pass before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Scores<TOuts, T>(ref T x, int stride, int d, ref T w, ref T s, int sStride, int rows, int ahead)
        where TOuts : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int q = TOuts.Count, lanes = Vector256<T>.Count, pairs = rows - rows % (2 * lanes);
        ref T w1 = ref Unsafe.Add(ref w, q > 1 ? d : 0);
        ref T w2 = ref Unsafe.Add(ref w, q > 2 ? 2 * d : 0);
        ref T w3 = ref Unsafe.Add(ref w, q > 3 ? 3 * d : 0);
        ref T w4 = ref Unsafe.Add(ref w, q > 4 ? 4 * d : 0);
        ref T s4 = ref Unsafe.Add(ref s, q > 4 ? 4 * sStride : 0);
        ref T s1 = ref Unsafe.Add(ref s, q > 1 ? sStride : 0);
        ref T s2 = ref Unsafe.Add(ref s, q > 2 ? 2 * sStride : 0);
        ref T s3 = ref Unsafe.Add(ref s, q > 3 ? 3 * sStride : 0);
        for (int first = 0; first < d; first += ColumnsPerPass)
        {
            int last = Math.Min(d, first + ColumnsPerPass);
            for (int i = 0; i < pairs; i += 2 * lanes)
            {
                Vector256<T> a0, a1, b0 = default, b1 = default, c0 = default, c1 = default, e0 = default, e1 = default, f0 = default, f1 = default;
                int j = first;
                if (first == 0)
                {
                    if (ahead > 0) Blocks.Prefetch(ref x, i + ahead);
                    var x0 = Vector256.LoadUnsafe(ref x, (nuint)i);
                    var x1 = Vector256.LoadUnsafe(ref x, (nuint)(i + lanes));
                    var v = Vector256.Create(w);
                    a0 = x0 * v; a1 = x1 * v;
                    if (q > 1) { v = Vector256.Create(w1); b0 = x0 * v; b1 = x1 * v; }
                    if (q > 2) { v = Vector256.Create(w2); c0 = x0 * v; c1 = x1 * v; }
                    if (q > 3) { v = Vector256.Create(w3); e0 = x0 * v; e1 = x1 * v; }
                    if (q > 4) { v = Vector256.Create(w4); f0 = x0 * v; f1 = x1 * v; }
                    j = 1;
                }
                else
                {
                    a0 = Vector256.LoadUnsafe(ref s, (nuint)i); a1 = Vector256.LoadUnsafe(ref s, (nuint)(i + lanes));
                    if (q > 1) { b0 = Vector256.LoadUnsafe(ref s1, (nuint)i); b1 = Vector256.LoadUnsafe(ref s1, (nuint)(i + lanes)); }
                    if (q > 2) { c0 = Vector256.LoadUnsafe(ref s2, (nuint)i); c1 = Vector256.LoadUnsafe(ref s2, (nuint)(i + lanes)); }
                    if (q > 3) { e0 = Vector256.LoadUnsafe(ref s3, (nuint)i); e1 = Vector256.LoadUnsafe(ref s3, (nuint)(i + lanes)); }
                    if (q > 4) { f0 = Vector256.LoadUnsafe(ref s4, (nuint)i); f1 = Vector256.LoadUnsafe(ref s4, (nuint)(i + lanes)); }
                }
                for (; j < last; j++)
                {
                    ref T col = ref Unsafe.Add(ref x, j * stride);
                    if (ahead > 0) Blocks.Prefetch(ref col, i + ahead);
                    var x0 = Vector256.LoadUnsafe(ref col, (nuint)i);
                    var x1 = Vector256.LoadUnsafe(ref col, (nuint)(i + lanes));
                    var v = Vector256.Create(Unsafe.Add(ref w, j));
                    a0 = VectorMath.FusedMultiplyAdd(x0, v, a0);
                    a1 = VectorMath.FusedMultiplyAdd(x1, v, a1);
                    if (q > 1)
                    {
                        v = Vector256.Create(Unsafe.Add(ref w1, j));
                        b0 = VectorMath.FusedMultiplyAdd(x0, v, b0);
                        b1 = VectorMath.FusedMultiplyAdd(x1, v, b1);
                    }
                    if (q > 2)
                    {
                        v = Vector256.Create(Unsafe.Add(ref w2, j));
                        c0 = VectorMath.FusedMultiplyAdd(x0, v, c0);
                        c1 = VectorMath.FusedMultiplyAdd(x1, v, c1);
                    }
                    if (q > 3)
                    {
                        v = Vector256.Create(Unsafe.Add(ref w3, j));
                        e0 = VectorMath.FusedMultiplyAdd(x0, v, e0);
                        e1 = VectorMath.FusedMultiplyAdd(x1, v, e1);
                    }
                    if (q > 4)
                    {
                        v = Vector256.Create(Unsafe.Add(ref w4, j));
                        f0 = VectorMath.FusedMultiplyAdd(x0, v, f0);
                        f1 = VectorMath.FusedMultiplyAdd(x1, v, f1);
                    }
                }
                a0.StoreUnsafe(ref s, (nuint)i); a1.StoreUnsafe(ref s, (nuint)(i + lanes));
                if (q > 1) { b0.StoreUnsafe(ref s1, (nuint)i); b1.StoreUnsafe(ref s1, (nuint)(i + lanes)); }
                if (q > 2) { c0.StoreUnsafe(ref s2, (nuint)i); c1.StoreUnsafe(ref s2, (nuint)(i + lanes)); }
                if (q > 3) { e0.StoreUnsafe(ref s3, (nuint)i); e1.StoreUnsafe(ref s3, (nuint)(i + lanes)); }
                if (q > 4) { f0.StoreUnsafe(ref s4, (nuint)i); f1.StoreUnsafe(ref s4, (nuint)(i + lanes)); }
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
            var x = Vector256.LoadUnsafe(ref c0, (nuint)i);
            a0 = VectorMath.FusedMultiplyAdd(x, d0, a0);
            if (q > 1) b0 = VectorMath.FusedMultiplyAdd(x, d1, b0);
            if (q > 2) e0 = VectorMath.FusedMultiplyAdd(x, d2, e0);
            if (c > 1)
            {
                x = Vector256.LoadUnsafe(ref c1, (nuint)i);
                a1 = VectorMath.FusedMultiplyAdd(x, d0, a1);
                if (q > 1) b1 = VectorMath.FusedMultiplyAdd(x, d1, b1);
                if (q > 2) e1 = VectorMath.FusedMultiplyAdd(x, d2, e1);
            }
            if (c > 2)
            {
                x = Vector256.LoadUnsafe(ref c2, (nuint)i);
                a2 = VectorMath.FusedMultiplyAdd(x, d0, a2);
                if (q > 1) b2 = VectorMath.FusedMultiplyAdd(x, d1, b2);
                if (q > 2) e2 = VectorMath.FusedMultiplyAdd(x, d2, e2);
            }
            if (c > 3)
            {
                x = Vector256.LoadUnsafe(ref c3, (nuint)i);
                a3 = VectorMath.FusedMultiplyAdd(x, d0, a3);
                if (q > 1) b3 = VectorMath.FusedMultiplyAdd(x, d1, b3);
                if (q > 2) e3 = VectorMath.FusedMultiplyAdd(x, d2, e3);
            }
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
