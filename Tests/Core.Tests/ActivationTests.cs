namespace Descent.Core.Tests;

/// <summary>
/// Each activation and its derivative at every length from 0 to 67 (and block edges) against a scalar reference, both
/// precisions, with guard elements; extreme inputs; the scalar Invoke equals the span kernel's lanes.
/// </summary>
public class ActivationTests
{
    static readonly int[] Lengths = Enumerable.Range(0, 68).Concat(new[] { 127, 128, 129, 511, 512, 513, 1025 }).ToArray();
    const double Sentinel = -12345.678;

    static double Reference(ActivationKind kind, double z) => kind switch
    {
        ActivationKind.Relu => Math.Max(z, 0),
        ActivationKind.Tanh => Math.Tanh(z),
        _ => 1 / (1 + Math.Exp(-z)),
    };

    static double Derivative(ActivationKind kind, double a) => kind switch
    {
        ActivationKind.Relu => a > 0 ? 1 : 0,
        ActivationKind.Tanh => 1 - a * a,
        _ => a * (1 - a),
    };

    static double[] Inputs(int n, int seed)
    {
        var v = new double[n];
        new RandomState((uint)seed).FillNormal(v, 0, 3);
        return v;
    }

    [Test]
    public void ForwardAndBackwardDouble([Values] ActivationKind kind, [ValueSource(nameof(Lengths))] int n)
    {
        var z = Inputs(n, n);
        var a = Enumerable.Repeat(Sentinel, n + 5).ToArray();
        Activation.Forward<double>(kind, z, a.AsSpan(0, n));
        for (int i = 0; i < n; i++)
            Assert.That(a[i], Is.EqualTo(Reference(kind, z[i])).Within(4e-16), $"a[{i}]");
        Assert.That(a.Skip(n), Is.All.EqualTo(Sentinel));
        var delta = Inputs(n + 5, n + 1);
        var expected = delta.Take(n).Select((d, i) => d * Derivative(kind, a[i])).ToArray();
        Activation.Backward<double>(kind, a.AsSpan(0, n), delta.AsSpan(0, n));
        for (int i = 0; i < n; i++) Assert.That(delta[i], Is.EqualTo(expected[i]).Within(1e-15 * Math.Abs(expected[i])), $"δ[{i}]");
        Assert.That(delta.Skip(n), Is.EqualTo(Inputs(n + 5, n + 1).Skip(n)), "guard");
    }

    [Test]
    public void ForwardAndBackwardSingle([Values] ActivationKind kind, [ValueSource(nameof(Lengths))] int n)
    {
        var z = Inputs(n, n).Select(v => (float)v).ToArray();
        var a = Enumerable.Repeat((float)Sentinel, n + 9).ToArray();
        Activation.Forward<float>(kind, z, a.AsSpan(0, n));
        for (int i = 0; i < n; i++)
            Assert.That(a[i], Is.EqualTo(Reference(kind, z[i])).Within(3e-7), $"a[{i}]");
        Assert.That(a.Skip(n), Is.All.EqualTo((float)Sentinel));
        var delta = Inputs(n, n + 1).Select(v => (float)v).ToArray();
        var before = (float[])delta.Clone();
        var expected = delta.Select((d, i) => d * Derivative(kind, a[i])).ToArray();
        Activation.Backward<float>(kind, a.AsSpan(0, n), delta);
        // 1 − a² in float loses what a² rounds off (about 6e−8) when a is near ±1.
        for (int i = 0; i < n; i++)
            Assert.That(delta[i], Is.EqualTo(expected[i]).Within(1e-6 * Math.Abs(expected[i]) + 2.4e-7 * Math.Abs(before[i])), $"δ[{i}]");
    }

    [TestCase(0.0)] [TestCase(-0.0)] [TestCase(1e-10)] [TestCase(-1e-300)] [TestCase(20.0)] [TestCase(-20.0)]
    [TestCase(400.0)] [TestCase(-400.0)] [TestCase(1e300)] [TestCase(-1e300)] [TestCase(double.PositiveInfinity)] [TestCase(double.NegativeInfinity)]
    public void ExtremeInputs(double z)
    {
        Assert.That(ReluOperator<double>.Invoke(z), Is.EqualTo(Math.Max(z, 0)));
        Assert.That(TanhOperator<double>.Invoke(z), Is.EqualTo(Math.Tanh(z)).Within(2e-16));
        Assert.That(SigmoidActivation<double>.Invoke(z), Is.EqualTo(1 / (1 + Math.Exp(-z))).Within(1e-16));
        Assert.That(double.IsNaN(TanhOperator<double>.Invoke(double.NaN)) && double.IsNaN(ReluOperator<double>.Invoke(double.NaN)), Is.True);
    }

    /// <summary>The scalar forms run the vector code: each equals the span kernel's element.</summary>
    [Test]
    public void ScalarInvokeIsTheSpanKernelsLane()
    {
        var z = Inputs(37, 4);
        foreach (var kind in Enum.GetValues<ActivationKind>())
        {
            var a = new double[z.Length];
            Activation.Forward<double>(kind, z, a);
            for (int i = 0; i < z.Length; i++)
            {
                double one = kind switch
                {
                    ActivationKind.Relu => ReluOperator<double>.Invoke(z[i]),
                    ActivationKind.Tanh => TanhOperator<double>.Invoke(z[i]),
                    _ => SigmoidActivation<double>.Invoke(z[i]),
                };
                Assert.That(one, Is.EqualTo(a[i]), $"{kind} {i}");
            }
        }
        Assert.That(TanhOperator<double>.Derivative(0.5), Is.EqualTo(0.75));
        Assert.That(SigmoidActivation<double>.Derivative(0.25), Is.EqualTo(0.1875));
        Assert.That(ReluOperator<double>.Derivative(0.0), Is.EqualTo(0.0));
        Assert.That(ReluOperator<float>.Derivative(2f), Is.EqualTo(1f));
    }
}
