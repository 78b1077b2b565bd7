using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// The blocked layout for a loss over a row's K scores together (<see cref="IRowLossOperator{T}"/>): per block of
    /// rows sized to stay in cache (<see cref="BlockRowsFor{T}"/>), the K score columns go into K scratch blocks
    /// (<see cref="Blocks.Scores{T}"/>, the first prefetching the next block), the loss turns each vector of rows'
    /// K scores into derivatives in place, and the K gradient columns read the block again from cache.
    /// Arguments checked, gradient cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double RowBlocked<TLoss, T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch)
        where TLoss : IRowLossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int d = x.Columns, outputs = targets.Columns, rows = x.Rows, block = BlockRowsFor<T>(d);
        int ahead = x.Stride > rows || rows > block ? block : 0;
        ref T x0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(x.Data), x.Start);
        ref T y0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(targets.Data), targets.Start);
        ref T s = ref MemoryMarshal.GetReference(scratch);
        ref T tail = ref Unsafe.Add(ref s, outputs * BlockRows);
        double total = 0;
        for (int start = 0; start < rows; start += block)
        {
            int m = Math.Min(block, rows - start);
            ref T xb = ref Unsafe.Add(ref x0, start);
            for (int k = 0; k < outputs; k++)
                Blocks.Scores(ref xb, x.Stride, d, w.Slice(k * d, d), ref Unsafe.Add(ref s, k * BlockRows), m, k == 0 ? ahead : 0);
            total += RowLosses<TLoss, T>(ref s, ref Unsafe.Add(ref y0, start), targets.Stride, outputs, m, ref tail);
            for (int k = 0; k < outputs; k++)
                Blocks.Gradient(ref xb, x.Stride, d, ref Unsafe.Add(ref s, k * BlockRows), m, gradient.Slice(k * d, d));
        }
        return total;
    }

    /// <summary>
    /// Σ ℓ over <paramref name="n"/> rows whose K scores are <see cref="BlockRows"/> apart in <paramref name="s"/>,
    /// replaced by the derivatives: the last partial vector of rows first, its scores zero-padded and its targets
    /// copied zero-padded to <paramref name="tail"/> (padding rows weigh 0, and their losses are masked out), then the
    /// whole vectors; per-lane sums, then lanes in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double RowLosses<TLoss, T>(ref T s, ref T y, int yStride, int outputs, int n, ref T tail)
        where TLoss : IRowLossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, whole = n - n % lanes;
        var acc = Vector256<T>.Zero;
        if (whole < n)
        {
            int count = n - whole;
            for (int k = 0; k < outputs; k++)
            {
                var scores = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref s, k * BlockRows + whole), lanes);
                scores.Slice(count).Clear();
                PartialVector.Load(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref y, k * yStride + whole), count))
                    .StoreUnsafe(ref tail, (nuint)(k * lanes));
            }
            acc = TLoss.Invoke(ref Unsafe.Add(ref s, whole), BlockRows, ref tail, lanes, outputs) & PartialVector.FirstLanes<T>(count);
        }
        for (int i = 0; i < whole; i += lanes)
            acc += TLoss.Invoke(ref Unsafe.Add(ref s, i), BlockRows, ref Unsafe.Add(ref y, i), yStride, outputs);
        return double.CreateTruncating(Vector256.Sum(acc));
    }
}
