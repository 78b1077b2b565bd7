using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Descent.Benchmarks;

/// <summary>
/// One process per benchmark, 3 warm-up and 15 measured iterations: enough for medians that hold to a few percent on
/// a quiet machine, and a full run (every size, both precisions) in well under an hour on two cores. With the memory
/// diagnoser, so every benchmark on this config reports what it allocates.
/// </summary>
public sealed class QuickConfig : ManualConfig
{
    public QuickConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
