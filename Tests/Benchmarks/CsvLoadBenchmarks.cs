using System.Globalization;
using System.Text;
using BenchmarkDotNet.Engines;
using nietras.SeparatedValues;
using Sylvan.Data.Csv;

namespace Descent.Benchmarks;

/// <summary>
/// Loading a 1,000,000-row × 20-column numeric CSV (19 features in shortest round-trip form, a 0/1 label last):
/// Descent's loader (<c>CsvDataset.load</c>: Sep in parallel slices, header detection, checks of every cell, labels
/// to classes, a column-major matrix) against Sylvan.Data.Csv and Sep alone on one thread reading every cell into a
/// preallocated <c>double[]</c>. The file is generated at setup into the temp folder (about 360 MB), not kept in the repository.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CsvLoadBenchmarks
{
    public const int Rows = 1_000_000;
    public const int Columns = 20;

    string _path = "";

    [GlobalSetup]
    public void Setup() => _path = BigCsv.Ensure(Rows, Columns);

    [Benchmark(Baseline = true)]
    public double[] SylvanGetDouble()
    {
        var values = new double[Rows * Columns];
        using var reader = CsvDataReader.Create(new StreamReader(_path), new CsvDataReaderOptions { Delimiter = ',' });
        int i = 0;
        while (reader.Read())
        {
            for (int j = 0; j < Columns; j++) values[i++] = reader.GetDouble(j);
        }
        return values;
    }

    /// <summary>Sep alone, one thread: every cell parsed (csFastFloat) into a preallocated array.</summary>
    [Benchmark]
    public double[] SepTryParse()
    {
        var values = new double[Rows * Columns];
        using var reader = Sep.Reader(o => o with { HasHeader = true }).FromFile(_path);
        int i = 0;
        foreach (var row in reader)
        {
            for (int j = 0; j < Columns; j++) values[i++] = row[j].TryParse<double>(out var v) ? v : double.NaN;
        }
        return values;
    }

    [Benchmark]
    public Dataset DescentLoad() => CsvDataset.load(BigCsv.Spec(_path));
}

/// <summary>The benchmark's CSV file: made once per size in the temp folder and reused while it is complete.</summary>
public static class BigCsv
{
    public static string Ensure(int rows, int columns)
    {
        string path = Path.Combine(Path.GetTempPath(), $"descent-bench-{rows}x{columns}.csv");
        string done = path + ".complete";
        if (File.Exists(path) && File.Exists(done)) return path;
        var rng = new Core.RandomState(7u);
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            w.Write(string.Join(",", Enumerable.Range(0, columns - 1).Select(j => $"f{j}")));
            w.Write(",label\n");
            var line = new StringBuilder();
            for (int i = 0; i < rows; i++)
            {
                line.Clear();
                for (int j = 0; j < columns - 1; j++)
                {
                    line.Append(rng.Normal(0, 3).ToString("R", CultureInfo.InvariantCulture)).Append(',');
                }
                line.Append(rng.NextDouble() < 0.5 ? '0' : '1').Append('\n');
                w.Write(line);
            }
        }
        File.WriteAllText(done, "");
        return path;
    }

    public static TableFile Spec(string path) => DataSpecModule.tableFile(path);
}
