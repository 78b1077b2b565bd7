namespace Descent.Core;

/// <summary>
/// A range of rows of a column-major matrix held in one contiguous span: column j of the range is
/// <c>Data[j·Stride + Start .. + Rows]</c>. The training set, its targets and every batch are such views.
/// </summary>
public readonly ref struct ColumnMajorRows<T>
{
    public readonly ReadOnlySpan<T> Data;
    public readonly int Stride;
    public readonly int Start;
    public readonly int Rows;
    public readonly int Columns;

    public ColumnMajorRows(ReadOnlySpan<T> data, int stride, int start, int rows, int columns)
    {
        if (stride < 0 || start < 0 || rows < 0 || columns < 0 || start + rows > stride)
            throw new ArgumentOutOfRangeException(nameof(rows), $"Rows [{start}, {start + rows}) do not fit a stride of {stride}.");
        if ((long)stride * columns > data.Length)
            throw new ArgumentException($"{columns} columns of stride {stride} need {(long)stride * columns} elements; the span has {data.Length}.", nameof(data));
        Data = data;
        Stride = stride;
        Start = start;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>All rows of a column-major matrix with <paramref name="rows"/> rows.</summary>
    public static ColumnMajorRows<T> Whole(ReadOnlySpan<T> data, int rows, int columns) => new(data, rows, 0, rows, columns);

    /// <summary>Column <paramref name="j"/> restricted to this row range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Column(int j) => Data.Slice(j * Stride + Start, Rows);

    /// <summary>Rows [start, start + rows) of this range (relative to it).</summary>
    public ColumnMajorRows<T> Slice(int start, int rows)
    {
        if (start < 0 || rows < 0 || start + rows > Rows)
            throw new ArgumentOutOfRangeException(nameof(rows), $"Rows [{start}, {start + rows}) are outside a range of {Rows}.");
        return new ColumnMajorRows<T>(Data, Stride, Start + start, rows, Columns);
    }
}
