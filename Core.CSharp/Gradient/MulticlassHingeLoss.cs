namespace Descent.Core;

/// <summary>
/// The multi-class SVM loss of Weston and Watkins (CS231n's): with the weighted one-hot row Y (c = Σ Y_k, y the class
/// where Y_k &gt; 0) and margins m_j = z_j − z_y + 1, loss = c·Σ_{j≠y} max(0, m_j); d_j = c for each j ≠ y with
/// m_j &gt; 0 (0 at the kink), d_y = −c·(their count).
/// </summary>
public readonly struct MulticlassHingeLoss<T> : IRowLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(ref T s, int stride, ref T y, int yStride, int outputs)
        where TV : struct
    {
        TV c = default, zy = default, zero = default, one = VectorOps<TV, T>.Create(T.One);
        for (int k = 0; k < outputs; k++)
        {
            var yk = VectorOps<TV, T>.Load(ref y, (nuint)(k * yStride));
            c = VectorOps<TV, T>.Add(c, yk);
            zy = VectorOps<TV, T>.Add(zy, VectorOps<TV, T>.And(VectorOps<TV, T>.Load(ref s, (nuint)(k * stride)), VectorOps<TV, T>.GreaterThan(yk, zero)));
        }
        TV loss = default, count = default;
        for (int k = 0; k < outputs; k++)
        {
            // Targets are finite and never negative: y ≤ 0 is "not y > 0".
            var other = VectorOps<TV, T>.Not(VectorOps<TV, T>.GreaterThan(VectorOps<TV, T>.Load(ref y, (nuint)(k * yStride)), zero));
            var m = VectorOps<TV, T>.Add(VectorOps<TV, T>.Subtract(VectorOps<TV, T>.Load(ref s, (nuint)(k * stride)), zy), one);
            var active = VectorOps<TV, T>.And(VectorOps<TV, T>.GreaterThan(m, zero), other);
            loss = VectorOps<TV, T>.Add(loss, VectorOps<TV, T>.And(m, active));
            count = VectorOps<TV, T>.Add(count, VectorOps<TV, T>.And(one, active));
            VectorOps<TV, T>.Store(VectorOps<TV, T>.And(c, active), ref s, (nuint)(k * stride));
        }
        var own = VectorOps<TV, T>.Multiply(VectorOps<TV, T>.Negate(c), count);
        for (int k = 0; k < outputs; k++)
        {
            var isY = VectorOps<TV, T>.GreaterThan(VectorOps<TV, T>.Load(ref y, (nuint)(k * yStride)), zero);
            var d = VectorOps<TV, T>.Load(ref s, (nuint)(k * stride));
            VectorOps<TV, T>.Store(VectorOps<TV, T>.Or(VectorOps<TV, T>.And(own, isY), VectorOps<TV, T>.And(d, VectorOps<TV, T>.Not(isY))), ref s, (nuint)(k * stride));
        }
        return VectorOps<TV, T>.Multiply(c, loss);
    }
}
