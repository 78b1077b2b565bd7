using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// The fused gradient of a layer of K sigmoid units over a batch, in one pass over the rows:
/// Z = X·W, P = σ(Z), loss = Σ ℓ(P, Y), D = ∂ℓ/∂Z, G = XᵀD.
/// X is column-major (bias included as a column), W and G are class-major (<c>w[k·d + j]</c>, K = 1 for two classes),
/// Y holds one target column per output. Rows go in blocks of <see cref="BlockRows"/> so each block is read from memory
/// once and then reused from cache for the gradient.
/// </summary>
public static class FusedGradient
{
    /// <summary>Rows per cache block; the scratch span needs this many elements.</summary>
    public const int BlockRows = 512;

    /// <summary>Computes the loss (returned) and writes the gradient (overwriting <paramref name="gradient"/>).</summary>
    public static double Compute<T>(LossKind loss, ColumnMajorRows<T> x, ColumnMajorRows<T> targets,
        ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => loss switch
        {
            LossKind.SquaredError => Compute<SquaredErrorLoss<T>, T>(x, targets, w, gradient, scratch),
            LossKind.LogLoss => Compute<LogLoss<T>, T>(x, targets, w, gradient, scratch),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss."),
        };

    /// <inheritdoc cref="Compute{T}"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Compute<TLoss, T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets,
        ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Element.EnsureSupported<T>();
        int d = x.Columns, outputs = targets.Columns;
        if (targets.Rows != x.Rows) throw new ArgumentException($"{targets.Rows} target rows for {x.Rows} rows of X.", nameof(targets));
        if (w.Length != d * outputs) throw new ArgumentException($"W has {w.Length} elements; {d}×{outputs} expected.", nameof(w));
        if (gradient.Length != d * outputs) throw new ArgumentException($"The gradient has {gradient.Length} elements; {d}×{outputs} expected.", nameof(gradient));
        if (scratch.Length < Math.Min(BlockRows, x.Rows)) throw new ArgumentException($"Scratch needs {BlockRows} elements.", nameof(scratch));

        gradient.Clear();
        double total = 0;
        for (int start = 0; start < x.Rows; start += BlockRows)
        {
            int rows = Math.Min(BlockRows, x.Rows - start);
            var xb = x.Slice(start, rows);
            var s = scratch.Slice(0, rows);
            for (int k = 0; k < outputs; k++)
            {
                var wk = w.Slice(k * d, d);
                Scores(xb, wk, s);
                total += LossAndDerivative<TLoss, T>(s, targets.Slice(start, rows).Column(k));
                var gk = gradient.Slice(k * d, d);
                for (int j = 0; j < d; j++) gk[j] += Blocks.Dot(xb.Column(j), (ReadOnlySpan<T>)s);
            }
        }
        return total;
    }

    /// <summary>s = X·w for the rows of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Scores<T>(ColumnMajorRows<T> x, ReadOnlySpan<T> w, Span<T> s) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Columns == 0) { s.Clear(); return; }
        Blocks.Scale(s, x.Column(0), w[0]);
        for (int j = 1; j < x.Columns; j++) Blocks.MultiplyAdd(s, x.Column(j), w[j]);
    }

    /// <summary>Replaces the scores in <paramref name="s"/> by ∂ℓ/∂z and returns Σ ℓ (padding lanes masked out).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static double LossAndDerivative<TLoss, T>(Span<T> s, ReadOnlySpan<T> y)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = s.Length, lanes = Vector256<T>.Count, i = 0;
        ref T sr = ref MemoryMarshal.GetReference(s);
        ref T yr = ref MemoryMarshal.GetReference(y);
        var acc = Vector256<T>.Zero;
        for (; i <= n - lanes; i += lanes)
        {
            var d = TLoss.Invoke(Vector256.LoadUnsafe(ref sr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), out var l);
            acc += l;
            d.StoreUnsafe(ref sr, (nuint)i);
        }
        int rest = n - i;
        if (rest > 0)
        {
            var mask = VectorMath.FirstLanes<T>(rest);
            var d = TLoss.Invoke(VectorMath.LoadPartial((ReadOnlySpan<T>)s.Slice(i), rest), VectorMath.LoadPartial(y.Slice(i), rest), out var l);
            acc += l & mask;
            VectorMath.StorePartial(d & mask, s.Slice(i), rest);
        }
        return double.CreateTruncating(Vector256.Sum(acc));
    }
}
