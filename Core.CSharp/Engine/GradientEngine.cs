namespace Descent.Core;

/// <summary>
/// Owns what a run needs to call <see cref="FusedGradient"/> repeatedly without allocating: the scratch block, and for
/// batches of more than <see cref="ChunkRows"/> rows the per-chunk partial results and (with more than one thread)
/// persistent worker threads. A large batch is cut into chunks of <see cref="ChunkRows"/> rows, a cut that depends on
/// the row count alone; each chunk's loss and gradient are computed the same way whichever thread takes it, and they
/// are added in chunk order, so the result is bit for bit the same for any number of threads.
/// Batches of at most one chunk (SGD's mini-batches, the lesson's 500 rows) run on the calling thread with no
/// synchronisation. Workers start on the first batch that needs them and stop on <see cref="Dispose"/> (or when the
/// engine is collected); they are background threads, so they never keep a process alive.
/// </summary>
public sealed class GradientEngine<T> : IDisposable where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Rows per chunk of a large batch.</summary>
    public const int ChunkRows = 8192;

    readonly T[] _scratch;
    T[] _partials = [];
    double[] _losses = [];
    GradientWorkers<T>? _workers;
    ReadAhead<T>? _readAhead;
    bool _disposed;

    public GradientEngine(LossKind loss, int features, int outputs, int threads = 1)
    {
        Element.EnsureSupported<T>();
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!Enum.IsDefined(loss)) throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss.");
        Loss = loss;
        Features = features;
        Outputs = outputs;
        Threads = threads;
        _scratch = new T[FusedGradient.ScratchLength<T>(outputs)];
    }

    public LossKind Loss { get; }
    public int Features { get; }
    public int Outputs { get; }
    public int Threads { get; }

    /// <summary>
    /// Bytes the worker threads have allocated while computing (they measure themselves around each batch); zero once
    /// the first batch has run. The calling thread's share is seen by <c>GC.GetAllocatedBytesForCurrentThread</c>.
    /// </summary>
    public long WorkerAllocatedBytes => _workers?.AllocatedBytes ?? 0;

    /// <summary>
    /// Declares that the batches to come are taken front to back from <paramref name="data"/> (mini-batches in order,
    /// laid out by <see cref="BatchTiles"/>). With more than one thread and data larger than the read-ahead window,
    /// a thread then reads the data a few megabytes ahead of the batch being computed into the shared cache
    /// (<see cref="ReadAhead{T}"/>), which lends sequential SGD a second core's memory bandwidth. Changes no result.
    /// </summary>
    public void EnableReadAhead(T[] data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Threads > 1 && _readAhead is null && (long)data.Length * Unsafe.SizeOf<T>() > 2L * ReadAhead<T>.Window)
            _readAhead = new ReadAhead<T>(data);
    }

    /// <summary>The read-ahead thread, if one was started.</summary>
    internal ReadAhead<T>? ReadingAhead => _readAhead;

    /// <summary>Whether worker threads were started (only batches of more than one chunk with Threads &gt; 1 start them).</summary>
    public bool WorkersStarted => _workers is not null;

    /// <summary>Waits until every worker thread has ended (after <see cref="Dispose"/>); false on timeout.</summary>
    internal bool JoinWorkers(TimeSpan timeout) => (_workers?.Join(timeout) ?? true) && (_readAhead?.Join(timeout) ?? true);

    /// <summary>The loss over the rows (returned) and its gradient (written to <paramref name="gradient"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Compute(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient)
    {
        if (x.Columns != Features || targets.Columns != Outputs)
            throw new ArgumentException($"Expected {Features} feature and {Outputs} target columns, got {x.Columns} and {targets.Columns}.");
        if (x.Rows <= ChunkRows)
        {
            _readAhead?.At(x.Data);
            return FusedGradient.Compute(Loss, x, targets, w, gradient, _scratch);
        }
        if (targets.Rows != x.Rows) throw new ArgumentException($"{targets.Rows} target rows for {x.Rows} rows of X.", nameof(targets));
        int size = Features * Outputs;
        if (w.Length != size) throw new ArgumentException($"W has {w.Length} elements; {Features}×{Outputs} expected.", nameof(w));
        if (gradient.Length != size) throw new ArgumentException($"The gradient has {gradient.Length} elements; {Features}×{Outputs} expected.", nameof(gradient));

        int chunks = (x.Rows + ChunkRows - 1) / ChunkRows;
        if (_losses.Length < chunks)
        {
            _losses = new double[chunks];
            _partials = new T[chunks * size];
        }
        var job = new ChunkJob<T>(Loss, chunks, size, _partials, _losses);
        if (Threads == 1)
        {
            for (int c = 0; c < chunks; c++) job.Run(c, x, targets, w, _scratch);
        }
        else
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _workers ??= new GradientWorkers<T>(Threads - 1, _scratch.Length);
            _workers.Run(job, x, targets, w, _scratch);
        }
        return Reduce(chunks, size, gradient);
    }

    /// <summary>gradient = Σ partials and the loss = Σ losses, both in chunk order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    double Reduce(int chunks, int size, Span<T> gradient)
    {
        _partials.AsSpan(0, size).CopyTo(gradient);
        double loss = _losses[0];
        for (int c = 1; c < chunks; c++)
        {
            var part = _partials.AsSpan(c * size, size);
            for (int i = 0; i < size; i++) gradient[i] += part[i];
            loss += _losses[c];
        }
        return loss;
    }

    /// <summary>Stops the worker and read-ahead threads (if any were started).</summary>
    public void Dispose()
    {
        _disposed = true;
        _workers?.Stop();
        _readAhead?.Stop();
        GC.SuppressFinalize(this);
    }

    ~GradientEngine()
    {
        _workers?.Stop();
        _readAhead?.Stop();
    }
}
