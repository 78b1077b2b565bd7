namespace Descent.Core;

/// <summary>
/// The loss at a network's output, over its stored scores (K rows of <c>m</c> scores, <c>sStride</c> apart): the
/// fused gradient's per-loss operators (<see cref="LossKind"/>: the sigmoid, margin and row losses, class weights
/// carried by the targets), which return Σ ℓ and replace each score by ∂ℓ/∂z — the same code and so the same bits as
/// a linear model's loss on the same scores. The score rows need room up to the next multiple of 8 past
/// <c>m</c> (a row loss pads its last vector there), and K·8 elements after the last row for the tail's targets.
/// </summary>
internal static class NetworkLoss
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Apply<T>(LossKind loss, ref T s, int sStride, ref T y, int yStride, int outputs, int m)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => loss switch
        {
            LossKind.SquaredError => Lanes<SigmoidLoss<SquaredErrorLoss<T>, T>, T>(ref s, sStride, ref y, yStride, outputs, m),
            LossKind.LogLoss => Lanes<SigmoidLoss<LogLoss<T>, T>, T>(ref s, sStride, ref y, yStride, outputs, m),
            LossKind.Softmax => Rows<SoftmaxLoss<T>, T>(ref s, sStride, ref y, yStride, outputs, m),
            LossKind.Hinge when outputs > 1 => Rows<MulticlassHingeLoss<T>, T>(ref s, sStride, ref y, yStride, outputs, m),
            LossKind.Hinge => Lanes<MarginLoss<HingeLoss<T>, T>, T>(ref s, sStride, ref y, yStride, outputs, m),
            LossKind.SquaredHinge => Lanes<MarginLoss<SquaredHingeLoss<T>, T>, T>(ref s, sStride, ref y, yStride, outputs, m),
            LossKind.ModifiedHuber => Lanes<MarginLoss<ModifiedHuberLoss<T>, T>, T>(ref s, sStride, ref y, yStride, outputs, m),
            LossKind.Perceptron => Lanes<MarginLoss<PerceptronLoss<T>, T>, T>(ref s, sStride, ref y, yStride, outputs, m),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss."),
        };

    static double Lanes<TLoss, T>(ref T s, int sStride, ref T y, int yStride, int outputs, int m)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double total = 0;
        for (int k = 0; k < outputs; k++)
            total += FusedGradient.LossAndDerivative<TLoss, Stored, T>(ref s, 0, default,
                ref Unsafe.Add(ref y, k * yStride), ref Unsafe.Add(ref s, k * sStride), m);
        return total;
    }

    static double Rows<TLoss, T>(ref T s, int sStride, ref T y, int yStride, int outputs, int m)
        where TLoss : IRowLossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Vector512.IsHardwareAccelerated
            ? FusedGradient.RowLosses<TLoss, Vector512<T>, T>(ref s, sStride, ref y, yStride, outputs, m, ref Unsafe.Add(ref s, outputs * sStride))
            : FusedGradient.RowLosses<TLoss, Vector256<T>, T>(ref s, sStride, ref y, yStride, outputs, m, ref Unsafe.Add(ref s, outputs * sStride));
}
