using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Descent.Benchmarks;

/// <summary>
/// <see cref="QuickConfig"/>'s counts run in this process: BenchmarkDotNet's per-benchmark build of the whole solution
/// exceeded its two-minute limit on the shared, loaded machine, and these benchmarks need nothing a separate process
/// gives (no process-wide settings, no start-up cost measured).
/// </summary>
public sealed class InProcessConfig : ManualConfig
{
    public InProcessConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
