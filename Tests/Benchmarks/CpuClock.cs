using System.Runtime.InteropServices;

namespace Descent.Benchmarks;

/// <summary>
/// CPU seconds from <c>clock_gettime</c> (nanosecond resolution; <see cref="System.Diagnostics.Process.TotalProcessorTime"/>
/// counts in scheduler ticks, too coarse for a millisecond epoch): the whole process's (every thread) or the calling
/// thread's. On a loaded machine these, not the wall clock, say what a piece of work costs.
/// </summary>
static partial class CpuClock
{
    const int ProcessClock = 2, ThreadClock = 3;

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds, Nanoseconds; }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    static double Read(int clock) => ClockGetTime(clock, out var t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : double.NaN;

    public static double Process => Read(ProcessClock);

    public static double Thread => Read(ThreadClock);
}
