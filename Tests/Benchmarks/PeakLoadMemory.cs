using System.Diagnostics;

namespace Descent.Benchmarks;

/// <summary>
/// Peak memory of one CSV load, in a process of its own:
/// <c>dotnet run -c Release --project Tests/Benchmarks -- --peak-load [rows]</c>. Prints the matrix size, the bytes
/// the load allocated, and the process's peak working set before and after the load, each as a multiple of the
/// matrix.
/// </summary>
public static class PeakLoadMemory
{
    public static void Run(int rows)
    {
        string path = BigCsv.Ensure(rows, CsvLoadBenchmarks.Columns);
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        long peakBefore = self.PeakWorkingSet64;
        long allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var watch = Stopwatch.StartNew();
        var ds = CsvDataset.load(BigCsv.Spec(path));
        double seconds = watch.Elapsed.TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
        self.Refresh();
        long peakAfter = self.PeakWorkingSet64;
        double matrix = (double)ds.X.Data.Length * sizeof(double);
        Console.WriteLine($"file: {path} ({new FileInfo(path).Length / 1e6:F0} MB), {ds.X.Rows} rows x {ds.X.Cols} features + label");
        Console.WriteLine($"load: {seconds:F2} s");
        Console.WriteLine($"matrix: {matrix / 1e6:F1} MB");
        Console.WriteLine($"allocated by the load: {allocated / 1e6:F1} MB = {allocated / matrix:F2} x matrix");
        Console.WriteLine($"peak working set: {peakBefore / 1e6:F1} MB before, {peakAfter / 1e6:F1} MB after = {(peakAfter - peakBefore) / matrix:F2} x matrix above the start ({peakAfter / matrix:F2} x in all)");
        GC.KeepAlive(ds);
    }
}
