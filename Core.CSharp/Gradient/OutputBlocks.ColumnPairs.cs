using System.Runtime.Intrinsics.X86;

namespace Descent.Core;

internal static partial class OutputBlocks
{
    /// <summary>
    /// <see cref="Dot{TCols, TOuts, T}"/> of eight columns from <paramref name="c0"/> with 512-bit vectors, the same
    /// bits: each accumulator holds two columns' 256-bit accumulators side by side (columns c and c+1 of the same rows,
    /// times the same derivatives broadcast to both halves), so every 256-bit half sums exactly the products, in the
    /// order, that <see cref="Dot{TCols, TOuts, T}"/>'s accumulator of that column does, with half the multiply-adds
    /// (12 accumulators of 4 column pairs × 3 outputs). Its halves then go through <see cref="VectorMath.AddSums"/> and
    /// the rows past the last whole vector are added as there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ColumnPairs<TOuts, T>(ref T c0, int stride, ref T s, int sStride, int rows, ref T g, int d)
        where TOuts : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int q = TOuts.Count, lanes = Vector256<T>.Count, i = 0;
        ref T c2 = ref Unsafe.Add(ref c0, 2 * stride);
        ref T c4 = ref Unsafe.Add(ref c0, 4 * stride);
        ref T c6 = ref Unsafe.Add(ref c0, 6 * stride);
        ref T s1 = ref Unsafe.Add(ref s, q > 1 ? sStride : 0);
        ref T s2 = ref Unsafe.Add(ref s, q > 2 ? 2 * sStride : 0);
        Vector512<T> a01 = default, a23 = default, a45 = default, a67 = default, b01 = default, b23 = default, b45 = default, b67 = default;
        Vector512<T> e01 = default, e23 = default, e45 = default, e67 = default;
        for (; i <= rows - lanes; i += lanes)
        {
            var d0 = BothHalves(ref s, i);
            var d1 = q > 1 ? BothHalves(ref s1, i) : default;
            var d2 = q > 2 ? BothHalves(ref s2, i) : default;
            Multiply<Vector512<T>, T>(Pair(ref c0, stride, i), d0, d1, d2, q, ref a01, ref b01, ref e01);
            Multiply<Vector512<T>, T>(Pair(ref c2, stride, i), d0, d1, d2, q, ref a23, ref b23, ref e23);
            Multiply<Vector512<T>, T>(Pair(ref c4, stride, i), d0, d1, d2, q, ref a45, ref b45, ref e45);
            Multiply<Vector512<T>, T>(Pair(ref c6, stride, i), d0, d1, d2, q, ref a67, ref b67, ref e67);
        }
        AddSums(ref g, a01, a23, a45, a67);
        if (q > 1) AddSums(ref Unsafe.Add(ref g, d), b01, b23, b45, b67);
        if (q > 2) AddSums(ref Unsafe.Add(ref g, 2 * d), e01, e23, e45, e67);
        for (; i < rows; i++)
            for (int o = 0; o < q; o++)
            {
                T si = Unsafe.Add(ref s, o * sStride + i);
                ref T go = ref Unsafe.Add(ref g, o * d);
                for (int c = 0; c < 8; c++)
                    Unsafe.Add(ref go, c) = T.FusedMultiplyAdd(Unsafe.Add(ref c0, c * stride + i), si, Unsafe.Add(ref go, c));
            }
    }

    /// <summary>g[0..8) += the lane sums of the eight columns' 256-bit accumulators, four columns at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void AddSums<T>(ref T g, Vector512<T> p01, Vector512<T> p23, Vector512<T> p45, Vector512<T> p67)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        VectorMath.AddSums(ref g, 4, p01.GetLower(), p01.GetUpper(), p23.GetLower(), p23.GetUpper());
        VectorMath.AddSums(ref Unsafe.Add(ref g, 4), 4, p45.GetLower(), p45.GetUpper(), p67.GetLower(), p67.GetUpper());
    }

    /// <summary>The 256-bit vector of rows from <paramref name="i"/> of the column at <paramref name="c"/> and of the next column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<T> Pair<T>(ref T c, int stride, int i) where T : unmanaged
        => Vector512.Create(Vector256.LoadUnsafe(ref c, (nuint)i), Vector256.LoadUnsafe(ref Unsafe.Add(ref c, stride), (nuint)i));

    /// <summary>The 256-bit vector of rows from <paramref name="i"/> in both halves (one load; its bits, whatever T).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe Vector512<T> BothHalves<T>(ref T s, int i) where T : unmanaged
        => Avx512F.BroadcastVector256ToVector512((double*)Unsafe.AsPointer(ref Unsafe.Add(ref s, i))).As<double, T>();
}
