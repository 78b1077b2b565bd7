namespace Descent.Core;

/// <summary>
/// Feature scaling of a column-major matrix (column j at <c>data[j·rows ..]</c>): the statistics StandardScaler fits
/// and the (x − offset) / scale every scaler applies. Both give each column exactly the numbers of a plain loop over
/// that column alone, faster: the fit's sums run down each column in row order, as numpy's sums along axis 0 do, so
/// they are one chain of dependent additions per column — four columns' chains are interleaved so that their
/// latencies overlap; the scaling is vectorized, which changes nothing, since IEEE subtraction and division round
/// each lane as they would one value.
/// </summary>
public static class ColumnScaling
{
    /// <summary>
    /// Mean and population variance of each of the first <paramref name="columns"/> columns by the corrected two-pass
    /// algorithm: mean = Σv / n, then with t = v − mean, variance = (Σt² − (Σt)² / n) / n, every sum in row order.
    /// </summary>
    public static void MeanVariance(double[] data, int rows, int columns, double[] means, double[] variances)
    {
        Check(data, rows, columns, means, variances);
        int groups = (columns + 3) / 4;
        ColumnParallel.For(groups, (long)rows * columns, g => MeanVarianceOfFour(data, rows, columns, 4 * g, means, variances));
    }

    /// <summary>Columns j0 .. j0 + 3 (those below <paramref name="columns"/>; the last repeated to fill four).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MeanVarianceOfFour(double[] data, int rows, int columns, int j0, double[] means, double[] variances)
    {
        int last = Math.Min(columns, j0 + 4) - 1;
        ref double d = ref MemoryMarshal.GetArrayDataReference(data);
        nint o0 = (nint)j0 * rows, o1 = (nint)Math.Min(j0 + 1, last) * rows;
        nint o2 = (nint)Math.Min(j0 + 2, last) * rows, o3 = (nint)last * rows;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (nint i = 0; i < rows; i++)
        {
            s0 += Unsafe.Add(ref d, o0 + i);
            s1 += Unsafe.Add(ref d, o1 + i);
            s2 += Unsafe.Add(ref d, o2 + i);
            s3 += Unsafe.Add(ref d, o3 + i);
        }
        double n = rows;
        double m0 = s0 / n, m1 = s1 / n, m2 = s2 / n, m3 = s3 / n;
        double c0 = 0, c1 = 0, c2 = 0, c3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        for (nint i = 0; i < rows; i++)
        {
            double t0 = Unsafe.Add(ref d, o0 + i) - m0;
            double t1 = Unsafe.Add(ref d, o1 + i) - m1;
            double t2 = Unsafe.Add(ref d, o2 + i) - m2;
            double t3 = Unsafe.Add(ref d, o3 + i) - m3;
            c0 += t0; q0 += t0 * t0;
            c1 += t1; q1 += t1 * t1;
            c2 += t2; q2 += t2 * t2;
            c3 += t3; q3 += t3 * t3;
        }
        // Columns past the last were computed as copies of it and are not stored.
        Span<double> m = [m0, m1, m2, m3], v = [(q0 - c0 * c0 / n) / n, (q1 - c1 * c1 / n) / n, (q2 - c2 * c2 / n) / n, (q3 - c3 * c3 / n) / n];
        for (int k = 0; j0 + k <= last; k++)
        {
            means[j0 + k] = m[k];
            variances[j0 + k] = v[k];
        }
    }

    /// <summary>
    /// In place, for each of the first <paramref name="columns"/> columns j: v ← (v − offsets[j]) / scales[j].
    /// </summary>
    public static void Scale(double[] data, int rows, int columns, double[] offsets, double[] scales)
    {
        Check(data, rows, columns, offsets, scales);
        ColumnParallel.For(columns, (long)rows * columns, j => ScaleColumn(data.AsSpan(j * rows, rows), offsets[j], scales[j]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ScaleColumn(Span<double> column, double offset, double scale)
    {
        ref double c = ref MemoryMarshal.GetReference(column);
        int i = 0;
        var o = Vector256.Create(offset);
        var s = Vector256.Create(scale);
        for (; i + Vector256<double>.Count <= column.Length; i += Vector256<double>.Count)
            ((Vector256.LoadUnsafe(ref c, (nuint)i) - o) / s).StoreUnsafe(ref c, (nuint)i);
        for (; i < column.Length; i++)
            Unsafe.Add(ref c, i) = (Unsafe.Add(ref c, i) - offset) / scale;
    }

    static void Check(double[] data, int rows, int columns, double[] a, double[] b)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns > data.Length)
            throw new ArgumentException($"{data.Length} values hold no {rows}×{columns} matrix.", nameof(data));
        if (a.Length < columns || b.Length < columns)
            throw new ArgumentException($"{columns} columns need {columns} values in each per-column array.");
    }
}
