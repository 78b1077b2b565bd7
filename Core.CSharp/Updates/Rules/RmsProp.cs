namespace Descent.Core;

/// <summary>
/// torch <c>RMSprop</c> with smoothing ρ (torch's <c>alpha</c>, default 0.99), ε = 1e−8:
/// <c>v ← ρ·v + ((1−ρ)·g)·g</c>; centered: <c>ḡ ← ρ·ḡ + (1−ρ)·g,  a = √(v + (−ḡ)·ḡ) + ε</c>, else <c>a = √v + ε</c>;
/// with momentum μ &gt; 0: <c>b ← μ·b + g/a,  w ← w + (−α)·b</c>, else <c>w ← w + ((−α)·g)/a</c>.
/// (1−ρ is taken in double, as torch takes it in Python.) State: s0 = v, s1 = ḡ (centered), s2 = b (momentum); the variant is fixed at compile time.
/// </summary>
public readonly struct RmsPropStep<T, TCentered, TMomentum>(T rate, T rho, T rest, T eps, T momentum) : IUpdateOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TCentered : struct, IFlag
    where TMomentum : struct, IFlag
{
    readonly Vector256<T> _step = Vector256.Create(-rate), _rho = Vector256.Create(rho), _rest = Vector256.Create(rest),
        _eps = Vector256.Create(eps), _momentum = Vector256.Create(momentum);

    public static int States => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> v, ref Vector256<T> mean, ref Vector256<T> b)
    {
        v = v * _rho + _rest * g * g;
        Vector256<T> a;
        if (TCentered.On)
        {
            mean = mean * _rho + _rest * g;
            a = Vector256.Sqrt(v + -mean * mean) + _eps;
        }
        else
        {
            a = Vector256.Sqrt(v) + _eps;
        }
        if (TMomentum.On)
        {
            b = b * _momentum + g / a;
            return w + _step * b;
        }
        return w + _step * g / a;
    }
}

/// <inheritdoc cref="RmsPropStep{T, TCentered, TMomentum}"/>
public sealed class RmsPropRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly T _rho, _rest, _eps, _momentum;

    public RmsPropRule(UpdateSettings settings, int length) : base(settings, length, states: 3)
    {
        Require(settings.Rho >= 0, $"Invalid alpha value: {settings.Rho}");
        Require(settings.Eps >= 0, $"Invalid epsilon value: {settings.Eps}");
        Require(settings.Momentum >= 0, $"Invalid momentum value: {settings.Momentum}");
        (_rho, _rest, _eps, _momentum) = (Of(settings.Rho), Of(1 - settings.Rho), Of(settings.Eps), Of(settings.Momentum));
    }

    protected override bool Reads(int q) => q == 0 || (q == 1 && Settings.Centered) || (q == 2 && Settings.Momentum > 0);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t)
    {
        T a = Of(rate);
        Span<T> v = State(0), mean = State(1), b = State(2);
        switch (Settings.Centered, Settings.Momentum > 0)
        {
            case (false, false): Update.Apply(new RmsPropStep<T, No, No>(a, _rho, _rest, _eps, _momentum), w, g, v, mean, b); break;
            case (true, false): Update.Apply(new RmsPropStep<T, Yes, No>(a, _rho, _rest, _eps, _momentum), w, g, v, mean, b); break;
            case (false, true): Update.Apply(new RmsPropStep<T, No, Yes>(a, _rho, _rest, _eps, _momentum), w, g, v, mean, b); break;
            case (true, true): Update.Apply(new RmsPropStep<T, Yes, Yes>(a, _rho, _rest, _eps, _momentum), w, g, v, mean, b); break;
        }
    }
}
