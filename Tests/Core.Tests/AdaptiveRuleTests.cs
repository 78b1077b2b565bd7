using System.Text.Json;

namespace Descent.Core.Tests;

/// <summary>
/// Every rule <see cref="UpdateRule.Create{T}"/> makes: bit for bit the scalar formula (<see cref="ScalarUpdateRules{T}"/>)
/// at every length 0..67 in float64 and float32 over several steps (state and bias corrections matter; RAdam crosses
/// its ρₜ &gt; 5 switch), with guard elements; torch 1.13's own trajectories (<c>torch_update_rules.json</c>); zero
/// allocation per step; torch's defaults and argument checks.
/// </summary>
public class AdaptiveRuleTests
{
    /// <summary>Every kind and variant, with hyperparameters away from the defaults where a default would hide a mistake.</summary>
    static IEnumerable<(string Name, UpdateSettings Settings, double Rate)> Variants()
    {
        UpdateSettings S(UpdateRuleKind kind) => UpdateSettings.For(kind, 1);
        yield return ("Plain", S(UpdateRuleKind.Plain), 0.1);
        yield return ("Momentum", S(UpdateRuleKind.Momentum) with { Momentum = 0.8 }, 0.1);
        yield return ("Nesterov", S(UpdateRuleKind.Nesterov) with { Momentum = 0.8 }, 0.1);
        yield return ("Adagrad", S(UpdateRuleKind.Adagrad), 0.5);
        yield return ("RMSprop", S(UpdateRuleKind.RmsProp), 0.01);
        yield return ("RMSprop centered", S(UpdateRuleKind.RmsProp) with { Centered = true, Rho = 0.9 }, 0.01);
        yield return ("RMSprop momentum", S(UpdateRuleKind.RmsProp) with { Momentum = 0.7 }, 0.01);
        yield return ("RMSprop centered momentum", S(UpdateRuleKind.RmsProp) with { Centered = true, Momentum = 0.7 }, 0.01);
        yield return ("Adam", S(UpdateRuleKind.Adam) with { Beta1 = 0.8, Beta2 = 0.99 }, 0.1);
        yield return ("Adam AMSGrad", S(UpdateRuleKind.Adam) with { AmsGrad = true }, 0.1);
        yield return ("AdamW", S(UpdateRuleKind.AdamW) with { WeightDecay = 0.3 }, 0.1);
        yield return ("AdamW AMSGrad", S(UpdateRuleKind.AdamW) with { AmsGrad = true }, 0.1);
        yield return ("NAdam", S(UpdateRuleKind.NAdam) with { MomentumDecay = 0.01 }, 0.1);
        yield return ("RAdam", S(UpdateRuleKind.RAdam), 0.1);
        yield return ("Adamax", S(UpdateRuleKind.Adamax) with { Beta2 = 0.9 }, 0.1);
        yield return ("Adadelta", S(UpdateRuleKind.Adadelta) with { Rho = 0.7 }, 0.3);
    }

    static IEnumerable<TestCaseData> SweepCases()
    {
        foreach (var (name, settings, rate) in Variants())
            foreach (int n in Enumerable.Range(0, 68))
                yield return new TestCaseData(settings, rate, n).SetArgDisplayNames(name, n.ToString());
    }

    [TestCaseSource(nameof(SweepCases))]
    public void Float64FollowsTheScalarFormulaAtEveryLength(UpdateSettings settings, double rate, int n) => Sweep<double>(settings, rate, n);

    [TestCaseSource(nameof(SweepCases))]
    public void Float32FollowsTheScalarFormulaAtEveryLength(UpdateSettings settings, double rate, int n) => Sweep<float>(settings, rate, n);

    /// <summary>Eight steps (RAdam's ρₜ first exceeds 5 at step 6), one output of n weights, the last its bias.</summary>
    static void Sweep<T>(UpdateSettings settings, double rate, int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int guard = 9;
        T sentinel = T.CreateTruncating(-12345.678);
        settings = settings with { Features = Math.Max(n, 1) };
        var rule = UpdateRule.Create<T>(settings, n);
        var reference = new ScalarUpdateRules<T>(settings, n);
        var rng = new RandomState((uint)(1000 + n));
        var start = new double[n];
        rng.FillNormal(start, 0, 1);
        var w = start.Select(T.CreateTruncating).Concat(Enumerable.Repeat(sentinel, guard)).ToArray();
        var expected = start.Select(T.CreateTruncating).ToArray();
        for (int step = 1; step <= 8; step++)
        {
            var d = new double[n];
            rng.FillNormal(d, 0, step);
            if (n > 2) d[1] = 0; // a zero gradient: accumulators and maxima must cope
            var g = d.Select(T.CreateTruncating).Concat(Enumerable.Repeat(sentinel, guard)).ToArray();
            rule.Step(w.AsSpan(0, n), g.AsSpan(0, n), T.CreateTruncating(rate));
            reference.Step(expected, g.Take(n).ToArray(), double.CreateTruncating(T.CreateTruncating(rate)));
            Assert.That(w.Take(n), Is.EqualTo(expected), $"step {step}");
        }
        Assert.That(rule.Steps, Is.EqualTo(8));
        Assert.That(w.Skip(n), Is.All.EqualTo(sentinel), "guard elements");
    }

