namespace Descent.Core;

/// <summary>
/// The multi-class SVM loss of Weston and Watkins (CS231n's): with the weighted one-hot row Y (c = Σ Y_k, y the class
/// where Y_k &gt; 0) and margins m_j = z_j − z_y + 1, loss = c·Σ_{j≠y} max(0, m_j); d_j = c for each j ≠ y with
/// m_j &gt; 0 (0 at the kink), d_y = −c·(their count).
/// </summary>
public readonly struct MulticlassHingeLoss<T> : IRowLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(ref T s, int stride, ref T y, int yStride, int outputs)
    {
        Vector256<T> c = default, zy = default;
        for (int k = 0; k < outputs; k++)
        {
            var yk = Vector256.LoadUnsafe(ref y, (nuint)(k * yStride));
            c += yk;
            zy += Vector256.LoadUnsafe(ref s, (nuint)(k * stride)) & Vector256.GreaterThan(yk, Vector256<T>.Zero);
        }
        Vector256<T> loss = default, count = default;
        for (int k = 0; k < outputs; k++)
        {
            var other = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref y, (nuint)(k * yStride)), Vector256<T>.Zero);
            var m = (Vector256.LoadUnsafe(ref s, (nuint)(k * stride)) - zy) + Vector256<T>.One;
            var active = Vector256.GreaterThan(m, Vector256<T>.Zero) & other;
            loss += m & active;
            count += Vector256<T>.One & active;
            (c & active).StoreUnsafe(ref s, (nuint)(k * stride));
        }
        var own = -c * count;
        for (int k = 0; k < outputs; k++)
        {
            var isY = Vector256.GreaterThan(Vector256.LoadUnsafe(ref y, (nuint)(k * yStride)), Vector256<T>.Zero);
            var d = Vector256.LoadUnsafe(ref s, (nuint)(k * stride));
            Vector256.ConditionalSelect(isY, own, d).StoreUnsafe(ref s, (nuint)(k * stride));
        }
        return c * loss;
    }
}
