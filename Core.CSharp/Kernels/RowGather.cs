namespace Descent.Core;

/// <summary>
/// Row selection in a column-major matrix (a split's rows, a shuffle): for rows at <c>indices</c> (m of them) of an
/// n-row matrix, column j of the result is <c>dst[j·m + i] = src[j·n + indices[i]]</c>. Each column is one random
/// gather inside an n-value column, so the work is bound by memory latency, not arithmetic: big matrices take a column
/// per core. Values are copied, never computed, so the result is bit for bit the rows selected.
/// </summary>
public static class RowGather
{
    /// <summary><c>dst[i] = src[indices[i]]</c> for every i &lt; <c>indices.Length</c>.</summary>
    /// <exception cref="IndexOutOfRangeException">An index is outside <paramref name="src"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Column<T>(ReadOnlySpan<T> src, ReadOnlySpan<int> indices, Span<T> dst) where T : unmanaged
    {
        if (dst.Length < indices.Length)
            throw new ArgumentException($"{dst.Length} values of room for {indices.Length} rows.", nameof(dst));
        dst = dst[..indices.Length];
        for (int i = 0; i < dst.Length; i++) dst[i] = src[indices[i]];
    }

    /// <summary>
    /// The rows at <paramref name="indices"/> of the first <paramref name="columns"/> columns of the
    /// <paramref name="rows"/>-row matrix <paramref name="src"/>, written column-major (m = indices.Length rows per
    /// column) to <paramref name="dst"/>.
    /// </summary>
    public static void Columns(double[] src, int rows, int columns, int[] indices, double[] dst)
    {
        Check(src, rows, columns, indices);
        int m = indices.Length;
        if ((long)m * columns > dst.Length)
            throw new ArgumentException($"{dst.Length} values of room for {m}×{columns}.", nameof(dst));
        ColumnParallel.For(columns, (long)columns * m, j => Column(src.AsSpan(j * rows, rows), indices, dst.AsSpan(j * m, m)));
    }

    /// <summary>
    /// In place: the first m·columns values of <paramref name="data"/> (m = indices.Length ≤ rows) become the rows at
    /// <paramref name="indices"/> of the <paramref name="rows"/>-row matrix it held. Column j goes to [j·m, (j+1)·m),
    /// which can only overlap source columns up to j (since m ≤ rows), so columns are taken a core's worth at a time:
    /// a column whose place lies wholly below every source column still being read (with m = rows/2, all but the
    /// first) is gathered straight into it; the others are gathered into buffers, copied into place once that round's
    /// columns have all been read.
    /// </summary>
    public static void InPlace(double[] data, int rows, int columns, int[] indices)
    {
        Check(data, rows, columns, indices);
        int m = indices.Length;
        if (m > rows) throw new ArgumentException($"{m} indices for {rows} rows: the rows cannot grow in place.", nameof(indices));
        int width = Math.Max(1, Math.Min(columns, Environment.ProcessorCount));
        var buffers = new double[width][];
        for (int j0 = 0; j0 < columns; j0 += width)
        {
            int count = Math.Min(width, columns - j0);
            int first = j0;
            bool Direct(int j) => (long)(j + 1) * m <= (long)first * rows;
            for (int k = 0; k < count; k++)
                if (!Direct(first + k)) buffers[k] ??= GC.AllocateUninitializedArray<double>(m);
            ColumnParallel.For(count, (long)count * m, k =>
            {
                int j = first + k;
                Column(data.AsSpan(j * rows, rows), indices, Direct(j) ? data.AsSpan(j * m, m) : buffers[k]);
            });
            ColumnParallel.For(count, (long)count * m, k =>
            {
                int j = first + k;
                if (!Direct(j)) buffers[k].AsSpan(0, m).CopyTo(data.AsSpan(j * m, m));
            });
        }
    }

    static void Check(double[] data, int rows, int columns, int[] indices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns > data.Length)
            throw new ArgumentException($"{data.Length} values hold no {rows}×{columns} matrix.", nameof(data));
    }
}
