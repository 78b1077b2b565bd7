namespace Descent.Core;

/// <summary>
/// The fused gradient of a layer of K sigmoid units over a batch, in one pass over the rows:
/// Z = X·W, P = σ(Z), loss = Σ ℓ(P, Y), D = ∂ℓ/∂Z, G = XᵀD.
/// X is column-major (bias included as a column), W and G are class-major (<c>w[k·d + j]</c>, K = 1 for two classes),
/// Y holds one target column per output. The summation order depends only on the shape, never on where the rows came
/// from, so results are reproducible. A batch takes one of three paths:
/// <list type="table">
/// <listheader><term>path</term><description>when, and how</description></listheader>
/// <item><term>short batch (<see cref="ShortBatch"/>, <c>FusedGradient.ShortBatch.cs</c>)</term><description>at most
/// <see cref="ShortBatchVectors"/> whole vectors of rows (SGD's batches of 32): every row's score stays in registers
/// while the columns go by, and the derivatives while they go by again.</description></item>
/// <item><term>narrow (<see cref="LossAndDerivative"/> on 1 to 4 columns)</term><description>1
/// to 4 columns: per block of rows, each pair of vectors' scores go straight from the columns into the loss (no
/// stored scores), then the gradient reads the block again from cache.</description></item>
/// <item><term>blocked (<see cref="Blocks.Scores{T}"/>, then <see cref="LossAndDerivative"/> on
/// <see cref="Stored"/> scores)</term><description>5 or more columns: rows in blocks sized to stay in cache
/// (<see cref="BlockRowsFor{T}"/>); per block the scores read X from memory four columns at a time (prefetching the
/// next block) into the scratch block, the loss turns them into derivatives in place, and the gradient reads the
/// block again from cache.</description></item>
/// </list>
/// </summary>
public static partial class FusedGradient
{
    /// <summary>Rows per block at most; the scratch span needs this many elements.</summary>
    public const int BlockRows = 512;

    /// <summary>Bytes of X per block: a third of a 512 KiB L2, so the next block's prefetch fits beside it.</summary>
    const int BlockBytes = 160 * 1024;

    /// <summary>Rows per block for <paramref name="columns"/> columns: a multiple of 16, at most <see cref="BlockRows"/>.</summary>
    public static int BlockRowsFor<T>(int columns) where T : unmanaged
        => Math.Clamp(BlockBytes / (Math.Max(columns, 1) * Unsafe.SizeOf<T>()) / 16 * 16, 16, BlockRows);

    /// <summary>Computes the loss (returned) and writes the gradient (overwriting <paramref name="gradient"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Compute<T>(LossKind loss, ColumnMajorRows<T> x, ColumnMajorRows<T> targets,
        ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => loss switch
        {
            LossKind.SquaredError => Compute<SigmoidLoss<SquaredErrorLoss<T>, T>, T>(x, targets, w, gradient, scratch),
            LossKind.LogLoss => Compute<SigmoidLoss<LogLoss<T>, T>, T>(x, targets, w, gradient, scratch),
            LossKind.Softmax => ComputeRows<SoftmaxLoss<T>, T>(x, targets, w, gradient, scratch),
            LossKind.Hinge when targets.Columns > 1 => ComputeRows<MulticlassHingeLoss<T>, T>(x, targets, w, gradient, scratch),
            LossKind.Hinge => Compute<MarginLoss<HingeLoss<T>, T>, T>(x, targets, w, gradient, scratch),
            LossKind.SquaredHinge => Compute<MarginLoss<SquaredHingeLoss<T>, T>, T>(x, targets, w, gradient, scratch),
            LossKind.ModifiedHuber => Compute<MarginLoss<ModifiedHuberLoss<T>, T>, T>(x, targets, w, gradient, scratch),
            LossKind.Perceptron => Compute<MarginLoss<PerceptronLoss<T>, T>, T>(x, targets, w, gradient, scratch),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss."),
        };

