namespace Descent.Core;

/// <summary>
/// torch <c>SGD(momentum=μ, nesterov=True)</c> in velocity form: <c>v ← μ·v − α·g;  w ← w + (μ·v − α·g)</c>
/// (<see cref="NesterovStep{T}"/>, <see cref="UpdateRules.Nesterov{T}"/>). State: the velocity. μ must be positive.
/// </summary>
public sealed class NesterovRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly T _momentum;

    public NesterovRule(UpdateSettings settings, int length) : base(settings, length, states: 1)
    {
        Require(settings.Momentum > 0, $"Nesterov momentum requires a momentum above 0, not {settings.Momentum}");
        _momentum = Of(settings.Momentum);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t) => UpdateRules.Nesterov(w, State(0), g, Of(rate), _momentum);
}
