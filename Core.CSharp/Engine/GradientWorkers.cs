namespace Descent.Core;

/// <summary>
/// Persistent threads that take chunks of a batch alongside the calling thread. The caller pins the batch for the
/// duration of <see cref="Run"/>, hands the workers raw pointers, takes chunks itself, and returns once every chunk
/// is done. Chunks are claimed from a shared counter; which thread computes which chunk does not matter, since each
/// has its own slot. The threads reference this object only, never the engine, so an abandoned engine is collected
/// and its finalizer stops them.
/// </summary>
internal sealed unsafe class GradientWorkers<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Thread[] _threads;
    readonly SemaphoreSlim _start = new(0);
    // Semaphores, not ManualResetEventSlim: its first blocking wait allocates on the waiting thread.
    readonly SemaphoreSlim _finished = new(0);
    ChunkJob<T> _job;
    Batch _batch;
    int _next;
    int _running;
    long _allocated;
    volatile bool _stopping;

    /// <summary>A pinned batch: raw pointers and the shape of each view.</summary>
    struct Batch
    {
        public T* X, Y, W;
        public int XLength, XStride, XStart, Rows, Columns, YLength, YStride, YStart, Outputs, WLength;
    }

    readonly int _scratchLength;

    public GradientWorkers(int count, int scratchLength)
    {
        _scratchLength = scratchLength;
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"Descent gradient worker {i + 1}" };
            _threads[i].Start();
        }
    }

    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(ChunkJob<T> job, ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> scratch)
    {
        fixed (T* px = x.Data)
        fixed (T* py = targets.Data)
        fixed (T* pw = w)
        {
            _job = job;
            _batch = new Batch
            {
                X = px, XLength = x.Data.Length, XStride = x.Stride, XStart = x.Start, Rows = x.Rows, Columns = x.Columns,
                Y = py, YLength = targets.Data.Length, YStride = targets.Stride, YStart = targets.Start, Outputs = targets.Columns,
                W = pw, WLength = w.Length,
            };
            int helpers = Math.Min(_threads.Length, job.Chunks - 1);
            _next = 0;
            Volatile.Write(ref _running, helpers);
            _start.Release(helpers);
            TakeChunks(scratch);
            if (helpers > 0) _finished.Wait();
        }
    }

    public bool Join(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var t in _threads)
            if (!t.Join(Math.Max(0, (int)(deadline - DateTime.UtcNow).TotalMilliseconds))) return false;
        return true;
    }

    public void Stop()
    {
        if (_stopping) return;
        _stopping = true;
        _start.Release(_threads.Length);
    }

    void Work()
    {
        var scratch = new T[_scratchLength];
        while (true)
        {
            _start.Wait();
            if (_stopping) return;
            long before = GC.GetAllocatedBytesForCurrentThread();
            TakeChunks(scratch);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated != 0) Interlocked.Add(ref _allocated, allocated);
            if (Interlocked.Decrement(ref _running) == 0) _finished.Release();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void TakeChunks(Span<T> scratch)
    {
        var b = _batch;
        var x = new ColumnMajorRows<T>(new ReadOnlySpan<T>(b.X, b.XLength), b.XStride, b.XStart, b.Rows, b.Columns);
        var y = new ColumnMajorRows<T>(new ReadOnlySpan<T>(b.Y, b.YLength), b.YStride, b.YStart, b.Rows, b.Outputs);
        var w = new ReadOnlySpan<T>(b.W, b.WLength);
        int c;
        while ((c = Interlocked.Increment(ref _next) - 1) < _job.Chunks)
            _job.Run(c, x, y, w, scratch);
    }
}
