namespace Descent.Core;

/// <summary>
/// torch <c>RAdam</c> (β = (0.9, 0.999), ε = 1e−8), step t from 1:
/// <c>m ← β1·m + (1−β1)·g;  v ← β2·v + ((1−β2)·g)·g;  m̂ = m/(1−β1ᵗ)</c>;
/// <c>ρ∞ = 2/(1−β2) − 1,  ρₜ = ρ∞ − 2t·β2ᵗ/(1−β2ᵗ)</c>; when ρₜ &gt; 5 (the variance is tractable):
/// <c>r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)),  w ← w − ((m̂·α)·(√(1−β2ᵗ)/(√v + ε)))·r</c>; otherwise the
/// un-adapted momentum step <c>w ← w − m̂·α</c>. State: s0 = m, s1 = v.
/// </summary>
public readonly struct RAdamStep<T>(T beta1, T rest1, T beta2, T rest2, T correction1, T rate, bool rectified, T correction2Sqrt, T eps, T rectification)
    : IUpdateOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Vector256<T> _beta1 = Vector256.Create(beta1), _rest1 = Vector256.Create(rest1), _beta2 = Vector256.Create(beta2),
        _rest2 = Vector256.Create(rest2), _correction1 = Vector256.Create(correction1), _rate = Vector256.Create(rate),
        _root2 = Vector256.Create(correction2Sqrt), _eps = Vector256.Create(eps), _rectification = Vector256.Create(rectification);
    readonly bool _rectified = rectified;

    public static int States => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> m, ref Vector256<T> v, ref Vector256<T> s2)
    {
        m = m * _beta1 + _rest1 * g;
        v = v * _beta2 + _rest2 * g * g;
        var corrected = m / _correction1;
        if (_rectified)
            return w - corrected * _rate * (_root2 / (Vector256.Sqrt(v) + _eps)) * _rectification;
        return w - corrected * _rate;
    }
}

/// <inheritdoc cref="RAdamStep{T}"/>
public sealed class RAdamRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public RAdamRule(UpdateSettings settings, int length) : base(settings, length, states: 2) => AdamFamily.Check(settings);

    /// <summary>ρₜ for step <paramref name="t"/>: the rectified step is taken when it exceeds 5.</summary>
    public double Rho(int t)
    {
        var s = Settings;
        double rhoInf = 2 / (1 - s.Beta2) - 1;
        return rhoInf - 2 * t * Math.Pow(s.Beta2, t) / (1 - Math.Pow(s.Beta2, t));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t)
    {
        var s = Settings;
        double correction1 = 1 - Math.Pow(s.Beta1, t), correction2 = 1 - Math.Pow(s.Beta2, t);
        double rhoInf = 2 / (1 - s.Beta2) - 1, rhoT = Rho(t);
        bool rectified = rhoT > 5;
        double r = rectified ? Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        Update.Apply(new RAdamStep<T>(Of(s.Beta1), Of(1 - s.Beta1), Of(s.Beta2), Of(1 - s.Beta2), Of(correction1), Of(rate),
            rectified, Of(Math.Sqrt(correction2)), Of(s.Eps), Of(r)), w, g, State(0), State(1), default);
    }
}
