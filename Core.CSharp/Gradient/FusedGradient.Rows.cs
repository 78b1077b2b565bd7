namespace Descent.Core;

public static partial class FusedGradient
{
    /// <summary>
    /// Scratch elements a batch of <paramref name="outputs"/> outputs needs: a block of scores per output (the
    /// row-wise losses hold a row's K scores at once) and a zero-padded vector of targets per output for the tail.
    /// </summary>
    public static int ScratchLength<T>(int outputs) where T : unmanaged
        => Math.Max(1, outputs) * (BlockRows + Vector256<T>.Count);

    /// <summary>
    /// Rows per block of the K-output layout: <see cref="BlockRowsFor{T}"/>, or fewer when the scratch span cannot
    /// hold K blocks of scores and the tail's K target vectors; a multiple of 16 (0: the scratch is too small).
    /// </summary>
    static int OutputBlockRows<T>(int d, int outputs, int scratchLength) where T : unmanaged
        => Math.Min(BlockRowsFor<T>(d), Math.Max(0, scratchLength / outputs - Vector256<T>.Count) / 16 * 16);

    /// <summary>
    /// The blocked layout for K &gt; 1 outputs (<see cref="OutputBlocks"/>): per block of rows sized to stay in cache,
    /// the K score columns go into K scratch blocks (the first group prefetching the next block), the loss turns
    /// them into derivatives in place — a row's K scores together (<see cref="IRowLossOperator{T}"/>) — and the K
    /// gradient columns read the block again from cache. Arguments checked, gradient cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe double RowBlocked<TLoss, T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch)
        where TLoss : IRowLossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => BlockLoop(x, targets, w, gradient, scratch, OutputBlockRows<T>(x.Columns, targets.Columns, scratch.Length), &AllOutputs<RowLoss<TLoss, T>, T>);

    /// <summary>
    /// <see cref="RowBlocked{TLoss, T}"/>'s layout for a lane-wise loss on each of K &gt; 1 outputs (one-vs-rest):
    /// the scores and the gradient of all outputs per block at once, the loss output by output
    /// (<see cref="LossAndDerivative{TLoss, TCols, T}"/>). Arguments checked, gradient cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe double OutputsBlocked<TLoss, T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => BlockLoop(x, targets, w, gradient, scratch, OutputBlockRows<T>(x.Columns, targets.Columns, scratch.Length), &AllOutputs<LaneLosses<TLoss, T>, T>);

    /// <summary>
    /// One block of the K-output layouts: the K score columns into K scratch blocks of <c>block</c> rows (the first group
    /// prefetching the next block), the loss <typeparamref name="TLosses"/> turning them into derivatives in place, and
    /// the K gradient columns reading the block again from cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double AllOutputs<TLosses, T>(ref T x, int stride, int d, ReadOnlySpan<T> w, ref T y, int yStride, int outputs,
        ref T s, int block, int m, int ahead, Span<T> gradient)
        where TLosses : IBlockLosses<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // The next block's K target runs are fetched while this block's scores are computed.
        if (ahead > 0) OutputBlocks.Prefetch(ref Unsafe.Add(ref y, block), yStride, outputs, block);
        OutputBlocks.Scores(ref x, stride, d, w, outputs, ref s, block, m, ahead);
        double total = TLosses.Run(ref s, block, ref y, yStride, outputs, m);
        OutputBlocks.Gradient(ref x, stride, d, ref s, block, outputs, m, gradient);
        return total;
    }

    /// <summary>The loss of a block's K score columns (<c>sStride</c> apart in the scratch), replaced by the derivatives.</summary>
    interface IBlockLosses<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        static abstract double Run(ref T s, int sStride, ref T y, int yStride, int outputs, int m);
    }

    /// <summary>A row's K scores together (<see cref="RowLosses{TLoss, TV, T}"/>), the tail's targets after the K blocks.</summary>
    readonly struct RowLoss<TLoss, T> : IBlockLosses<T>
        where TLoss : IRowLossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Run(ref T s, int sStride, ref T y, int yStride, int outputs, int m)
            => Vector512.IsHardwareAccelerated
                ? RowLosses<TLoss, Vector512<T>, T>(ref s, sStride, ref y, yStride, outputs, m, ref Unsafe.Add(ref s, outputs * sStride))
                : RowLosses<TLoss, Vector256<T>, T>(ref s, sStride, ref y, yStride, outputs, m, ref Unsafe.Add(ref s, outputs * sStride));
    }

    /// <summary>Each output's lane-wise loss in turn (<see cref="LossAndDerivative{TLoss, TCols, T}"/> on stored scores).</summary>
    readonly struct LaneLosses<TLoss, T> : IBlockLosses<T>
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Run(ref T s, int sStride, ref T y, int yStride, int outputs, int m)
        {
            double total = 0;
            for (int k = 0; k < outputs; k++)
                total += LossAndDerivative<TLoss, Stored, T>(ref s, 0, default, ref Unsafe.Add(ref y, k * yStride), ref Unsafe.Add(ref s, k * sStride), m);
            return total;
        }
    }

    /// <summary>Whether a K-output batch takes <see cref="OutputsBlocked{TLoss, T}"/> (the scratch holds blocks of 16 rows or more).</summary>
    internal static bool FitsOutputBlocks<T>(int d, int outputs, int scratchLength) where T : unmanaged
        => outputs > 1 && OutputBlockRows<T>(d, outputs, scratchLength) >= 16;

    /// <summary>
    /// Σ ℓ over <paramref name="n"/> rows whose K scores are <paramref name="sStride"/> apart in <paramref name="s"/>,
    /// replaced by the derivatives: the last partial vector of rows first, its scores zero-padded and its targets
    /// copied zero-padded to <paramref name="tail"/> (padding rows weigh 0, and their losses are masked out), then the
    /// whole vectors (<typeparamref name="TV"/> wide, then any 256-bit one left); per-lane sums of 256-bit vectors in
    /// row order at either width (<see cref="VectorOps{TV, T}.AddInOrder"/>), then lanes in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double RowLosses<TLoss, TV, T>(ref T s, int sStride, ref T y, int yStride, int outputs, int n, ref T tail)
        where TLoss : IRowLossOperator<T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, whole = n - n % lanes, wideLanes = VectorOps<TV, T>.Lanes, wide = n - n % wideLanes;
        var acc = Vector256<T>.Zero;
        if (whole < n)
        {
            int count = n - whole;
            for (int k = 0; k < outputs; k++)
            {
                var scores = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref s, k * sStride + whole), lanes);
                scores.Slice(count).Clear();
                PartialVector.Load(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref y, k * yStride + whole), count))
                    .StoreUnsafe(ref tail, (nuint)(k * lanes));
            }
            acc = TLoss.Invoke<Vector256<T>>(ref Unsafe.Add(ref s, whole), sStride, ref tail, lanes, outputs) & PartialVector.FirstLanes<T>(count);
        }
        int i = 0;
        for (; i < wide; i += wideLanes)
            VectorOps<TV, T>.AddInOrder(ref acc, TLoss.Invoke<TV>(ref Unsafe.Add(ref s, i), sStride, ref Unsafe.Add(ref y, i), yStride, outputs));
        for (; i < whole; i += lanes)
            acc += TLoss.Invoke<Vector256<T>>(ref Unsafe.Add(ref s, i), sStride, ref Unsafe.Add(ref y, i), yStride, outputs);
        return double.CreateTruncating(Vector256.Sum(acc));
    }
}
