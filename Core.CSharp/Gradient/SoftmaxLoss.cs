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
    public static Vector256<T> Invoke(ref T s, int stride, ref T y, int yStride, int outputs)
    {
        var max = Vector256.LoadUnsafe(ref s);
        for (int k = 1; k < outputs; k++) max = Vector256.Max(max, Vector256.LoadUnsafe(ref s, (nuint)(k * stride)));
        Vector256<T> sum = default, c = default, yz = default;
        for (int k = 0; k < outputs; k++)
        {
            var z = Vector256.LoadUnsafe(ref s, (nuint)(k * stride));
            var yk = Vector256.LoadUnsafe(ref y, (nuint)(k * yStride));
            var e = ClampedExp.Of(z - max);
            e.StoreUnsafe(ref s, (nuint)(k * stride));
            sum += e;
            c += yk;
            yz = VectorMath.FusedMultiplyAdd(yk, z, yz);
        }
        var scale = c / sum;
        for (int k = 0; k < outputs; k++)
        {
            var e = Vector256.LoadUnsafe(ref s, (nuint)(k * stride));
            var yk = Vector256.LoadUnsafe(ref y, (nuint)(k * yStride));
            VectorMath.FusedMultiplyAdd(e, scale, -yk).StoreUnsafe(ref s, (nuint)(k * stride));
        }
        return c * (VectorMath.Log(sum) + max) - yz;
    }
}
