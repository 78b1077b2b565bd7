namespace Descent.Core;

/// <summary>torch <c>SGD</c>: <c>w ← w + (−α)·g</c> (<see cref="PlainStep{T}"/>, <see cref="UpdateRules.Plain{T}"/>). No state.</summary>
public sealed class PlainRule<T>(UpdateSettings settings, int length) : UpdateRuleBase<T>(settings, length, states: 0)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t) => UpdateRules.Plain(w, g, Of(rate));
}
