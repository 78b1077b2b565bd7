namespace Descent.Core;

/// <summary>
/// A column-major matrix laid out again as consecutive tiles of <c>batch</c> rows (the last may be shorter), each
/// tile column-major on its own: tile t holds rows [t·batch, t·batch + m) and starts at element t·batch·columns.
/// Mini-batches taken in order then read one contiguous run of memory each, where in the column-major matrix each
/// batch is one short run per column, megabytes apart, which the memory serves several times slower.
/// The values, and so every result computed from them, are the same.
/// </summary>
public static class BatchTiles
{
    /// <summary>The tiles of a <paramref name="rows"/> × <paramref name="columns"/> column-major matrix.</summary>
    public static T[] Arrange<T>(ReadOnlySpan<T> matrix, int rows, int columns, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if ((long)rows * columns != matrix.Length)
            throw new ArgumentException($"{rows}×{columns} does not match {matrix.Length} elements.", nameof(matrix));
        var tiles = new T[matrix.Length];
        for (int start = 0; start < rows; start += batch)
        {
            int m = Math.Min(batch, rows - start);
            for (int j = 0; j < columns; j++)
                matrix.Slice(j * rows + start, m).CopyTo(tiles.AsSpan(start * columns + j * m, m));
        }
        return tiles;
    }

    /// <summary>The batch of <paramref name="rows"/> rows from row <paramref name="start"/> (a multiple of the batch size).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ColumnMajorRows<T> Batch<T>(ReadOnlySpan<T> tiles, int start, int rows, int columns)
        => new(tiles.Slice(start * columns, rows * columns), rows, 0, rows, columns);
}
