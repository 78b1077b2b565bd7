namespace Descent.Core;

/// <summary>The chunks of one batch: where each chunk's loss and gradient go, and how one is computed.</summary>
internal readonly struct ChunkJob<T>(LossKind loss, int chunks, int size, T[] partials, double[] losses)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public int Chunks => chunks;

    /// <summary>Chunk <paramref name="c"/>: rows [c·ChunkRows, …) into its own slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(int c, ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> scratch)
    {
        int start = c * GradientEngine<T>.ChunkRows, rows = Math.Min(GradientEngine<T>.ChunkRows, x.Rows - start);
        losses[c] = FusedGradient.Compute(loss, x.Slice(start, rows), targets.Slice(start, rows), w,
            partials.AsSpan(c * size, size), scratch);
    }
}
