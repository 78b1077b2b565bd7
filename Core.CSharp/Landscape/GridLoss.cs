using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// The training loss on a grid of weight vectors in a plane, W(a, b) = C + a·U + b·V (class-major vectors of
/// features × outputs), evaluated as one batched product of the training rows with many weight vectors:
/// Z(a, b) = X·W(a, b) = X·C + a·(X·U) + b·(X·V), so X is read once, for the three products S₀ = X·C, S₁ = X·U and
/// S₂ = X·V (<see cref="Prediction.Scores{T}"/>, the training kernels' own score loop), and each grid point then costs
/// O(rows × outputs) whatever the number of features: z = S₀ + a·S₁ + b·S₂ (two fused multiply-adds per lane), then
/// the gradient kernels' loss arithmetic without its derivative (the same σ and operations as <see cref="SquaredErrorLoss{T}"/>, <see cref="LogLoss{T}"/>), summed
/// over rows and outputs: L(a, b) = Σᵢ Σₖ ℓ(zᵢₖ, yᵢₖ), the loss a batch-GD epoch reports before any penalty.
/// A loss this kernel has no element-wise operator for is evaluated point by point through
/// <see cref="FusedGradient.Compute{T}"/> on the materialised weight vector (the same numbers, slower).
/// Grid rows are independent, so <c>threads</c> split them without changing any result.
/// </summary>
public static class GridLoss
{
    /// <summary>The per-lane loss of a score, without the derivative the training operators also compute.</summary>
    interface ILossValue
    {
        static abstract Vector256<double> Of(Vector256<double> z, Vector256<double> y);
    }

