namespace Descent.Core;

/// <summary>
/// Trains one run's weights in place on a fixed training set, one batch of rows per update. Per batch:
/// the loss and gradient (<see cref="GradientEngine{T}"/>); with λ₂ &gt; 0 the penalty ½·λ₂·‖W‖² added to the loss
/// and λ₂·W to the gradient; with λ₁ &gt; 0 the penalty λ₁·‖W‖₁ added to the loss; with a maximum norm C the gradient
/// clipped to it (<see cref="GradientClipping"/>); the update rule; then, with λ₁ &gt; 0, the proximal step
/// <c>w ← sign(w)·max(|w| − α·λ₁, 0)</c> (<see cref="L1"/>; both penalties spare the biases). The returned loss is the
/// batch's loss plus penalties, computed before the update.
/// A batch's rows are read where they are (batch GD; batches in order of a matrix that is one batch), from tiles laid
/// out once when the batches are taken in order (<see cref="BatchTiles"/>), or gathered into a buffer in the epoch's
/// shuffled order (<see cref="NewEpoch"/>).
/// </summary>
/// <remarks>
/// Everything a batch runs is here, in C#, rather than in the F# epoch loop, so that it is compiled fully optimized
/// from the first batch: F# does not emit the AggressiveOptimization flag, and the tiered JIT ran the F# per-batch
/// code (views, penalties, clipping checks, the rule's call) unoptimized through most of a short run — sgd 500x3 epochs
/// 2.7 µs against 1.6 µs here (descent bench, see the commit that made this class).
/// </remarks>
public sealed class BatchTrainer<T> : IDisposable where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly GradientEngine<T> _engine;
    readonly IUpdateRule<T> _rule;
    readonly T[] _w, _gradient, _x, _y, _batchX, _batchY;
    readonly int[] _order;
    readonly int _rows, _features, _outputs;
    readonly bool _shuffled, _tiled;
    readonly double _l2, _l1;
    readonly double? _clipNorm;
    readonly T _l2Coefficient;

    /// <summary>
    /// A trainer of <paramref name="weights"/> (features × outputs, class-major; updated in place) on the first
    /// <paramref name="rows"/> rows of <paramref name="x"/> (column-major, <paramref name="features"/> columns, the bias
    /// last) and <paramref name="targets"/> (<paramref name="outputs"/> columns), <paramref name="batchSize"/> rows per
    /// update (all of them for batch GD), in the epoch's shuffled order when <paramref name="shuffled"/>. λ₂ and λ₁ apply
    /// above 0, clipping with a norm. The gradient's threads start as <see cref="GradientEngine{T}"/> starts them.
    /// </summary>
    public BatchTrainer(LossKind loss, T[] x, T[] targets, int rows, int features, int outputs, int batchSize, bool shuffled,
        T[] weights, IUpdateRule<T> rule, double l2 = 0, double l1 = 0, double? clipNorm = null, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if ((long)rows * features > x.Length) throw new ArgumentException($"X has {x.Length} elements; {rows}×{features} expected.", nameof(x));
        if ((long)rows * outputs > targets.Length) throw new ArgumentException($"The targets have {targets.Length} elements; {rows}×{outputs} expected.", nameof(targets));
        if (weights.Length != features * outputs) throw new ArgumentException($"W has {weights.Length} elements; {features}×{outputs} expected.", nameof(weights));
        if (rule.Length != weights.Length) throw new ArgumentException($"The rule was made for {rule.Length} weights, not {weights.Length}.", nameof(rule));
        _engine = new GradientEngine<T>(loss, features, outputs, threads);
        _rule = rule;
        _w = weights;
        _gradient = new T[weights.Length];
        (_rows, _features, _outputs) = (rows, features, outputs);
        BatchSize = Math.Min(batchSize, rows);
        _shuffled = shuffled;
        // The epoch's order of the rows, which only a shuffled run reads (a million rows' order is 4 MB to write
        // before the first epoch).
        _order = shuffled ? new int[rows] : [];
        if (shuffled) for (int i = 0; i < rows; i++) _order[i] = i;
        // Batches in order read their rows as contiguous tiles: the same numbers, read at the memory's streaming
        // speed instead of as one short run per column.
        _tiled = !shuffled && BatchSize < rows;
        _x = _tiled ? BatchTiles.Arrange(new ReadOnlySpan<T>(x, 0, rows * features), rows, features, BatchSize) : x;
        _y = _tiled ? BatchTiles.Arrange(new ReadOnlySpan<T>(targets, 0, rows * outputs), rows, outputs, BatchSize) : targets;
        if (_tiled) _engine.EnableReadAhead(_x);
        _batchX = shuffled ? new T[BatchSize * features] : [];
        _batchY = shuffled ? new T[BatchSize * outputs] : [];
        (_l2, _l1, _clipNorm, _l2Coefficient) = (l2, l1, clipNorm, T.CreateTruncating(l2));
    }

    /// <summary>The weights being trained (the array given to the constructor).</summary>
    public T[] Weights => _w;

    /// <summary>The update rule (its step count, its state).</summary>
    public IUpdateRule<T> Rule => _rule;

    /// <summary>Rows per update: all of them for batch GD.</summary>
    public int BatchSize { get; }

    /// <summary>Bytes the gradient's worker threads allocated (zero once warmed up).</summary>
    public long WorkerAllocatedBytes => _engine.WorkerAllocatedBytes;

    /// <summary>Whether the gradient's worker threads were started (<see cref="GradientEngine{T}.WorkersStarted"/>).</summary>
    public bool WorkersStarted => _engine.WorkersStarted;

    /// <summary>Starts a new pass over the rows: reshuffles their order with <paramref name="rng"/> when the run shuffles.</summary>
    public void NewEpoch(RandomState rng)
    {
        if (_shuffled) rng.Shuffle(_order.AsSpan());
    }

    /// <summary>
    /// One update on the <paramref name="m"/> rows from <paramref name="start"/> (in the epoch's order) at learning rate
    /// <paramref name="rate"/>; returns the batch's loss plus penalties, computed before the update.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Step(int start, int m, double rate)
    {
        double loss = BatchLoss(start, m);
        if (_l2 > 0)
        {
            loss += UpdateRules.L2Penalty((ReadOnlySpan<T>)_w, _l2, _features);
            UpdateRules.AddL2(_gradient, _w, _l2Coefficient, _features);
        }
        if (_l1 > 0) loss += L1.Penalty((ReadOnlySpan<T>)_w, _l1, _features);
        Update(rate);
        return loss;
    }

    /// <summary>
    /// The update <see cref="Step"/> makes after its gradient, made along <paramref name="gradient"/> instead (taken as
    /// it is, penalties included or not): clipping, the rule, L1's proximal step. The landscape's step arrows take the
    /// rule's step from a saved state along the full-batch gradient and along zero with it.
    /// </summary>
    public void StepAlong(ReadOnlySpan<T> gradient, double rate)
    {
        gradient.CopyTo(_gradient);
        Update(rate);
    }

    // Inlined into Step, so a batch runs as it did before StepAlong shared this.
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    void Update(double rate)
    {
        if (_clipNorm is double c) GradientClipping.ByNorm(_gradient.AsSpan(), c);
        _rule.Step(_w, _gradient, T.CreateTruncating(rate));
        // L1 as its proximal step after the update (weights reach exactly zero), as torch's and sklearn's SGD.
        if (_l1 > 0) L1.SoftThreshold(_w.AsSpan(), T.CreateTruncating(rate * _l1), _features);
    }

    /// <summary>
    /// One pass over the rows (after <see cref="NewEpoch"/>) at learning rate <paramref name="rate"/>; returns the mean of
    /// the per-batch losses, each computed before its update (for batch GD, the loss over the whole set).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Epoch(double rate)
    {
        double total = 0;
        int batches = 0;
        for (int start = 0; start < _rows; start += BatchSize)
        {
            total += Step(start, Math.Min(BatchSize, _rows - start), rate);
            batches++;
        }
        return total / batches;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    double BatchLoss(int start, int m)
    {
        if (_shuffled)
        {
            Gather(start, m);
            return _engine.Compute(new ColumnMajorRows<T>(_batchX, m, 0, m, _features),
                new ColumnMajorRows<T>(_batchY, m, 0, m, _outputs), _w, _gradient);
        }
        if (_tiled)
            return _engine.Compute(BatchTiles.Batch<T>(_x, start, m, _features), BatchTiles.Batch<T>(_y, start, m, _outputs), _w, _gradient);
        return _engine.Compute(new ColumnMajorRows<T>(_x, _rows, start, m, _features),
            new ColumnMajorRows<T>(_y, _rows, start, m, _outputs), _w, _gradient);
    }

    /// <summary>The rows order[start .. start + m) of X and of the targets into the batch buffers, column-major.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Gather(int start, int m)
    {
        var order = new ReadOnlySpan<int>(_order, start, m);
        Gather(_x, _rows, _features, order, _batchX);
        Gather(_y, _rows, _outputs, order, _batchY);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Gather(T[] source, int stride, int columns, ReadOnlySpan<int> rows, T[] batch)
    {
        for (int j = 0; j < columns; j++)
            RowGather.Column(new ReadOnlySpan<T>(source, j * stride, stride), rows, new Span<T>(batch, j * rows.Length, rows.Length));
    }

    /// <summary>Stops the gradient engine's threads, if it started any.</summary>
    public void Dispose() => _engine.Dispose();
}
