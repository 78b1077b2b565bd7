namespace Descent.Core.Tests;

/// <summary>Bytes an action allocates on the calling thread, measured where no garbage collection can start.</summary>
internal static class Allocation
{
    /// <remarks>
    /// A collection during the measurement counts the unused rest of the thread's allocation quantum as allocated,
    /// so the action runs inside a no-GC region.
    /// </remarks>
    public static long OnThisThread(Action action)
    {
        GC.Collect();
        Assert.That(GC.TryStartNoGCRegion(16L * 1024 * 1024), Is.True, "no GC-free region");
        try
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        finally
        {
            if (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }
}
