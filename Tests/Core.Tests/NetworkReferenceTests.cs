using System.Text.Json;

namespace Descent.Core.Tests;

/// <summary>
/// The torch references for networks with hidden layers (Tests/Fixtures/mlp_*.json, made by
/// make_torch_mlp_fixtures.py; the first three are the shared ones) reproduced by <see cref="NetworkTrainer{T}"/>:
/// every epoch's loss and the final weights within 1e−9 relative (float32: 1e−4), and the initial weights drawn by
/// <see cref="NetworkLayout.FillInitialWeights"/> equal to the file's bit for bit.
/// </summary>
public class NetworkReferenceTests
{
    public static readonly string[] Float64 =
    [
        "mlp_moons_h8_tanh_logloss_sgd_b16_init0.json",
        "mlp_xor_h4_sigmoid_sse_gd_init1.json",
        "mlp_blobs_c3_h16_8_relu_softmax_adam_b32_init0.json",
        "mlp_blobs_c3_h16_tanh_softmax_rmsprop_b32_init0.json",
        "mlp_blobs_c3_h16_8_relu_hinge_adagrad_b32_init3.json",
        "mlp_moons_h8_tanh_hinge_sgd_b32_l2_0.01_init0.json",
        "mlp_moons_h6_4_sigmoid_sse_adam_b16_init2.json",
        "mlp_moons_h8_relu_logloss_adam_b32_l1_0.3_init0.json",
        "mlp_xor_h4_tanh_logloss_adamw_wd0.05_b32_init1.json",
    ];

    internal sealed record Problem(NetworkLayout Layout, ActivationKind Activation, LossKind Loss, double[] X, double[] Y,
        int Rows, double[] Initial, JsonElement File);

    static double[] Flatten(JsonElement layers) =>
        layers.EnumerateArray().SelectMany(m => m.EnumerateArray().SelectMany(r => r.Doubles())).ToArray();

