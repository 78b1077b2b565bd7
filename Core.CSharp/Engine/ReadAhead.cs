namespace Descent.Core;

/// <summary>
/// A thread that reads an array a few megabytes ahead of a consumer going through it front to back, so that the data
/// the consumer reaches next is already in the shared cache. Mini-batch SGD needs it: its batches cannot run in
/// parallel (each needs the weights the previous one left), and one core alone cannot draw the memory's full
/// bandwidth, but a second core reading ahead can. It only reads, so it changes no result.
/// The consumer reports where it is (<see cref="At"/>); the reader stays <see cref="Window"/> bytes ahead, spins
/// while it is, and sleeps once the consumer has been still for a while (between runs, after training), to be woken
/// by the next report. The thread references this object only, never its owner.
/// </summary>
internal sealed class ReadAhead<T> where T : unmanaged
{
    /// <summary>How far ahead to read: well inside a shared L3, well beyond a core's own L2.</summary>
    public const int Window = 4 << 20;

    const int Step = 4096;
    const int SpinsBeforeSleep = 20_000;

    readonly T[] _data;
    readonly Thread _thread;
    readonly SemaphoreSlim _wake = new(0);
    long _position;
    int _sleeping;
    volatile bool _stopping;
    int _sink;
    long _allocated;

    public ReadAhead(T[] data)
    {
        _data = data;
        _thread = new Thread(Run) { IsBackground = true, Name = "Descent read-ahead" };
        _thread.Start();
    }

    /// <summary>Whether <paramref name="span"/> starts inside this array; if so, reports that position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool At(ReadOnlySpan<T> span)
    {
        if (_data.Length == 0 || span.IsEmpty) return false;
        long offset = Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(_data), ref MemoryMarshal.GetReference(span)) / Unsafe.SizeOf<T>();
        if ((ulong)offset >= (ulong)_data.Length) return false;
        // A plain (release) store, not an exchange: a locked instruction per batch waited each time for the line the
        // reader keeps reading to come back from its core. Without a fence the store may become visible after the
        // check below, so a reader falling asleep just then is woken by the next batch's report instead.
        Volatile.Write(ref _position, offset);
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1) _wake.Release();
        return true;
    }

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>Whether the thread is asleep, waiting for the consumer to move.</summary>
    public bool Sleeping => Volatile.Read(ref _sleeping) == 1;

    /// <summary>Bytes the thread has allocated since it started, as of its last sleep.</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    public void Stop()
    {
        _stopping = true;
        _wake.Release();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Run()
    {
        int window = Window / Unsafe.SizeOf<T>(), step = Step / Unsafe.SizeOf<T>();
        long ahead = 0, last = -1;
        int idle = 0;
        int sink = 0;
        long start = GC.GetAllocatedBytesForCurrentThread();
        while (!_stopping)
        {
            long position = Volatile.Read(ref _position);
            if (position != last)
            {
                idle = 0;
                // A new pass (the next epoch) starts over; a consumer that got ahead is caught up with.
                if (position < last || position > ahead) ahead = position;
                last = position;
            }
            long target = Math.Min(position + window, _data.Length);
            if (ahead < target)
            {
                long end = Math.Min(ahead + step, target);
                ref byte data = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(_data));
                // One byte per 64-byte line brings the line in; the reads are independent, so many are in flight.
                for (long i = ahead * Unsafe.SizeOf<T>(); i < end * Unsafe.SizeOf<T>(); i += 64)
                    sink += Unsafe.Add(ref data, (nint)i);
                ahead = end;
            }
            else if (++idle < SpinsBeforeSleep)
            {
                Thread.SpinWait(20);
            }
            else
            {
                // The fence here makes the flag visible before the position is read again: the consumer's next
                // report after that sees the flag and wakes this thread (At does not fence, so its report may be
                // the one after the one this thread missed).
                Interlocked.Exchange(ref _allocated, GC.GetAllocatedBytesForCurrentThread() - start);
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _position) == last && !_stopping) _wake.Wait();
                Interlocked.Exchange(ref _sleeping, 0);
                idle = 0;
            }
        }
        _sink = sink;
    }
}