    /// <summary>(σ(z) − y)², the same operations in the same order as <see cref="SquaredErrorLoss{T}"/>'s loss.</summary>
    readonly struct SquaredErrorValue : ILossValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Of(Vector256<double> z, Vector256<double> y)
        {
            var e = SigmoidOperator<double>.Invoke(z) - y;
            return e * e;
        }
    }

    /// <summary>max(z, 0) − y·z + log(1 + e^−|z|), as <see cref="LogLoss{T}"/> computes its loss.</summary>
    readonly struct LogLossValue : ILossValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Of(Vector256<double> z, Vector256<double> y)
        {
            var e = ClampedExp.Of(-Vector256.Abs(z));
            return Vector256.Max(z, Vector256<double>.Zero) - y * z + VectorMath.Log(Vector256<double>.One + e);
        }
    }

    /// <summary>
    /// Writes <c>losses[r·a.Length + k]</c> = L(a[k], b[r]) for every pair (row r of the grid, column k).
    /// <paramref name="x"/> holds the rows with the bias column, <paramref name="targets"/> one column per output.
    /// </summary>
    public static void Plane(LossKind loss, ColumnMajorRows<double> x, ColumnMajorRows<double> targets,
        ReadOnlySpan<double> center, ReadOnlySpan<double> u, ReadOnlySpan<double> v,
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> losses, int threads = 1)
    {
        int d = x.Columns, outputs = targets.Columns, n = x.Rows, size = d * outputs;
        if (targets.Rows != n) throw new ArgumentException($"{targets.Rows} target rows for {n} rows of X.", nameof(targets));
        if (center.Length != size || u.Length != size || v.Length != size)
            throw new ArgumentException($"The plane's vectors need {d}×{outputs} = {size} elements each (got {center.Length}, {u.Length}, {v.Length}).");
        if (losses.Length != a.Length * b.Length)
            throw new ArgumentException($"{losses.Length} losses for a {a.Length}×{b.Length} grid.", nameof(losses));
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (losses.Length == 0) return;
        if (n == 0) { losses.Clear(); return; }

        var plane = new PlaneScores(x, targets, center, u, v);
        var a1 = a.ToArray();
        var b1 = b.ToArray();
        var result = new double[losses.Length];
        var rowsOfGrid = Math.Min(threads, b1.Length);
        switch (loss)
        {
            case LossKind.SquaredError: Run<SquaredErrorValue>(plane, a1, b1, result, rowsOfGrid); break;
            case LossKind.LogLoss: Run<LogLossValue>(plane, a1, b1, result, rowsOfGrid); break;
            default:
                PointByPoint(loss, x, targets, center, u, v, a, b, result);
                break;
        }
        result.CopyTo(losses);
    }

    /// <summary>S₀, S₁, S₂ and the targets as contiguous arrays of rows × outputs.</summary>
    sealed class PlaneScores
    {
        public readonly double[] S0, S1, S2, Y;

        public PlaneScores(ColumnMajorRows<double> x, ColumnMajorRows<double> targets,
            ReadOnlySpan<double> center, ReadOnlySpan<double> u, ReadOnlySpan<double> v)
        {
            int n = x.Rows, outputs = targets.Columns;
            S0 = new double[n * outputs];
            S1 = new double[n * outputs];
            S2 = new double[n * outputs];
            Y = new double[n * outputs];
            Prediction.Scores(x, center, outputs, S0);
            Prediction.Scores(x, u, outputs, S1);
            Prediction.Scores(x, v, outputs, S2);
            for (int k = 0; k < outputs; k++) targets.Column(k).CopyTo(Y.AsSpan(k * n, n));
        }
    }

    static void Run<TLoss>(PlaneScores p, double[] a, double[] b, double[] losses, int threads) where TLoss : ILossValue
    {
        if (threads == 1)
        {
            for (int r = 0; r < b.Length; r++) GridRow<TLoss>(p, a, b[r], losses.AsSpan(r * a.Length, a.Length));
            return;
        }
        Parallel.For(0, b.Length, new ParallelOptions { MaxDegreeOfParallelism = threads },
            r => GridRow<TLoss>(p, a, b[r], losses.AsSpan(r * a.Length, a.Length)));
    }

    /// <summary>One row of the grid: L(a[k], bᵣ) for every k. Four vectors per step into four accumulators, so their σ
    /// chains overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void GridRow<TLoss>(PlaneScores p, double[] a, double br, Span<double> losses) where TLoss : ILossValue
    {
        ReadOnlySpan<double> s0 = p.S0, s1 = p.S1, s2 = p.S2, y = p.Y;
        int m = s0.Length, lanes = Vector256<double>.Count, whole = m - m % lanes, quads = m - m % (4 * lanes);
        var vb = Vector256.Create(br);
        for (int k = 0; k < a.Length; k++)
        {
            var va = Vector256.Create(a[k]);
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            var acc2 = Vector256<double>.Zero;
            var acc3 = Vector256<double>.Zero;
            int i = 0;
            for (; i < quads; i += 4 * lanes)
            {
                acc0 += TLoss.Of(Score(s0, s1, s2, i, va, vb), Vector256.Create(y.Slice(i)));
                acc1 += TLoss.Of(Score(s0, s1, s2, i + lanes, va, vb), Vector256.Create(y.Slice(i + lanes)));
                acc2 += TLoss.Of(Score(s0, s1, s2, i + 2 * lanes, va, vb), Vector256.Create(y.Slice(i + 2 * lanes)));
                acc3 += TLoss.Of(Score(s0, s1, s2, i + 3 * lanes, va, vb), Vector256.Create(y.Slice(i + 3 * lanes)));
            }
            for (; i < whole; i += lanes)
                acc0 += TLoss.Of(Score(s0, s1, s2, i, va, vb), Vector256.Create(y.Slice(i)));
            double total = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
            if (i < m)
            {
                // The tail zero-padded (the drivers' tail); its lanes beyond the rows would add the loss of a zero
                // score: only the real ones are summed.
                var z = Vector256.FusedMultiplyAdd(vb, PartialVector.Load(s2[i..]),
                    Vector256.FusedMultiplyAdd(va, PartialVector.Load(s1[i..]), PartialVector.Load(s0[i..])));
                var l = TLoss.Of(z, PartialVector.Load(y[i..]));
                for (int t = 0; t < m - i; t++) total += l.GetElement(t);
            }
            losses[k] = total;
        }
    }

    /// <summary>z = S₀ + a·S₁ + b·S₂ for the four lanes at <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> Score(ReadOnlySpan<double> s0, ReadOnlySpan<double> s1, ReadOnlySpan<double> s2, int i, Vector256<double> a, Vector256<double> b)
        => Vector256.FusedMultiplyAdd(b, Vector256.Create(s2.Slice(i, 4)), Vector256.FusedMultiplyAdd(a, Vector256.Create(s1.Slice(i, 4)), Vector256.Create(s0.Slice(i, 4))));

    /// <summary>Any other loss: W(a, b) materialised and handed to the gradient kernel, one point at a time.</summary>
    static void PointByPoint(LossKind loss, ColumnMajorRows<double> x, ColumnMajorRows<double> targets,
        ReadOnlySpan<double> center, ReadOnlySpan<double> u, ReadOnlySpan<double> v,
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> losses)
    {
        int size = center.Length;
        var w = new double[size];
        var g = new double[size];
        var scratch = new double[FusedGradient.ScratchLength<double>(targets.Columns)];
        for (int r = 0; r < b.Length; r++)
            for (int k = 0; k < a.Length; k++)
            {
                for (int j = 0; j < size; j++) w[j] = center[j] + a[k] * u[j] + b[r] * v[j];
                losses[r * a.Length + k] = FusedGradient.Compute(loss, x, targets, w, g, scratch);
            }
    }
}