    /// <summary>
    /// <see cref="Compute{T}"/> for a loss over a row's K scores together (<see cref="RowBlocked{TLoss, T}"/>); the
    /// scratch span needs <see cref="ScratchLength{T}"/> elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ComputeRows<TLoss, T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets,
        ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch)
        where TLoss : IRowLossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!Begin(x, targets, w, gradient, scratch, ScratchLength<T>(targets.Columns))) return 0;
        return RowBlocked<TLoss, T>(x, targets, w, gradient, scratch);
    }

    /// <inheritdoc cref="Compute{T}"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Compute<TLoss, T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets,
        ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!Begin(x, targets, w, gradient, scratch, Math.Min(BlockRows, x.Rows))) return 0;
        int d = x.Columns, outputs = targets.Columns, rows = x.Rows, lanes = Vector256<T>.Count;
        if (rows % lanes == 0 && rows <= ShortBatchVectors * lanes) return ShortBatches<TLoss, T>(x, targets, w, gradient, scratch);
        return FitsOutputBlocks<T>(d, outputs, scratch.Length)
            ? OutputsBlocked<TLoss, T>(x, targets, w, gradient, scratch)
            : Blocked<TLoss, T>(x, targets, w, gradient, scratch);
    }

    /// <summary>
    /// What every entry point does first: checks a supported element type, one target row per row of X, W and the
    /// gradient of d×K elements and a scratch span of <paramref name="scratchNeeded"/> elements, and clears the
    /// gradient; false when there is nothing to add up (no columns or no rows: the loss is 0).
    /// </summary>
    static bool Begin<T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch, int scratchNeeded)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Element.EnsureSupported<T>();
        int d = x.Columns, outputs = targets.Columns, rows = x.Rows;
        if (targets.Rows != rows) throw new ArgumentException($"{targets.Rows} target rows for {rows} rows of X.", nameof(targets));
        if (w.Length != d * outputs) throw new ArgumentException($"W has {w.Length} elements; {d}×{outputs} expected.", nameof(w));
        if (gradient.Length != d * outputs) throw new ArgumentException($"The gradient has {gradient.Length} elements; {d}×{outputs} expected.", nameof(gradient));
        if (scratch.Length < scratchNeeded) throw new ArgumentException($"Scratch needs {scratchNeeded} elements.", nameof(scratch));
        gradient.Clear();
        return d > 0 && rows > 0;
    }

    /// <summary>The blocked layout for any batch (arguments checked, gradient cleared).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe double Blocked<TLoss, T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => BlockLoop(x, targets, w, gradient, scratch, BlockRowsFor<T>(x.Columns), &OutputByOutput<TLoss, T>);

    /// <summary>
    /// The loop every blocked layout shares: the rows in blocks of <paramref name="block"/> (the last may be shorter),
    /// each block's loss (returned) and gradient (added) by <paramref name="step"/>, the blocks' losses added in order.
    /// The step gets a block's <c>m</c> rows of X and of the targets, the scratch (<c>block</c> rows per output) and
    /// how far ahead to prefetch: a block further on when the rows are far apart in each column (a batch of a large
    /// matrix) or are more than one block. It is called through a pointer, once a block of up to
    /// <see cref="BlockRows"/> rows, and compiled fully optimized on its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe double BlockLoop<T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch, int block,
        delegate*<ref T, int, int, ReadOnlySpan<T>, ref T, int, int, ref T, int, int, int, Span<T>, double> step)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = x.Rows;
        // A whole matrix that fits in one block has nothing further on to prefetch.
        int ahead = x.Stride > rows || rows > block ? block : 0;
        ref T x0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(x.Data), x.Start);
        ref T y0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(targets.Data), targets.Start);
        ref T s = ref MemoryMarshal.GetReference(scratch);
        double total = 0;
        for (int start = 0; start < rows; start += block)
            total += step(ref Unsafe.Add(ref x0, start), x.Stride, x.Columns, w, ref Unsafe.Add(ref y0, start), targets.Stride,
                targets.Columns, ref s, block, Math.Min(block, rows - start), ahead, gradient);
        return total;
    }

    /// <summary>
    /// One block of <see cref="Blocked{TLoss, T}"/>: output by output, its scores (straight from 1 to 4 columns, else
    /// stored, prefetching the next block with the first output), the loss and derivatives, then that output's gradient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double OutputByOutput<TLoss, T>(ref T x, int stride, int d, ReadOnlySpan<T> w, ref T y0, int yStride, int outputs,
        ref T s, int block, int m, int ahead, Span<T> gradient)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double total = 0;
        for (int k = 0; k < outputs; k++)
        {
            ref T y = ref Unsafe.Add(ref y0, k * yStride);
            var wk = w.Slice(k * d, d);
            total += d switch
            {
                1 => LossAndDerivative<TLoss, One, T>(ref x, stride, wk, ref y, ref s, m),
                2 => LossAndDerivative<TLoss, Two, T>(ref x, stride, wk, ref y, ref s, m),
                3 => LossAndDerivative<TLoss, Three, T>(ref x, stride, wk, ref y, ref s, m),
                4 => LossAndDerivative<TLoss, Four, T>(ref x, stride, wk, ref y, ref s, m),
                _ => ScoresAndLoss<TLoss, T>(ref x, stride, d, wk, ref y, ref s, m, k == 0 ? ahead : 0),
            };
            Blocks.Gradient(ref x, stride, d, ref s, m, gradient.Slice(k * d, d));
        }
        return total;
    }

    /// <summary>The scores of a block (<see cref="Blocks.Scores{T}"/>), then the loss and derivatives over them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double ScoresAndLoss<TLoss, T>(ref T x, int stride, int d, ReadOnlySpan<T> w, ref T y, ref T s, int rows, int ahead)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Blocks.Scores(ref x, stride, d, w, ref s, rows, ahead);
        return LossAndDerivative<TLoss, Stored, T>(ref x, stride, w, ref y, ref s, rows);
    }

    /// <summary>
    /// Each output's <see cref="ShortBatch"/>, specialised by the number of vectors (arguments checked, gradient
    /// cleared). Rows far apart in each column (a batch of a large matrix) get the same rows of the next block
    /// prefetched; a batch that is a whole matrix (a tile, see <see cref="BatchTiles"/>) is one contiguous run, which
    /// the hardware prefetcher streams on its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double ShortBatches<TLoss, T>(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient, Span<T> scratch)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int d = x.Columns, outputs = targets.Columns, stride = x.Stride, vectors = x.Rows / Vector256<T>.Count;
        int ahead = stride > x.Rows ? BlockRowsFor<T>(d) : 0;
        ref T x0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(x.Data), x.Start);
        ref T y0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(targets.Data), targets.Start);
        ref T s = ref MemoryMarshal.GetReference(scratch);
        double total = 0;
        for (int k = 0; k < outputs; k++)
        {
            ref T y = ref Unsafe.Add(ref y0, k * targets.Stride);
            var wk = w.Slice(k * d, d);
            var gk = gradient.Slice(k * d, d);
            int a = k == 0 ? ahead : 0;
            total += vectors switch
            {
                1 => ShortBatch<TLoss, One, T>(ref x0, stride, d, ref y, wk, gk, ref s, a),
                2 => ShortBatch<TLoss, Two, T>(ref x0, stride, d, ref y, wk, gk, ref s, a),
                3 => ShortBatch<TLoss, Three, T>(ref x0, stride, d, ref y, wk, gk, ref s, a),
                4 => ShortBatch<TLoss, Four, T>(ref x0, stride, d, ref y, wk, gk, ref s, a),
                5 => ShortBatch<TLoss, Five, T>(ref x0, stride, d, ref y, wk, gk, ref s, a),
                6 => ShortBatch<TLoss, Six, T>(ref x0, stride, d, ref y, wk, gk, ref s, a),
                7 => ShortBatch<TLoss, Seven, T>(ref x0, stride, d, ref y, wk, gk, ref s, a),
                _ => ShortBatch<TLoss, Eight, T>(ref x0, stride, d, ref y, wk, gk, ref s, a),
            };
        }
        return total;
    }

    /// <summary>s = X·w for the rows of <paramref name="x"/>.</summary>
    internal static void Scores<T>(ColumnMajorRows<T> x, ReadOnlySpan<T> w, Span<T> s) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Columns == 0) { s.Slice(0, x.Rows).Clear(); return; }
        Blocks.Scores(ref Unsafe.Add(ref MemoryMarshal.GetReference(x.Data), x.Start), x.Stride, x.Columns, w,
            ref MemoryMarshal.GetReference(s), x.Rows, ahead: 0);
    }

    /// <summary>
    /// Writes ∂ℓ/∂z of the <paramref name="n"/> rows to <paramref name="s"/> and returns Σ ℓ. The scores come from
    /// <paramref name="s"/> when <typeparamref name="TCols"/> is <see cref="Stored"/> (written by
    /// <see cref="Blocks.Scores{T}"/>), else straight from that many (1 to 4) columns from <paramref name="c0"/>
    /// (<see cref="Blocks.ScorePair"/>, the same operations in the same order, so the same results), which saves the
    /// pass that stores and reloads them; narrow columns are in cache or streamed and need no prefetch. The loop is
    /// written once; a compile-time count, not an interface, picks the source, since the JIT kept a source struct's
    /// fields on the stack (gd 4000x3 epochs 6 % slower). First the rows past the last whole pair of vectors (their
    /// scores stored to s, then zero-padded, padding masked out), then the pairs; per-lane sums, then lanes in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double LossAndDerivative<TLoss, TCols, T>(ref T c0, int stride, ReadOnlySpan<T> w, ref T y, ref T s, int n)
        where TLoss : ILossOperator<T>
        where TCols : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int c = TCols.Count, lanes = Vector256<T>.Count, pairs = n - n % (2 * lanes);
        // The tail goes first so that no call follows the loop (which would spill the accumulator in it).
        var acc = Vector256<T>.Zero;
        if (pairs < n)
        {
            if (c > 0) Blocks.Scores(ref Unsafe.Add(ref c0, pairs), stride, c, w, ref Unsafe.Add(ref s, pairs), n - pairs, 0);
            acc = LossAndDerivativeTail<TLoss, T>(ref Unsafe.Add(ref s, pairs), ref Unsafe.Add(ref y, pairs), n - pairs);
        }
        ref T c1 = ref Unsafe.Add(ref c0, c > 1 ? stride : 0);
        ref T c2 = ref Unsafe.Add(ref c0, c > 2 ? 2 * stride : 0);
        ref T c3 = ref Unsafe.Add(ref c0, c > 3 ? 3 * stride : 0);
        var w0 = c > 0 ? Vector256.Create(w[0]) : default;
        var w1 = c > 1 ? Vector256.Create(w[1]) : default;
        var w2 = c > 2 ? Vector256.Create(w[2]) : default;
        var w3 = c > 3 ? Vector256.Create(w[3]) : default;
        Vector256<T> z0 = default, z1 = default;
        for (int i = 0; i < pairs; i += 2 * lanes)
        {
            if (c > 0)
            {
                Blocks.ScorePair<TCols, T>(ref c0, ref c1, ref c2, ref c3, w0, w1, w2, w3, i, true, ref z0, ref z1);
            }
            else
            {
                z0 = Vector256.LoadUnsafe(ref s, (nuint)i);
                z1 = Vector256.LoadUnsafe(ref s, (nuint)(i + lanes));
            }
            TLoss.Invoke(ref z0, ref z1, Vector256.LoadUnsafe(ref y, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)(i + lanes)), out var l0, out var l1);
            acc += l0 + l1;
            z0.StoreUnsafe(ref s, (nuint)i);
            z1.StoreUnsafe(ref s, (nuint)(i + lanes));
        }
        return double.CreateTruncating(Vector256.Sum(acc));
    }

    /// <summary>The last 1 to 2·lanes − 1 rows: a whole vector and a zero-padded one whose padding is masked out.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static Vector256<T> LossAndDerivativeTail<TLoss, T>(ref T s, ref T y, int n)
        where TLoss : ILossOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int first = Math.Min(n, Vector256<T>.Count), second = n - first;
        var sv = MemoryMarshal.CreateSpan(ref s, n);
        var yv = MemoryMarshal.CreateReadOnlySpan(ref y, n);
        var z0 = PartialVector.Load((ReadOnlySpan<T>)sv);
        var z1 = PartialVector.Load((ReadOnlySpan<T>)sv.Slice(first));
        TLoss.Invoke(ref z0, ref z1, PartialVector.Load(yv), PartialVector.Load(yv.Slice(first)), out var l0, out var l1);
        PartialVector.Store(z0, sv);
        PartialVector.Store(z1, sv.Slice(first));
        return (l0 & PartialVector.FirstLanes<T>(first)) + (l1 & PartialVector.FirstLanes<T>(second));
    }
}
