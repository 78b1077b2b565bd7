using BenchmarkDotNet.Running;

namespace Descent.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point: <c>dotnet run -c Release --project Tests/Benchmarks -- --filter '*'</c>
/// (or a narrower filter such as <c>'*Sigmoid*'</c>).
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
