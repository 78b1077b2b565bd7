namespace Descent.Core;

/// <summary>
/// Persistent threads that take parts of a <see cref="BlockedProduct{T}"/> beside the calling thread, each with its
/// own <see cref="PackBuffers{T}"/>. Parts are claimed from a shared counter, the caller included, so a worker the
/// scheduler has not run yet costs nothing: the caller takes its parts (which part a thread computes never changes a
/// result). A step's products come back to back, so a worker spins briefly for the next one before it sleeps on a
/// semaphore. The product is published as a sequence lock: the generation is odd while the caller writes it, and
/// workers register (<c>_active</c>) before reading it, so none reads a product half written. The threads reference
/// this object only, so an abandoned owner is collected and its finalizer stops them.
/// </summary>
internal sealed class ProductWorkers<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Spin iterations (about 0.2 µs each) a worker waits for the next product before it sleeps.</summary>
    const int SpinsBeforeSleep = 1000;

    readonly Thread[] _threads;
    readonly SemaphoreSlim[] _wake;
    readonly int[] _sleeping;
    BlockedProduct<T> _task;
    long _generation;
    int _next, _remaining, _active;
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

    /// <summary>Runs the parts of <paramref name="task"/> here and on the workers; returns when all are done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(in BlockedProduct<T> task, PackBuffers<T> own)
    {
        Interlocked.Increment(ref _generation);
        var wait = new SpinWait();
        while (Volatile.Read(ref _active) > 0) wait.SpinOnce(sleep1Threshold: -1);
        _task = task;
        Volatile.Write(ref _next, 0);
        Volatile.Write(ref _remaining, task.Parts);
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _threads.Length; i++)
            if (Interlocked.Exchange(ref _sleeping[i], 0) == 1) _wake[i].Release();
        TakeParts(task, own);
        wait = new SpinWait();
        while (Volatile.Read(ref _remaining) > 0) wait.SpinOnce(sleep1Threshold: -1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void TakeParts(in BlockedProduct<T> task, PackBuffers<T> buffers)
    {
        int part;
        while ((part = Interlocked.Increment(ref _next) - 1) < task.Parts)
        {
            task.Part(part, buffers);
            Interlocked.Decrement(ref _remaining);
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
        Interlocked.Add(ref _generation, 2);
        for (int i = 0; i < _threads.Length; i++) _wake[i].Release();
    }

    void Work(int index)
    {
        var buffers = new PackBuffers<T>();
        long seen = 0;
        while (true)
        {
            if (_stopping) return;
            long generation = Interlocked.Read(ref _generation);
            for (int spin = 0; (generation == seen || (generation & 1) == 1) && spin < SpinsBeforeSleep; spin++)
            {
                Thread.SpinWait(8);
                generation = Interlocked.Read(ref _generation);
            }
            if (generation == seen || (generation & 1) == 1)
            {
                // Declare sleep, then look once more: either the caller sees the flag and wakes us, or we see its
                // generation; if both happen, the release it made is consumed so the count stays balanced.
                Interlocked.Exchange(ref _sleeping[index], 1);
                if (Interlocked.Read(ref _generation) == generation) _wake[index].Wait();
                else if (Interlocked.Exchange(ref _sleeping[index], 0) == 0) _wake[index].Wait();
                continue;
            }
            Interlocked.Increment(ref _active);
            if (Interlocked.Read(ref _generation) == generation)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                TakeParts(_task, buffers);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated != 0) Interlocked.Add(ref _allocated, allocated);
                seen = generation;
            }
            Interlocked.Decrement(ref _active);
        }
    }
}
