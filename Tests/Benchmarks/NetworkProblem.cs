namespace Descent.Benchmarks;

/// <summary>
/// The networks the issue times: "digits" (1797 rows × 64 features → 32-16 → 10, the size of scikit-learn's 8×8
/// digits) and "large" (200,000 × 64 → 128-128 → 10), relu, softmax, Adam α 1e−3, rows drawn from N(0, 1) (timing
/// does not depend on the values), labels uniform over 10 classes; a trainer in order (batches consecutive, as
/// torch's and scikit-learn's loops in torch/network_side_by_side.py).
/// </summary>
public sealed class NetworkProblem : IDisposable
{
    public NetworkProblem(string name, int batch, int threads)
    {
        (Rows, var hidden) = name switch
        {
            "digits" => (1797, new[] { 32, 16 }),
            "large" => (200_000, new[] { 128, 128 }),
            _ => throw new ArgumentException($"Unknown network problem {name}; use digits or large."),
        };
        Layout = new NetworkLayout([64, .. hidden, 10]);
        var rng = new RandomState(0);
        var x = new double[Rows * 65];
        rng.FillStandardNormal(x.AsSpan(0, Rows * 64));
        x.AsSpan(Rows * 64).Fill(1);
        var y = new double[Rows * 10];
        for (int i = 0; i < Rows; i++) y[(int)rng.RandomInterval(9) * Rows + i] = 1;
        var w = new double[Layout.WeightCount];
        Layout.FillInitialWeights(rng, w);
        Trainer = new NetworkTrainer<double>(Layout, ActivationKind.Relu, LossKind.Softmax, x, y, Rows, batch, shuffled: false, w,
            UpdateSettings.For(UpdateRuleKind.Adam, Layout.WeightCount), threads: threads);
    }

    public int Rows { get; }
    public NetworkLayout Layout { get; }
    public NetworkTrainer<double> Trainer { get; }

    /// <summary>Multiply-adds of one forward and backward pass over <paramref name="rows"/> rows (the first layer's input gradient is never formed).</summary>
    public double MultiplyAdds(int rows)
    {
        double total = 0;
        for (int l = 0; l < Layout.Layers; l++)
        {
            double layer = (double)Layout.Rows(l) * Layout.Columns(l) * rows;
            total += 2 * layer + (l > 0 ? (Layout.Rows(l) - 1) * (double)Layout.Columns(l) * rows : 0);
        }
        return total;
    }

    public void Dispose() => Trainer.Dispose();
}
