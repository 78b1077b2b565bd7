namespace Descent.Core;

/// <summary>
/// torch <c>SGD(momentum=μ)</c> in velocity form: <c>v ← μ·v − α·g;  w ← w + v</c> (<see cref="MomentumStep{T}"/>,
/// <see cref="UpdateRules.Momentum{T}"/>). State: the velocity.
/// </summary>
public sealed class MomentumRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly T _momentum;

    public MomentumRule(UpdateSettings settings, int length) : base(settings, length, states: 1)
    {
        Require(settings.Momentum >= 0, $"Invalid momentum value: {settings.Momentum}");
        _momentum = Of(settings.Momentum);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t) => UpdateRules.Momentum(w, State(0), g, Of(rate), _momentum);
}
