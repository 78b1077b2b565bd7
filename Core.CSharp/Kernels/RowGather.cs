using System.Runtime.Intrinsics.X86;

namespace Descent.Core;

/// <summary>
/// Row selection in a column-major matrix (a split's rows, a shuffle): for rows at <c>indices</c> (m of them) of an
/// n-row matrix, column j of the result is <c>dst[j·m + i] = src[j·n + indices[i]]</c>. Each column is one random
/// gather inside an n-value column, so the work is bound by memory latency, not arithmetic: big matrices take a column
/// per core. Values are copied, never computed, so the result is bit for bit the rows selected.
/// </summary>
public static class RowGather
{
    /// <summary>Values (rows × columns) from which the columns are gathered on all cores.</summary>
    public const int ParallelValues = ColumnParallel.Values;

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

    /// <summary>
    /// The rows at <paramref name="indices"/> of the row-major n × <paramref name="columns"/> matrix
    /// <paramref name="src"/> (row r at <c>src[r·columns ..]</c>), written column-major to <paramref name="dst"/>:
    /// <c>dst[j·m + i] = src[indices[i]·columns + j]</c>, m = indices.Length.
    /// <para>
    /// Rows are taken <see cref="TileRows"/> at a time and each column's run of them written at once: a source row
    /// is read whole (contiguous cache lines) and stays in cache while its values go to the columns, each column
    /// gets a run of consecutive values, and a big result is written past the cache (non-temporal stores): it is far
    /// bigger than the cache, and writing it through would first read every line of it. On 990,000 of 1,000,000
    /// rows × 64 columns, both cores: 40–72 ms against 90–157 ms for eight rows at a time with ordinary stores (ten
    /// rounds, one process; AMD EPYC, 2 cores).
    /// </para>
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">An index is not a row of <paramref name="src"/>.</exception>
    public static void FromRows(double[] src, int columns, int[] indices, double[] dst)
        => FromRows(src, columns, indices, dst, ones: false);

    /// <summary>
    /// <see cref="FromRows(double[], int, int[], double[])"/> with one more column, of ones, written in the same pass:
    /// a split's set with its bias column, <c>dst[columns·m + i] = 1</c>.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">An index is not a row of <paramref name="src"/>.</exception>
    public static void FromRowsWithOnes(double[] src, int columns, int[] indices, double[] dst)
        => FromRows(src, columns, indices, dst, ones: true);

    static void FromRows(double[] src, int columns, int[] indices, double[] dst, bool ones)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        int m = indices.Length;
        int written = ones ? columns + 1 : columns;
        if ((long)m * written > dst.Length)
            throw new ArgumentException($"{dst.Length} values of room for {m}×{written}.", nameof(dst));
        if (columns == 0 && !ones) return;
        int n = columns == 0 ? int.MaxValue : src.Length / columns;
        bool big = (long)m * written >= ParallelValues;
        int chunks = big ? Math.Max(1, Math.Min(64, m / 1024)) : 1;
        if (chunks > 1)
            Parallel.For(0, chunks, c => RowsToColumns(src, n, columns, indices, dst, ones, (int)((long)c * m / chunks), (int)((long)(c + 1) * m / chunks), stream: true));
        else
            RowsToColumns(src, n, columns, indices, dst, ones, 0, m, big);
    }

    /// <summary>Source rows per tile of FromRows: 128 rows of 64 doubles are 64 KiB, well inside a core's L2.</summary>
    const int TileRows = 128;

    /// <summary>FromRows for the result rows lo .. hi − 1 (with <paramref name="stream"/>, written non-temporally).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void RowsToColumns(double[] src, int n, int columns, int[] indices, double[] dst, bool ones, int lo, int hi, bool stream)
    {
        int m = indices.Length;
        bool streamed = stream && Sse2.X64.IsSupported;
        nint* row = stackalloc nint[TileRows];
        fixed (double* s = src, d = dst)
        {
            for (int i0 = lo; i0 < hi; i0 += TileRows)
            {
                int t = Math.Min(TileRows, hi - i0);
                for (int q = 0; q < t; q++) row[q] = RowStart(indices[i0 + q], n, columns);
                for (nint j = 0; j < columns; j++)
                {
                    double* o = d + j * m + i0;
                    if (streamed)
                        for (int q = 0; q < t; q++) Sse2.X64.StoreNonTemporal((long*)(o + q), *(long*)(s + row[q] + j));
                    else
                        for (int q = 0; q < t; q++) o[q] = s[row[q] + j];
                }
                if (ones)
                {
                    double* o = d + (nint)columns * m + i0;
                    if (streamed)
                        for (int q = 0; q < t; q++) Sse2.X64.StoreNonTemporal((long*)(o + q), BitConverter.DoubleToInt64Bits(1.0));
                    else
                        new Span<double>(o, t).Fill(1.0);
                }
            }
        }
        // Non-temporal stores are weakly ordered: fenced before another thread may read the result.
        if (streamed) Sse.StoreFence();
    }

    /// <summary>Where row <paramref name="index"/> starts in a row-major source of n rows; refuses any other index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static nint RowStart(int index, int n, int columns)
    {
        if ((uint)index >= (uint)n) throw new IndexOutOfRangeException($"row {index} of a {n}-row matrix");
        return (nint)index * columns;
    }

    static void Check(double[] data, int rows, int columns, int[] indices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns > data.Length)
            throw new ArgumentException($"{data.Length} values hold no {rows}×{columns} matrix.", nameof(data));
    }
}
