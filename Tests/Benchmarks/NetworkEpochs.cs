using System.Diagnostics;

namespace Descent.Benchmarks;

/// <summary>
/// <c>-- --network-epochs digits|large [epochs] [threads] [batch]</c> (or <c>product [n] [threads] [reps]</c>): whole epochs of <see cref="NetworkProblem"/> timed
/// with a stopwatch after one warm-up epoch, printed as JSON (each epoch's seconds, the median, and the rate of the
/// passes' multiply-adds), for torch/network_side_by_side.py to set beside torch and scikit-learn in one sitting.
/// </summary>
public static class NetworkEpochs
{
    public static void Run(string[] args)
    {
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
        for (int e = 0; e < epochs; e++)
        {
            long start = Stopwatch.GetTimestamp();
            p.Trainer.Epoch(1e-3);
            seconds[e] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        var sorted = seconds.Order().ToArray();
        double median = sorted[epochs / 2];
        double gflops = 2 * p.MultiplyAdds(p.Rows) / median / 1e9;
        Console.WriteLine($"{{\"network\":\"{name}\",\"threads\":{threads},\"batch\":{batch},\"epochs\":[{string.Join(",", seconds.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}],"
            + $"\"median\":{median.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},\"gflops\":{gflops.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}}}");
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
}
