namespace Descent.Core;

/// <summary>
/// Multinomial cross-entropy by log-sum-exp, finite for any finite scores: with M = max_k z_k, e_k = e^(z_k − M),
/// S = Σ e_k and the weighted one-hot row Y (c = Σ Y_k), loss = c·(log S + M) − Σ Y_k z_k = −c·log softmax(z)_y and
/// d_k = c·e_k / S − Y_k (that is c·(p_k − [k = y])). e_k comes from <see cref="ClampedExp"/>: z_k − M ≤ 0, and
/// an e_k below e^−708 (float: e^−87) is that bound instead of a smaller number, which changes p_k by less than
/// 1e−300 (float: 1e−37).
/// </summary>
public readonly struct SoftmaxLoss<T> : IRowLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Invoke<TV>(ref T s, int stride, ref T y, int yStride, int outputs)
        where TV : struct
    {
        // x86's max: M only shifts the exponents, and a NaN score makes the row NaN either way.
        var max = VectorOps<TV, T>.Load(ref s, 0);
        for (int k = 1; k < outputs; k++) max = VectorOps<TV, T>.MaxNative(max, VectorOps<TV, T>.Load(ref s, (nuint)(k * stride)));
        TV sum = default, c = default, yz = default;
        for (int k = 0; k < outputs; k++)
        {
            var z = VectorOps<TV, T>.Load(ref s, (nuint)(k * stride));
            var yk = VectorOps<TV, T>.Load(ref y, (nuint)(k * yStride));
            var e = ClampedExp.Of<TV, T>(VectorOps<TV, T>.Subtract(z, max));
            VectorOps<TV, T>.Store(e, ref s, (nuint)(k * stride));
            sum = VectorOps<TV, T>.Add(sum, e);
            c = VectorOps<TV, T>.Add(c, yk);
            yz = VectorOps<TV, T>.FusedMultiplyAdd(yk, z, yz);
        }
        var scale = VectorOps<TV, T>.Divide(c, sum);
        for (int k = 0; k < outputs; k++)
        {
            var e = VectorOps<TV, T>.Load(ref s, (nuint)(k * stride));
            var yk = VectorOps<TV, T>.Load(ref y, (nuint)(k * yStride));
            VectorOps<TV, T>.Store(VectorOps<TV, T>.FusedMultiplyAdd(e, scale, VectorOps<TV, T>.Negate(yk)), ref s, (nuint)(k * stride));
        }
        return VectorOps<TV, T>.Subtract(VectorOps<TV, T>.Multiply(c, VectorOps<TV, T>.Add(VectorOps<TV, T>.Log(sum), max)), yz);
    }
}
