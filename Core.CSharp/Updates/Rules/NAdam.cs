namespace Descent.Core;

/// <summary>
/// torch <c>NAdam</c> (β = (0.9, 0.999), ε = 1e−8, momentum decay ψ = 0.004), step t from 1:
/// <c>μₜ = β1·(1 − ½·0.96^(t·ψ))</c>, <c>Πₜ = Πₜ₋₁·μₜ</c> (Π₀ = 1), and, as torch 1.13 writes it,
/// <c>Π′ = Πₜ·μₜ·μₜ₊₁</c>; <c>m ← β1·m + (1−β1)·g;  v ← β2·v + ((1−β2)·g)·g;  d = √(v / (1−β2ᵗ)) + ε</c>;
/// <c>w ← w + ((−α·(1−μₜ)/(1−Πₜ))·g)/d</c>, then <c>w ← w + ((−α·μₜ₊₁/(1−Π′))·m)/d</c>.
/// State: s0 = m, s1 = v; the μ product Π is one double (torch keeps it in a tensor of its default dtype; with
/// float64, as the reference trajectories were made, weights match torch's to 1e−16, with float32 they drift by 1e−10).
/// </summary>
public readonly struct NAdamStep<T>(T beta1, T rest1, T beta2, T rest2, T correction2, T eps, T gradientStep, T momentumStep) : IUpdateOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Vector256<T> _beta1 = Vector256.Create(beta1), _rest1 = Vector256.Create(rest1), _beta2 = Vector256.Create(beta2),
        _rest2 = Vector256.Create(rest2), _correction2 = Vector256.Create(correction2), _eps = Vector256.Create(eps),
        _gradientStep = Vector256.Create(gradientStep), _momentumStep = Vector256.Create(momentumStep);

    public static int States => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> m, ref Vector256<T> v, ref Vector256<T> s2)
    {
        m = m * _beta1 + _rest1 * g;
        v = v * _beta2 + _rest2 * g * g;
        var d = Vector256.Sqrt(v / _correction2) + _eps;
        w += _gradientStep * g / d;
        return w + _momentumStep * m / d;
    }
}

/// <inheritdoc cref="NAdamStep{T}"/>
public sealed class NAdamRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    double _muProduct = 1;

    public NAdamRule(UpdateSettings settings, int length) : base(settings, length, states: 2)
    {
        AdamFamily.Check(settings);
        Require(settings.MomentumDecay >= 0, $"Invalid momentum_decay value: {settings.MomentumDecay}");
    }

    /// <summary>Π after the steps so far.</summary>
    public double MuProduct => _muProduct;

    public override void Reset()
    {
        base.Reset();
        _muProduct = 1;
    }

    protected override double[] SaveScalars() => [_muProduct];

    protected override void LoadScalars(double[] scalars) => _muProduct = scalars.Length == 1 ? scalars[0] : throw new ArgumentException("NAdam's state holds its μ product.", nameof(scalars));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t)
    {
        var s = Settings;
        double mu = s.Beta1 * (1 - 0.5 * Math.Pow(0.96, t * s.MomentumDecay));
        double muNext = s.Beta1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * s.MomentumDecay));
        _muProduct *= mu;
        double productNext = _muProduct * mu * muNext;
        double gradientStep = -rate * (1 - mu) / (1 - _muProduct);
        double momentumStep = -rate * muNext / (1 - productNext);
        Update.Apply(new NAdamStep<T>(Of(s.Beta1), Of(1 - s.Beta1), Of(s.Beta2), Of(1 - s.Beta2), Of(1 - Math.Pow(s.Beta2, t)),
            Of(s.Eps), Of(gradientStep), Of(momentumStep)), w, g, State(0), State(1), default);
    }
}
