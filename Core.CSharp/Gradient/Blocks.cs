using System.Runtime.Intrinsics.X86;

namespace Descent.Core;

/// <summary>
/// The dense loops of the fused kernels over a block of rows of a column-major matrix (column j starts
/// <c>j·stride</c> elements after column 0), up to four columns per pass: no bounds checks, fused multiply-adds, and a
/// summation order fixed by the shape alone.
/// </summary>
internal static class Blocks
{
    /// <summary>
    /// s = X·w over <paramref name="rows"/> rows of <paramref name="d"/> columns: zᵢ = (((xᵢ₀w₀ + xᵢ₁w₁) + …) + xᵢ,d−1 w_d−1).
    /// Prefetches the rows <paramref name="ahead"/> further on in every column into L2 (none when 0): the next block
    /// or batch, which the hardware prefetcher does not follow across dozens of columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scores<T>(ref T x, int stride, int d, ReadOnlySpan<T> w, ref T s, int rows, int ahead)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int j = 0;
        for (; j + 4 <= d; j += 4)
            Scores<Four, T>(ref Unsafe.Add(ref x, j * stride), stride, w.Slice(j), ref s, rows, ahead, first: j == 0);
        ref T rest = ref Unsafe.Add(ref x, j * stride);
        switch (d - j)
        {
            case 1: Scores<One, T>(ref rest, stride, w.Slice(j), ref s, rows, ahead, first: j == 0); break;
            case 2: Scores<Two, T>(ref rest, stride, w.Slice(j), ref s, rows, ahead, first: j == 0); break;
            case 3: Scores<Three, T>(ref rest, stride, w.Slice(j), ref s, rows, ahead, first: j == 0); break;
        }
    }

    /// <summary>gⱼ += Σᵢ xᵢⱼ·sᵢ over <paramref name="rows"/> rows of <paramref name="d"/> columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gradient<T>(ref T x, int stride, int d, ref T s, int rows, Span<T> g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int j = 0;
        for (; j + 4 <= d; j += 4)
            Dot<Four, T>(ref Unsafe.Add(ref x, j * stride), stride, ref s, rows, g.Slice(j));
        ref T rest = ref Unsafe.Add(ref x, j * stride);
        switch (d - j)
        {
            case 1: Dot<One, T>(ref rest, stride, ref s, rows, g.Slice(j)); break;
            case 2: Dot<Two, T>(ref rest, stride, ref s, rows, g.Slice(j)); break;
            case 3: Dot<Three, T>(ref rest, stride, ref s, rows, g.Slice(j)); break;
        }
    }

    /// <summary>s (= or +=) Σ_q x_q·w_q for the <typeparamref name="TCols"/> columns from <paramref name="c0"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Scores<TCols, T>(ref T c0, int stride, ReadOnlySpan<T> w, ref T s, int rows, int ahead, bool first)
        where TCols : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int c = TCols.Count, lanes = Vector256<T>.Count, i = 0;
        ref T c1 = ref Unsafe.Add(ref c0, c > 1 ? stride : 0);
        ref T c2 = ref Unsafe.Add(ref c0, c > 2 ? 2 * stride : 0);
        ref T c3 = ref Unsafe.Add(ref c0, c > 3 ? 3 * stride : 0);
        T v0 = w[0], v1 = c > 1 ? w[1] : T.Zero, v2 = c > 2 ? w[2] : T.Zero, v3 = c > 3 ? w[3] : T.Zero;
        var w0 = Vector256.Create(v0);
        var w1 = Vector256.Create(v1);
        var w2 = Vector256.Create(v2);
        var w3 = Vector256.Create(v3);
        // Two vectors are one 64-byte line of each column: one prefetch per column per step.
        for (; i <= rows - 2 * lanes; i += 2 * lanes)
        {
            if (ahead > 0)
            {
                Prefetch(ref c0, i + ahead);
                if (c > 1) Prefetch(ref c1, i + ahead);
                if (c > 2) Prefetch(ref c2, i + ahead);
                if (c > 3) Prefetch(ref c3, i + ahead);
            }
            Vector256<T> s0 = default, s1 = default;
            if (!first)
            {
                s0 = Vector256.LoadUnsafe(ref s, (nuint)i);
                s1 = Vector256.LoadUnsafe(ref s, (nuint)(i + lanes));
            }
            ScorePair<TCols, T>(ref c0, ref c1, ref c2, ref c3, w0, w1, w2, w3, i, first, ref s0, ref s1);
            s0.StoreUnsafe(ref s, (nuint)i);
            s1.StoreUnsafe(ref s, (nuint)(i + lanes));
        }
        if (i < rows)
        {
            // The last 1 to 2·lanes − 1 rows as two zero-padded vectors (the drivers' tail), through the same chain.
            int n0 = Math.Min(rows - i, lanes), n1 = rows - i - n0;
            var z0 = first ? Tail(ref c0, i, n0) * w0 : VectorMath.FusedMultiplyAdd(Tail(ref c0, i, n0), w0, Tail(ref s, i, n0));
            var z1 = first ? Tail(ref c0, i + lanes, n1) * w0 : VectorMath.FusedMultiplyAdd(Tail(ref c0, i + lanes, n1), w0, Tail(ref s, i + lanes, n1));
            if (c > 1) MultiplyAddTail(ref c1, i, n0, n1, w1, w1, ref z0, ref z1);
            if (c > 2) MultiplyAddTail(ref c2, i, n0, n1, w2, w2, ref z0, ref z1);
            if (c > 3) MultiplyAddTail(ref c3, i, n0, n1, w3, w3, ref z0, ref z1);
            PartialVector.Store(z0, MemoryMarshal.CreateSpan(ref Unsafe.Add(ref s, i), n0));
            PartialVector.Store(z1, MemoryMarshal.CreateSpan(ref Unsafe.Add(ref s, i + lanes), n1));
        }
    }

    /// <summary>
    /// The scores of the two vectors of rows from <paramref name="i"/>: z (=|+=) x₀w₀, then z = fma(x_q, w_q, z) for
    /// each further column in order, the same operations whether the pair is stored or goes straight into the loss.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ScorePair<TCols, T>(ref T c0, ref T c1, ref T c2, ref T c3,
        Vector256<T> w0, Vector256<T> w1, Vector256<T> w2, Vector256<T> w3, int i, bool first, ref Vector256<T> z0, ref Vector256<T> z1)
        where TCols : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        if (first)
        {
            z0 = Vector256.LoadUnsafe(ref c0, (nuint)i) * w0;
            z1 = Vector256.LoadUnsafe(ref c0, (nuint)(i + lanes)) * w0;
        }
        else
        {
            MultiplyAddPair(ref c0, i, w0, w0, ref z0, ref z1);
        }
        if (TCols.Count > 1) MultiplyAddPair(ref c1, i, w1, w1, ref z0, ref z1);
        if (TCols.Count > 2) MultiplyAddPair(ref c2, i, w2, w2, ref z0, ref z1);
        if (TCols.Count > 3) MultiplyAddPair(ref c3, i, w3, w3, ref z0, ref z1);
    }

    /// <summary>
    /// The two vectors of a column from row <paramref name="i"/> times <paramref name="m0"/> and <paramref name="m1"/>,
    /// added to <paramref name="acc0"/> and <paramref name="acc1"/> (one fused multiply-add each): a score pair's step
    /// per column (m = the column's weight) and the gradient's (m = the derivatives).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void MultiplyAddPair<T>(ref T column, int i, Vector256<T> m0, Vector256<T> m1, ref Vector256<T> acc0, ref Vector256<T> acc1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        acc0 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)i), m0, acc0);
        acc1 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(i + Vector256<T>.Count)), m1, acc1);
    }

    /// <summary>
    /// g[q] += Σᵢ x_q[i]·s[i] for the <typeparamref name="TCols"/> columns from <paramref name="c0"/>: two accumulators
    /// per column (even and odd vectors, the zero-padded tail last), added together, their lanes summed into g
    /// (<see cref="VectorMath.AddSums"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Dot<TCols, T>(ref T c0, int stride, ref T s, int rows, Span<T> g)
        where TCols : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int c = TCols.Count, lanes = Vector256<T>.Count, i = 0;
        ref T c1 = ref Unsafe.Add(ref c0, c > 1 ? stride : 0);
        ref T c2 = ref Unsafe.Add(ref c0, c > 2 ? 2 * stride : 0);
        ref T c3 = ref Unsafe.Add(ref c0, c > 3 ? 3 * stride : 0);
        Vector256<T> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        for (; i <= rows - 2 * lanes; i += 2 * lanes)
        {
            var d0 = Vector256.LoadUnsafe(ref s, (nuint)i);
            var d1 = Vector256.LoadUnsafe(ref s, (nuint)(i + lanes));
            MultiplyAddPair(ref c0, i, d0, d1, ref a0, ref b0);
            if (c > 1) MultiplyAddPair(ref c1, i, d0, d1, ref a1, ref b1);
            if (c > 2) MultiplyAddPair(ref c2, i, d0, d1, ref a2, ref b2);
            if (c > 3) MultiplyAddPair(ref c3, i, d0, d1, ref a3, ref b3);
        }
        if (i < rows)
        {
            // The last 1 to 2·lanes − 1 rows as two zero-padded vectors (the drivers' tail) into the accumulators.
            int n0 = Math.Min(rows - i, lanes), n1 = rows - i - n0;
            Vector256<T> d0 = Tail(ref s, i, n0), d1 = Tail(ref s, i + lanes, n1);
            MultiplyAddTail(ref c0, i, n0, n1, d0, d1, ref a0, ref b0);
            if (c > 1) MultiplyAddTail(ref c1, i, n0, n1, d0, d1, ref a1, ref b1);
            if (c > 2) MultiplyAddTail(ref c2, i, n0, n1, d0, d1, ref a2, ref b2);
            if (c > 3) MultiplyAddTail(ref c3, i, n0, n1, d0, d1, ref a3, ref b3);
        }
        VectorMath.AddSums(ref MemoryMarshal.GetReference(g), c, a0 + b0, a1 + b1, a2 + b2, a3 + b3);
    }

    /// <summary>
    /// <see cref="MultiplyAddPair{T}"/> for the last 1 to 2·lanes − 1 rows from <paramref name="i"/>: the column's
    /// <paramref name="n0"/> and <paramref name="n1"/> elements as two zero-padded vectors (the drivers' tail).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void MultiplyAddTail<T>(ref T column, int i, int n0, int n1, Vector256<T> m0, Vector256<T> m1, ref Vector256<T> acc0, ref Vector256<T> acc1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        acc0 = VectorMath.FusedMultiplyAdd(Tail(ref column, i, n0), m0, acc0);
        acc1 = VectorMath.FusedMultiplyAdd(Tail(ref column, i + Vector256<T>.Count, n1), m1, acc1);
    }

    /// <summary><paramref name="count"/> (0 to lanes) elements from <paramref name="start"/> after <paramref name="column"/>, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> Tail<T>(ref T column, int start, int count) where T : unmanaged
        => PartialVector.Load(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref column, start), count));

    /// <summary>
    /// Asks for the cache line of element <paramref name="index"/> after <paramref name="column"/> in L2. A hint: the
    /// address is plain arithmetic (no managed reference past the array is formed) and a prefetch never faults.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Prefetch<T>(ref T column, int index) where T : unmanaged
    {
        if (Sse.IsSupported) Sse.Prefetch1((T*)Unsafe.AsPointer(ref column) + index);
    }

    /// <summary><see cref="Prefetch{T}"/> of 1 to 4 consecutive 64-byte lines from element <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void PrefetchLines<T>(ref T column, int index, int lines) where T : unmanaged
    {
        if (!Sse.IsSupported) return;
        byte* p = (byte*)((T*)Unsafe.AsPointer(ref column) + index);
        Sse.Prefetch1(p);
        if (lines > 1) Sse.Prefetch1(p + 64);
        if (lines > 2) Sse.Prefetch1(p + 128);
        if (lines > 3) Sse.Prefetch1(p + 192);
    }
}
