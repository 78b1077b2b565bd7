using BenchmarkDotNet.Running;

namespace Descent.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point: <c>dotnet run -c Release --project Tests/Benchmarks -- --filter '*'</c>
/// (or a narrower filter such as <c>'*Sigmoid*'</c>). <c>-- --peak-load [rows]</c> measures one CSV load's peak
/// memory instead (see <see cref="PeakLoadMemory"/>), <c>-- --network-epochs …</c> times networks' epochs
/// (<see cref="NetworkEpochs"/>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length >= 1 && args[0] == "--network-epochs")
        {
            NetworkEpochs.Run(args);
            return;
        }
        if (args.Length >= 1 && args[0] == "--peak-load")
        {
            PeakLoadMemory.Run(args.Length > 1 ? int.Parse(args[1]) : CsvLoadBenchmarks.Rows);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
