using System.Runtime;

namespace Descent.Core.Tests;

/// <summary>
/// Bytes an action allocates, measured where no garbage collection can start: a collection during the measurement
/// would count the unused rest of the thread's allocation quantum as allocated (the F# tests use Descent.FSharp's
/// <c>Bench.allocatedBytes</c>, the same measurement).
/// </summary>
public static class AllocationMeter
{
    /// <summary>Bytes the no-GC region may allocate before it ends (and a collection may start).</summary>
    public const long RegionBytes = 16L * 1024 * 1024;

    /// <summary>
    /// Bytes <paramref name="action"/> allocates on the calling thread, plus how much <paramref name="otherThreads"/>
    /// (a running total kept by other threads, e.g. <see cref="GradientEngine{T}.WorkerAllocatedBytes"/>) grows
    /// meanwhile. Throws <see cref="InvalidOperationException"/> when the runtime refuses a no-GC region.
    /// </summary>
    public static long Measure(Action action, Func<long>? otherThreads = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        GC.Collect();
        if (!GC.TryStartNoGCRegion(RegionBytes))
            throw new InvalidOperationException("The runtime refused a no-GC region; allocation cannot be measured.");
        try
        {
            long others = otherThreads?.Invoke() ?? 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            long mine = GC.GetAllocatedBytesForCurrentThread() - before;
            return mine + ((otherThreads?.Invoke() ?? 0) - others);
        }
        finally
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }
}
