using System.Numerics;

namespace Descent.Core;

/// <summary>
/// Owns what a run needs to call <see cref="FusedGradient"/> repeatedly without allocating: the scratch block and
/// (for large batches) per-chunk partial gradients. Rows are cut into fixed chunks that depend only on the batch size,
/// and partial results are added in chunk order, so the result never depends on the number of threads.
/// </summary>
public sealed class GradientEngine<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly T[] _scratch = new T[FusedGradient.BlockRows];

    public GradientEngine(LossKind loss, int features, int outputs, int threads = 1)
    {
        Element.EnsureSupported<T>();
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Loss = loss;
        Features = features;
        Outputs = outputs;
        Threads = threads;
    }

    public LossKind Loss { get; }
    public int Features { get; }
    public int Outputs { get; }
    public int Threads { get; }

    /// <summary>The loss over the rows (returned) and its gradient (written to <paramref name="gradient"/>).</summary>
    public double Compute(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient)
    {
        if (x.Columns != Features || targets.Columns != Outputs)
            throw new ArgumentException($"Expected {Features} feature and {Outputs} target columns, got {x.Columns} and {targets.Columns}.");
        return FusedGradient.Compute(Loss, x, targets, w, gradient, _scratch);
    }
}

/// <summary>Conversions between double and the kernels' element type, for callers that are not generic-math aware.</summary>
public static class Numeric
{
    public static T FromDouble<T>(double value) where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.CreateTruncating(value);
    public static double ToDouble<T>(T value) where T : unmanaged, IBinaryFloatingPointIeee754<T> => double.CreateTruncating(value);
}
