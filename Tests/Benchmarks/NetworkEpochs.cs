using System.Diagnostics;

namespace Descent.Benchmarks;

/// <summary>
/// <c>-- --network-epochs digits|large [epochs] [threads] [batch]</c> (or <c>product [n] [threads] [reps]</c>): whole epochs of <see cref="NetworkProblem"/> timed
/// with a stopwatch after one warm-up epoch, printed as JSON (each epoch's seconds, the median, the median of the
/// process's CPU seconds — what a loaded machine's wall clock hides — and the rate of the passes' multiply-adds), for torch/network_side_by_side.py to set beside torch and scikit-learn in one sitting.
/// </summary>
public static class NetworkEpochs
{
    public static void Run(string[] args)
    {
        if (args.Length > 1 && args[1] == "breakdown")
        {
            Breakdown(args.Length > 2 ? args[2] : "digits", args.Length > 3 ? int.Parse(args[3]) : 32);
            return;
        }
        if (args.Length > 1 && args[1] == "product")
        {
            Product(args.Length > 2 ? int.Parse(args[2]) : 2048, args.Length > 3 ? int.Parse(args[3]) : 2, args.Length > 4 ? int.Parse(args[4]) : 5);
            return;
        }
        string name = args.Length > 1 ? args[1] : "digits";
        int epochs = args.Length > 2 ? int.Parse(args[2]) : 10;
        int threads = args.Length > 3 ? int.Parse(args[3]) : 2;
        int batch = args.Length > 4 ? int.Parse(args[4]) : name == "digits" ? 32 : 256;
        using var p = new NetworkProblem(name, batch, threads);
        p.Trainer.Epoch(1e-3);
        var seconds = new double[epochs];
        var cpu = new double[epochs];
        for (int e = 0; e < epochs; e++)
        {
            double cpuStart = CpuClock.Process;
            long start = Stopwatch.GetTimestamp();
            p.Trainer.Epoch(1e-3);
            seconds[e] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu[e] = CpuClock.Process - cpuStart;
        }
        double cpuMedian = cpu.Order().ToArray()[epochs / 2];
        var sorted = seconds.Order().ToArray();
        double median = sorted[epochs / 2];
        double gflops = 2 * p.MultiplyAdds(p.Rows) / median / 1e9;
        Console.WriteLine($"{{\"network\":\"{name}\",\"threads\":{threads},\"batch\":{batch},\"epochs\":[{string.Join(",", seconds.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}],"
            + $"\"median\":{median.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},\"cpuMedian\":{cpuMedian.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},\"gflops\":{gflops.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}}}");
    }

    /// <summary>C = A·B at n² float64, <paramref name="reps"/> timed calls after one warm-up: the median's GFLOP/s.</summary>
    static void Product(int n, int threads, int reps)
    {
        using var product = new MatrixProduct<double>(threads);
        var a = new double[n * n];
        var b = new double[n * n];
        var c = new double[n * n];
        new RandomState(1).FillStandardNormal(a);
        new RandomState(2).FillStandardNormal(b);
        product.Multiply(n, n, n, a, n, b, n, c, n);
        var seconds = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            long start = Stopwatch.GetTimestamp();
            product.Multiply(n, n, n, a, n, b, n, c, n);
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        double median = seconds.Order().ToArray()[reps / 2];
        Console.WriteLine($"{{\"product\":{n},\"threads\":{threads},\"median\":{median.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},\"gflops\":{(2.0 * n * n * n / median / 1e9).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}}}");
    }

    /// <summary>Per step: the whole step, the loss and gradient alone, and the Adam rule alone (microseconds, medians of 9 runs of 2000).</summary>
    static void Breakdown(string name, int batch)
    {
        using var p = new NetworkProblem(name, batch, 1);
        var t = p.Trainer;
        var x = new double[batch * 65];
        var y = new double[batch * 10];
        new RandomState(3).FillStandardNormal(x);
        for (int i = 0; i < batch; i++) y[(i % 10) * batch + i] = 1;
        var g = new double[p.Layout.WeightCount];
        var rule = UpdateRule.Create<double>(UpdateSettings.For(UpdateRuleKind.Adam, p.Layout.WeightCount), p.Layout.WeightCount);
        var w = (double[])t.Weights.Clone();
        string Time(Action a)
        {
            var runs = new double[9];
            var cpu = new double[9];
            for (int r = 0; r < runs.Length; r++)
            {
                double cpuStart = CpuClock.Thread;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < 2000; i++) a();
                runs[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000 / 2000;
                cpu[r] = (CpuClock.Thread - cpuStart) * 1e6 / 2000;
            }
            Array.Sort(runs);
            Array.Sort(cpu);
            return $"{runs[4]:F2} µs (CPU {cpu[4]:F2}, {cpu[0]:F2}–{cpu[8]:F2})";
        }
        string step = Time(() => t.Step(0, batch, 1e-9));
        string compute = Time(() => t.Workspace.Compute(ColumnMajorRows<double>.Whole(x, batch, 65), ColumnMajorRows<double>.Whole(y, batch, 10), w, g));
        string adam = Time(() => rule.Step(w, g, 1e-12));
        Console.WriteLine($"{name}/{batch}: step {step}, loss and gradient {compute}, Adam {adam}");
    }
}
