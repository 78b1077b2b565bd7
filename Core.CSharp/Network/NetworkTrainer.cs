namespace Descent.Core;

/// <summary>
/// Trains one run's network in place on a fixed training set, one batch of rows per update — a
/// <see cref="BatchTrainer{T}"/> for hidden layers, with the same batches, order and per-batch sequence. Per batch: the
/// loss and every layer's gradient (<see cref="NetworkWorkspace{T}"/>); with λ₂ &gt; 0 the penalty ½·λ₂·‖W‖² added to
/// the loss and λ₂·W to the gradient; with λ₁ &gt; 0 λ₁·‖W‖₁ added to the loss; with a maximum norm C the whole
/// gradient (every layer, biases included, as torch's <c>clip_grad_norm_</c> over all parameters) clipped to it; for
/// AdamW its decoupled decay w ← w·(1 − α·λ); the update rule over the flat buffer; then, with λ₁ &gt; 0, the proximal
/// step. Penalties and decay act on every layer's non-bias rows only (<see cref="NetworkPenalties"/>). The returned
/// loss is the batch's loss plus penalties, computed before the update.
/// </summary>
public sealed class NetworkTrainer<T> : IDisposable where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly NetworkWorkspace<T> _workspace;
    readonly IUpdateRule<T> _rule;
    readonly T[] _w, _gradient, _x, _y, _batchX, _batchY;
    readonly int[] _order;
    readonly int _rows, _features, _outputs;
    readonly bool _shuffled, _tiled;
    readonly double _l2, _l1, _decay;
    readonly double? _clipNorm;
    readonly T _l2Coefficient;

    /// <summary>
    /// A trainer of <paramref name="weights"/> (the flat buffer of <paramref name="layout"/>; updated in place) on the
    /// first <paramref name="rows"/> rows of <paramref name="x"/> (column-major, the layout's input columns, the bias
    /// last) and <paramref name="targets"/> (K columns, encoded as <paramref name="loss"/> says), batches of
    /// <paramref name="batchSize"/> rows, shuffled each epoch when <paramref name="shuffled"/>. The rule is made here
    /// from <paramref name="settings"/> for the flat buffer; AdamW's weight decay is applied to the non-bias rows by
    /// the trainer, not the rule. λ₂ and λ₁ apply above 0, clipping with a norm; products on up to
    /// <paramref name="threads"/> threads.
    /// </summary>
    public NetworkTrainer(NetworkLayout layout, ActivationKind activation, LossKind loss, T[] x, T[] targets, int rows,
        int batchSize, bool shuffled, T[] weights, UpdateSettings settings, double l2 = 0, double l1 = 0, double? clipNorm = null, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int features = layout.InputColumns, outputs = layout.Outputs;
        if ((long)rows * features > x.Length) throw new ArgumentException($"X has {x.Length} elements; {rows}×{features} expected.", nameof(x));
        if ((long)rows * outputs > targets.Length) throw new ArgumentException($"The targets have {targets.Length} elements; {rows}×{outputs} expected.", nameof(targets));
        if (weights.Length != layout.WeightCount) throw new ArgumentException($"W has {weights.Length} elements; the network {layout} has {layout.WeightCount}.", nameof(weights));
        Layout = layout;
        _decay = settings.Kind == UpdateRuleKind.AdamW ? settings.WeightDecay : 0;
        _rule = UpdateRule.Create<T>(settings with { Features = layout.WeightCount, WeightDecay = 0 }, layout.WeightCount);
        BatchSize = Math.Min(batchSize, rows);
        _workspace = new NetworkWorkspace<T>(layout, activation, loss, BatchSize, threads);
        _w = weights;
        _gradient = new T[weights.Length];
        (_rows, _features, _outputs) = (rows, features, outputs);
        _shuffled = shuffled;
        _order = shuffled ? new int[rows] : [];
        if (shuffled) for (int i = 0; i < rows; i++) _order[i] = i;
        _tiled = !shuffled && BatchSize < rows;
        _x = _tiled ? BatchTiles.Arrange(new ReadOnlySpan<T>(x, 0, rows * features), rows, features, BatchSize) : x;
        _y = _tiled ? BatchTiles.Arrange(new ReadOnlySpan<T>(targets, 0, rows * outputs), rows, outputs, BatchSize) : targets;
        _batchX = shuffled ? new T[BatchSize * features] : [];
        _batchY = shuffled ? new T[BatchSize * outputs] : [];
        (_l2, _l1, _clipNorm, _l2Coefficient) = (l2, l1, clipNorm, T.CreateTruncating(l2));
    }

    public NetworkLayout Layout { get; }

    /// <summary>The weights being trained (the array given to the constructor).</summary>
    public T[] Weights => _w;

    /// <summary>The last batch's gradient as the rule took it (L2 added, clipped), laid out as the weights.</summary>
    public ReadOnlySpan<T> Gradient => _gradient;

    /// <summary>The update rule (its step count, its state).</summary>
    public IUpdateRule<T> Rule => _rule;

    /// <summary>Rows per update: all of them for batch GD.</summary>
    public int BatchSize { get; }

    /// <summary>The workspace the batches run on (for a forward pass or a loss at other weights between steps).</summary>
    public NetworkWorkspace<T> Workspace => _workspace;

    /// <summary>Bytes the products' worker threads allocated (zero once warmed up).</summary>
    public long WorkerAllocatedBytes => _workspace.WorkerAllocatedBytes;

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
            loss += NetworkPenalties.L2(Layout, (ReadOnlySpan<T>)_w, _l2);
            NetworkPenalties.AddL2(Layout, _gradient, _w, _l2Coefficient);
        }
        if (_l1 > 0) loss += NetworkPenalties.L1(Layout, (ReadOnlySpan<T>)_w, _l1);
        Update(rate);
        return loss;
    }

    /// <summary>
    /// The update <see cref="Step"/> makes after its gradient, made along <paramref name="gradient"/> instead (taken as
    /// it is, penalties included or not): clipping, AdamW's decay, the rule, L1's proximal step. The landscape's step
    /// arrows take the rule's step from a saved state along the full-batch gradient and along zero with it.
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
        if (_decay != 0) NetworkPenalties.Scale(Layout, _w.AsSpan(), T.CreateTruncating(1 - rate * _decay));
        _rule.Step(_w, _gradient, T.CreateTruncating(rate));
        if (_l1 > 0) NetworkPenalties.SoftThreshold(Layout, _w.AsSpan(), T.CreateTruncating(rate * _l1));
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
            var order = new ReadOnlySpan<int>(_order, start, m);
            for (int j = 0; j < _features; j++)
                RowGather.Column(new ReadOnlySpan<T>(_x, j * _rows, _rows), order, new Span<T>(_batchX, j * m, m));
            for (int j = 0; j < _outputs; j++)
                RowGather.Column(new ReadOnlySpan<T>(_y, j * _rows, _rows), order, new Span<T>(_batchY, j * m, m));
            return _workspace.Compute(new ColumnMajorRows<T>(_batchX, m, 0, m, _features),
                new ColumnMajorRows<T>(_batchY, m, 0, m, _outputs), _w, _gradient);
        }
        if (_tiled)
            return _workspace.Compute(BatchTiles.Batch<T>(_x, start, m, _features), BatchTiles.Batch<T>(_y, start, m, _outputs), _w, _gradient);
        return _workspace.Compute(new ColumnMajorRows<T>(_x, _rows, start, m, _features),
            new ColumnMajorRows<T>(_y, _rows, start, m, _outputs), _w, _gradient);
    }

    /// <summary>Stops the products' worker threads, if any.</summary>
    public void Dispose() => _workspace.Dispose();
}
