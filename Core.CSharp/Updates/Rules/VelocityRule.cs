namespace Descent.Core;

/// <summary>
/// torch <c>SGD(momentum=μ)</c> and <c>SGD(momentum=μ, nesterov=True)</c>, as torch computes them:
/// <c>v ← μ·v + g;  w ← w + (−α)·v</c>, or with Nesterov's look-ahead <c>w ← w + (−α)·(g + μ·v)</c>
/// (<see cref="VelocityStep{T, TNesterov}"/>, <see cref="UpdateRules.Momentum{T}"/>, <see cref="UpdateRules.Nesterov{T}"/>).
/// State: torch's momentum buffer. μ must be at least 0, and above 0 for Nesterov (torch's checks and messages).
/// </summary>
public sealed class VelocityRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly T _momentum;
    readonly bool _nesterov;

    public VelocityRule(UpdateSettings settings, int length) : base(settings, length, states: 1)
    {
        _nesterov = settings.Kind == UpdateRuleKind.Nesterov;
        if (_nesterov) Require(settings.Momentum > 0, $"Nesterov momentum requires a momentum above 0, not {settings.Momentum}");
        else Require(settings.Momentum >= 0, $"Invalid momentum value: {settings.Momentum}");
        _momentum = Of(settings.Momentum);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t)
    {
        if (_nesterov) UpdateRules.Nesterov(w, State(0), g, Of(rate), _momentum);
        else UpdateRules.Momentum(w, State(0), g, Of(rate), _momentum);
    }
}