    /// <summary>(x0, x1, label) rows of a CSV fixture.</summary>
    static (double[][] X, int[] Labels) Csv(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name)).Skip(1).ToArray();
        var cells = lines.Select(l => l.Split(',')).ToArray();
        return (cells.Select(c => c[..^1].Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray(),
            cells.Select(c => int.Parse(c[^1])).ToArray());
    }

    /// <summary>The file's training rows (train_test_split(test_size=0.5, random_state=42): a permutation's tail) and its settings.</summary>
    internal static Problem Load(string name)
    {
        var f = Fixture.Load(name);
        string csv = f.TryGetProperty("csv", out var c) ? c.GetString()! : "blobs_600_c3_std1_seed2.csv";
        var (rows, labels) = Csv(csv);
        int n = rows.Length, test = (n + 1) / 2;
        var train = new RandomState(42).Permutation(n).Skip(test).ToArray();
        var sizes = f.GetProperty("layers").Ints();
        var layout = new NetworkLayout(sizes);
        int m = train.Length, d = layout.InputColumns, k = layout.Outputs;
        var loss = f.GetProperty("loss").GetString() switch
        {
            "sse" => LossKind.SquaredError,
            "logloss" => LossKind.LogLoss,
            "softmax" => LossKind.Softmax,
            "hinge" => LossKind.Hinge,
            var s => throw new NotSupportedException(s),
        };
        var x = new double[m * d];
        var y = new double[m * k];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < d - 1; j++) x[j * m + i] = rows[train[i]][j];
            x[(d - 1) * m + i] = 1;
            int label = labels[train[i]];
            if (k > 1) y[label * m + i] = 1;
            else y[i] = LossKinds.IsMargin(loss, 1) ? 2 * label - 1 : label;
        }
        var activation = Enum.Parse<ActivationKind>(f.GetProperty("activation").GetString()!, ignoreCase: true);
        return new Problem(layout, activation, loss, x, y, m, Flatten(f.GetProperty("initial_weights")), f);
    }

    static UpdateSettings Settings(JsonElement f, NetworkLayout layout)
    {
        var kind = f.GetProperty("optimizer").GetString() switch
        {
            "sgd" => UpdateRuleKind.Plain,
            "adam" => UpdateRuleKind.Adam,
            "adamw" => UpdateRuleKind.AdamW,
            "rmsprop" => UpdateRuleKind.RmsProp,
            "adagrad" => UpdateRuleKind.Adagrad,
            var s => throw new NotSupportedException(s),
        };
        var settings = UpdateSettings.For(kind, layout.WeightCount);
        return f.TryGetProperty("weight_decay", out var wd) ? settings with { WeightDecay = wd.GetDouble() } : settings;
    }

    static double Optional(JsonElement f, string name) => f.TryGetProperty(name, out var v) ? v.GetDouble() : 0;

    internal static (double[] Losses, T[] Weights) Train<T>(Problem p, int threads = 1) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var f = p.File;
        int batch = f.TryGetProperty("batch_size", out var b) ? b.GetInt32() : p.Rows;
        var w = p.Initial.Select(T.CreateTruncating).ToArray();
        using var trainer = new NetworkTrainer<T>(p.Layout, p.Activation, p.Loss, p.X.Select(T.CreateTruncating).ToArray(),
            p.Y.Select(T.CreateTruncating).ToArray(), p.Rows, batch, shuffled: false, w, Settings(f, p.Layout),
            l2: Optional(f, "l2"), l1: Optional(f, "l1"), threads: threads);
        double alpha = f.GetProperty("alpha").GetDouble();
        var losses = Enumerable.Range(0, f.GetProperty("epochs").GetInt32()).Select(_ => trainer.Epoch(alpha)).ToArray();
        return (losses, w);
    }

    static void AssertClose(double actual, double expected, double relative, string what) =>
        Assert.That(actual, Is.EqualTo(expected).Within(relative * Math.Max(Math.Abs(expected), 1e-3)), what);

    [TestCaseSource(nameof(Float64))]
    public void ReproducesTorchFloat64(string name)
    {
        var p = Load(name);
        var (losses, w) = Train<double>(p);
        var expected = p.File.GetProperty("losses").Doubles();
        Assert.That(losses, Has.Length.EqualTo(expected.Length));
        for (int e = 0; e < expected.Length; e++) AssertClose(losses[e], expected[e], 1e-9, $"loss of epoch {e + 1}");
        var final = Flatten(p.File.GetProperty("weights"));
        for (int i = 0; i < final.Length; i++) AssertClose(w[i], final[i], 1e-9, $"weight {i}");
        if (p.File.TryGetProperty("zero_weights", out var zeros))
            Assert.That(NetworkPenalties.Zeros(p.Layout, (ReadOnlySpan<double>)w), Is.EqualTo(zeros.GetInt32()).And.GreaterThan(0));
    }

    /// <summary>torch's float32 run: the same trajectory within float32's rounding (its sums are ordered differently).</summary>
    [Test]
    public void ReproducesTorchFloat32()
    {
        var p = Load("mlp_blobs_c3_h16_8_relu_softmax_adam_b32_init0_float32.json");
        var (losses, w) = Train<float>(p);
        var expected = p.File.GetProperty("losses").Doubles();
        for (int e = 0; e < expected.Length; e++) AssertClose(losses[e], expected[e], 1e-4, $"loss of epoch {e + 1}");
        var final = Flatten(p.File.GetProperty("weights"));
        for (int i = 0; i < final.Length; i++) Assert.That(w[i], Is.EqualTo(final[i]).Within(2e-4 * Math.Max(1, Math.Abs(final[i]))), $"weight {i}");
    }

    [TestCaseSource(nameof(Float64))]
    public void InitialWeightsFromOneRandomState(string name)
    {
        var p = Load(name);
        var w = new double[p.Layout.WeightCount];
        p.Layout.FillInitialWeights(new RandomState(p.File.GetProperty("init_seed").GetInt32()), w);
        Assert.That(w, Is.EqualTo(p.Initial));
    }

    /// <summary>The same run on 2 threads gives the same bits (its products are split only when large; force it with many rows).</summary>
    [Test]
    public void SameBitsOnTwoThreads()
    {
        var p = Load("mlp_xor_h4_sigmoid_sse_gd_init1.json");
        var (l1, w1) = Train<double>(p, 1);
        var (l2, w2) = Train<double>(p, 2);
        Assert.That(l2, Is.EqualTo(l1));
        Assert.That(w2, Is.EqualTo(w1));
    }
}
