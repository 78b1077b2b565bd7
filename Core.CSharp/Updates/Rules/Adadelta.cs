namespace Descent.Core;

/// <summary>
/// torch <c>Adadelta</c> (ρ = 0.9, ε = 1e−6, learning rate 1 by default, and used):
/// <c>v ← ρ·v + ((1−ρ)·g)·g;  δ = (√(a + ε) / √(v + ε))·g;  a ← ρ·a + ((1−ρ)·δ)·δ;  w ← w + (−α)·δ</c>.
/// State: s0 = v, s1 = a.
/// </summary>
public readonly struct AdadeltaStep<T>(T rate, T rho, T rest, T eps) : IUpdateOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Vector256<T> _step = Vector256.Create(-rate), _rho = Vector256.Create(rho), _rest = Vector256.Create(rest), _eps = Vector256.Create(eps);

    public static int States => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> v, ref Vector256<T> a, ref Vector256<T> s2)
    {
        v = v * _rho + _rest * g * g;
        var delta = Vector256.Sqrt(a + _eps) / Vector256.Sqrt(v + _eps) * g;
        a = a * _rho + _rest * delta * delta;
        return w + _step * delta;
    }
}

/// <inheritdoc cref="AdadeltaStep{T}"/>
public sealed class AdadeltaRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public AdadeltaRule(UpdateSettings settings, int length) : base(settings, length, states: 2)
    {
        Require(settings.Rho >= 0 && settings.Rho <= 1, $"Invalid rho value: {settings.Rho}");
        Require(settings.Eps >= 0, $"Invalid epsilon value: {settings.Eps}");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t)
        => Update.Apply(new AdadeltaStep<T>(Of(rate), Of(Settings.Rho), Of(1 - Settings.Rho), Of(Settings.Eps)), w, g, State(0), State(1), default);
}