    static IEnumerable<TestCaseData> TorchCases()
    {
        var root = Fixture.Load("torch_update_rules.json");
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            string name = c.GetProperty("optimizer").GetString()!;
            string options = c.GetProperty("options").GetRawText();
            yield return new TestCaseData(name, options).SetArgDisplayNames(name, options);
        }
    }

    /// <summary>The settings a torch case was made with.</summary>
    static UpdateSettings FromTorch(string name, JsonElement options, int features)
    {
        double Get(string key, double fallback) => options.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        bool Flag(string key) => options.TryGetProperty(key, out var v) && v.GetBoolean();
        UpdateRuleKind kind = name switch
        {
            "SGD" => Flag("nesterov") ? UpdateRuleKind.Nesterov : Get("momentum", 0) > 0 ? UpdateRuleKind.Momentum : UpdateRuleKind.Plain,
            "RMSprop" => UpdateRuleKind.RmsProp,
            _ => Enum.Parse<UpdateRuleKind>(name),
        };
        var s = UpdateSettings.For(kind, features);
        return s with
        {
            Momentum = Get("momentum", s.Momentum),
            Centered = Flag("centered"),
            AmsGrad = Flag("amsgrad"),
            Rho = Get(kind == UpdateRuleKind.RmsProp ? "alpha" : "rho", s.Rho),
            WeightDecay = Get("weight_decay", s.WeightDecay),
        };
    }

    /// <summary>
    /// torch's trajectory, step by step, in float64, every rule to 1e−14 relative (torch's kernels may round an
    /// operation differently, never a formula: a misplaced ε shows at 1e−9).
    /// </summary>
    [TestCaseSource(nameof(TorchCases))]
    public void Float64FollowsTorchsTrajectory(string name, string options)
    {
        var root = Fixture.Load("torch_update_rules.json");
        var c = root.GetProperty("cases").EnumerateArray().First(e => e.GetProperty("optimizer").GetString() == name && e.GetProperty("options").GetRawText() == options);
        int features = root.GetProperty("features").GetInt32(), outputs = root.GetProperty("outputs").GetInt32();
        var settings = FromTorch(name, c.GetProperty("options"), features);
        var rule = UpdateRule.Create<double>(settings, features * outputs);
        var w = root.GetProperty("initial_weights").Doubles();
        var gradients = root.GetProperty("gradients").EnumerateArray().Select(Fixture.Doubles).ToArray();
        var expected = c.GetProperty("weights").EnumerateArray().Select(Fixture.Doubles).ToArray();
        double rate = c.GetProperty("lr").GetDouble(), tolerance = 1e-14;
        for (int t = 0; t < gradients.Length; t++)
        {
            rule.Step(w, gradients[t], rate);
            for (int i = 0; i < w.Length; i++)
                Assert.That(w[i], Is.EqualTo(expected[t][i]).Within(tolerance * Math.Max(1, Math.Abs(expected[t][i]))), $"step {t + 1}, w[{i}]");
        }
    }

    static IEnumerable<TestCaseData> AllocationCases() => Variants().Select(v => new TestCaseData(v.Settings).SetArgDisplayNames(v.Name));

    [TestCaseSource(nameof(AllocationCases))]
    public void StepsAllocateNothingFloat64(UpdateSettings settings) => StepsAllocateNothing<double>(settings);

    [TestCaseSource(nameof(AllocationCases))]
    public void StepsAllocateNothingFloat32(UpdateSettings settings) => StepsAllocateNothing<float>(settings);

    static void StepsAllocateNothing<T>(UpdateSettings settings) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int features = 7, length = 3 * features;
        var rule = UpdateRule.Create<T>(settings with { Features = features }, length);
        var w = Enumerable.Range(0, length).Select(i => T.CreateTruncating(0.1 * i - 1)).ToArray();
        var g = Enumerable.Range(0, length).Select(i => T.CreateTruncating(0.05 * (i % 5) - 0.1)).ToArray();
        T rate = T.CreateTruncating(0.01);
        rule.Step(w, g, rate);
        Assert.That(AllocationMeter.Measure(() => { for (int s = 0; s < 100; s++) rule.Step(w, g, rate); }), Is.Zero);
    }

    [Test]
    public void DefaultsAreTorchs()
    {
        Assert.That(UpdateSettings.For(UpdateRuleKind.Adagrad, 3).Eps, Is.EqualTo(1e-10));
        Assert.That(UpdateSettings.For(UpdateRuleKind.RmsProp, 3).Rho, Is.EqualTo(0.99));
        Assert.That(UpdateSettings.For(UpdateRuleKind.Adadelta, 3), Has.Property("Rho").EqualTo(0.9).And.Property("Eps").EqualTo(1e-6));
        Assert.That(UpdateSettings.For(UpdateRuleKind.AdamW, 3).WeightDecay, Is.EqualTo(1e-2));
        Assert.That(UpdateSettings.For(UpdateRuleKind.NAdam, 3), Has.Property("MomentumDecay").EqualTo(4e-3).And.Property("Beta1").EqualTo(0.9).And.Property("Beta2").EqualTo(0.999));
        Assert.That(UpdateSettings.DefaultRate(UpdateRuleKind.Adadelta), Is.EqualTo(1.0));
        Assert.That(UpdateSettings.DefaultRate(UpdateRuleKind.NAdam), Is.EqualTo(2e-3));
        Assert.That(UpdateSettings.DefaultRate(UpdateRuleKind.Plain), Is.NaN);
    }

    [Test]
    public void AdamWNeverDecaysTheBias()
    {
        // A zero gradient leaves Adam's step at zero, so only the decay moves the weights.
        var rule = UpdateRule.Create<double>(UpdateSettings.For(UpdateRuleKind.AdamW, 3) with { WeightDecay = 0.5 }, 6);
        var w = new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 };
        rule.Step(w, new double[6], 0.1);
        Assert.That(w, Is.EqualTo(new[] { 1.0 * 0.95, 2.0 * 0.95, 3.0, 4.0 * 0.95, 5.0 * 0.95, 6.0 }));
    }

    [Test]
    public void ResetStartsOver()
    {
        foreach (var (name, settings, _) in Variants())
        {
            var rule = UpdateRule.Create<double>(settings with { Features = 2 }, 4);
            double[] First()
            {
                var w = new[] { 0.5, -1.0, 2.0, 0.25 };
                rule.Step(w, new[] { 0.3, -0.2, 0.1, 1.0 }, 0.05);
                rule.Step(w, new[] { -0.1, 0.4, 0.0, 0.5 }, 0.05);
                return w;
            }
            var once = First();
            rule.Reset();
            Assert.That(rule.Steps, Is.Zero);
            Assert.That(First(), Is.EqualTo(once), name);
        }
    }

    [TestCaseSource(nameof(AllocationCases))]
    public void ASavedStateContinuesBitForBitFloat64(UpdateSettings settings) => ASavedStateContinuesBitForBit<double>(settings);

    [TestCaseSource(nameof(AllocationCases))]
    public void ASavedStateContinuesBitForBitFloat32(UpdateSettings settings) => ASavedStateContinuesBitForBit<float>(settings);

    /// <summary>
    /// A rule's state saved after three steps and loaded into a new rule (after the first rule went on, so the copy
    /// must not share its arrays) takes the same next three steps to the bit: moments, step count and NAdam's μ product
    /// all come across.
    /// </summary>
    static void ASavedStateContinuesBitForBit<T>(UpdateSettings settings) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int n = 10;
        settings = settings with { Features = 5 };
        var rng = new RandomState(11);
        T[] Draw()
        {
            var v = new double[n];
            rng.FillNormal(v, 0, 1);
            return v.Select(T.CreateTruncating).ToArray();
        }
        var gradients = Enumerable.Range(0, 6).Select(_ => Draw()).ToArray();
        var rate = T.CreateTruncating(0.05);
        var original = UpdateRule.Create<T>(settings, n);
        var w = Draw();
        for (int s = 0; s < 3; s++) original.Step(w, gradients[s], rate);
        var saved = original.SaveState();
        var from = (T[])w.Clone();
        for (int s = 3; s < 6; s++) original.Step(w, gradients[s], rate);
        var copy = UpdateRule.Create<T>(settings, n);
        copy.LoadState(saved);
        Assert.That(copy.Steps, Is.EqualTo(3));
        for (int s = 3; s < 6; s++) copy.Step(from, gradients[s], rate);
        Assert.That(from, Is.EqualTo(w));
        Assert.That(copy.Steps, Is.EqualTo(original.Steps));
        var zeroed = saved.WithArraysZeroed();
        Assert.That((zeroed.Steps, zeroed.Scalars), Is.EqualTo((saved.Steps, saved.Scalars)));
        Assert.That(zeroed.Arrays.SelectMany(a => a), Is.All.EqualTo(0.0));
        Assert.That(saved.Arrays.Length == 0 || saved.Arrays.Any(a => a.Any(v => v != 0)), "the saved state is not all zero");
    }

    [TestCase(UpdateRuleKind.Adam, false, false, 0.0, new[] { 4, 4, 0 })]
    [TestCase(UpdateRuleKind.Adam, true, false, 0.0, new[] { 4, 4, 4 })]
    [TestCase(UpdateRuleKind.RmsProp, false, false, 0.0, new[] { 4, 0, 0 })]
    [TestCase(UpdateRuleKind.RmsProp, false, true, 0.0, new[] { 4, 4, 0 })]
    [TestCase(UpdateRuleKind.RmsProp, false, false, 0.5, new[] { 4, 0, 4 })]
    [TestCase(UpdateRuleKind.Momentum, false, false, 0.9, new[] { 4 })]
    public void ASavedStateHoldsOnlyTheArraysItsVariantReads(UpdateRuleKind kind, bool amsGrad, bool centered, double momentum, int[] lengths)
    {
        var settings = UpdateSettings.For(kind, 2) with { AmsGrad = amsGrad, Centered = centered, Momentum = momentum };
        Assert.That(UpdateRule.Create<double>(settings, 4).SaveState().Arrays.Select(a => a.Length), Is.EqualTo(lengths));
    }

    [Test]
    public void AStateOfAnotherShapeIsRefused()
    {
        var adam = UpdateRule.Create<double>(UpdateSettings.For(UpdateRuleKind.Adam, 2), 4);
        var momentum = UpdateRule.Create<double>(UpdateSettings.For(UpdateRuleKind.Momentum, 2), 4);
        Assert.Throws<ArgumentException>(() => adam.LoadState(momentum.SaveState()));
        Assert.Throws<ArgumentException>(() => momentum.LoadState(UpdateRule.Create<double>(UpdateSettings.For(UpdateRuleKind.Momentum, 2), 6).SaveState()));
    }

    [TestCase(UpdateRuleKind.Adam, "Beta1", 1.0, "beta parameter at index 0")]
    [TestCase(UpdateRuleKind.NAdam, "Beta2", -0.1, "beta parameter at index 1")]
    [TestCase(UpdateRuleKind.RAdam, "Eps", -1e-8, "epsilon")]
    [TestCase(UpdateRuleKind.Adadelta, "Rho", 1.5, "rho")]
    [TestCase(UpdateRuleKind.RmsProp, "Momentum", -0.5, "momentum")]
    [TestCase(UpdateRuleKind.Nesterov, "Momentum", 0.0, "Nesterov")]
    [TestCase(UpdateRuleKind.Adam, "WeightDecay", 0.1, "AdamW")]
    public void BadHyperparametersAreRefusedByName(UpdateRuleKind kind, string property, double value, string message)
    {
        var settings = UpdateSettings.For(kind, 2);
        var bad = property switch
        {
            "Beta1" => settings with { Beta1 = value },
            "Beta2" => settings with { Beta2 = value },
            "Eps" => settings with { Eps = value },
            "Rho" => settings with { Rho = value },
            "Momentum" => settings with { Momentum = value },
            _ => settings with { WeightDecay = value },
        };
        var e = Assert.Throws(Is.InstanceOf<ArgumentException>(), () => UpdateRule.Create<double>(bad, 4));
        Assert.That(e!.Message, Does.Contain(message));
    }

    [Test]
    public void StepRefusesOtherLengths()
    {
        var rule = UpdateRule.Create<double>(UpdateSettings.For(UpdateRuleKind.Adam, 2), 4);
        Assert.Throws<ArgumentException>(() => rule.Step(new double[3], new double[4], 0.1));
        Assert.Throws<ArgumentException>(() => rule.Step(new double[4], new double[5], 0.1));
        Assert.Throws<ArgumentException>(() => UpdateRule.Create<double>(UpdateSettings.For(UpdateRuleKind.Adam, 3), 4));
    }
}
