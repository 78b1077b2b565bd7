namespace Descent.Core;

/// <summary>
/// Persistent threads that take parts of a <see cref="BlockedProduct{T}"/> beside the calling thread, each with its
/// own <see cref="PackBuffers{T}"/>. A step's products come back to back, so a worker spins briefly for the next one
/// before it sleeps on a semaphore; the caller spins while the workers finish their parts (about as long as its own).
/// The threads reference this object only, so an abandoned owner is collected and its finalizer stops them.
/// </summary>
internal sealed class ProductWorkers<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Spin iterations a worker waits for the next product before it sleeps.</summary>
    const int SpinsBeforeSleep = 20_000;

    readonly Thread[] _threads;
    readonly SemaphoreSlim[] _wake;
    readonly int[] _sleeping;
    BlockedProduct<T> _task;
    long _generation;
    int _pending;
    long _allocated;
    volatile bool _stopping;

    public ProductWorkers(int count)
    {
        _threads = new Thread[count];
        _wake = new SemaphoreSlim[count];
        _sleeping = new int[count];
        for (int i = 0; i < count; i++)
        {
            _wake[i] = new SemaphoreSlim(0);
            int index = i;
            _threads[i] = new Thread(() => Work(index)) { IsBackground = true, Name = $"Descent product worker {i + 1}" };
            _threads[i].Start();
        }
    }

    public int Count => _threads.Length;

    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    /// <summary>Runs parts 1 .. Parts − 1 of <paramref name="task"/> on the workers (Parts − 1 ≤ their count) and part 0 here; returns when all are done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(in BlockedProduct<T> task, PackBuffers<T> own)
    {
        _task = task;
        // Every worker acknowledges every product (those without a part at once), so none can still be reading
        // _task when the next product overwrites it.
        Volatile.Write(ref _pending, _threads.Length);
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _threads.Length; i++)
            if (Interlocked.Exchange(ref _sleeping[i], 0) == 1) _wake[i].Release();
        task.Part(0, own);
        while (Volatile.Read(ref _pending) > 0) Thread.SpinWait(8);
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
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _threads.Length; i++) _wake[i].Release();
    }

    void Work(int index)
    {
        var buffers = new PackBuffers<T>();
        long seen = 0;
        while (true)
        {
            long generation = Interlocked.Read(ref _generation);
            for (int spin = 0; generation == seen && spin < SpinsBeforeSleep; spin++)
            {
                Thread.SpinWait(8);
                generation = Interlocked.Read(ref _generation);
            }
            if (generation == seen)
            {
                // Declare sleep, then look once more: either the caller sees the flag and wakes us, or we see its
                // generation; if both happen, the release it made is consumed so the count stays balanced.
                Interlocked.Exchange(ref _sleeping[index], 1);
                if (Interlocked.Read(ref _generation) == seen) _wake[index].Wait();
                else if (Interlocked.Exchange(ref _sleeping[index], 0) == 0) _wake[index].Wait();
                continue;
            }
            seen = generation;
            if (_stopping) return;
            var task = _task;
            if (index + 1 < task.Parts)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                task.Part(index + 1, buffers);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated != 0) Interlocked.Add(ref _allocated, allocated);
            }
            Interlocked.Decrement(ref _pending);
        }
    }
}
