namespace Descent.Core;

/// <summary>
/// The column loops of the matrix kernels (row gathers, feature scaling): one item per column or group of columns,
/// on all cores once the matrix is big enough for the threads to pay, else on the calling thread.
/// </summary>
internal static class ColumnParallel
{
    /// <summary>Values (rows × columns) from which the items run on all cores.</summary>
    public const int Values = 1 << 18;

    /// <summary>Runs <paramref name="body"/> for 0 .. count − 1, on all cores when there are several items and
    /// <paramref name="values"/> (the values they touch) reach <see cref="Values"/>.</summary>
    public static void For(int count, long values, Action<int> body)
    {
        if (count > 1 && values >= Values)
            Parallel.For(0, count, body);
        else
            for (int k = 0; k < count; k++) body(k);
    }
}
