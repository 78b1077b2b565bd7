namespace Descent.Core;

/// <summary>
/// An update rule with its state (moments, accumulators, step count) for one run, made by
/// <see cref="UpdateRule.Create{T}"/>: all state is allocated when it is made, and <see cref="Step"/> allocates nothing.
/// </summary>
public interface IUpdateRule<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    UpdateRuleKind Kind { get; }

    /// <summary>The weights' count: features × outputs.</summary>
    int Length { get; }

    /// <summary>Steps taken so far; the next <see cref="Step"/> is step <c>Steps + 1</c> (torch counts from 1).</summary>
    int Steps { get; }

    /// <summary>Updates <paramref name="w"/> in place after the gradient <paramref name="g"/> at learning rate <paramref name="rate"/>.</summary>
    void Step(Span<T> w, ReadOnlySpan<T> g, T rate);

    /// <summary>Zeroes the state and the step count, as a new run would find them.</summary>
    void Reset();

    /// <summary>A copy of the state and step count (allocates; not for a hot loop).</summary>
    UpdateRuleState SaveState();

    /// <summary>Puts back a state <see cref="SaveState"/> made, from this rule or another of the same kind and length.</summary>
    void LoadState(UpdateRuleState state);
}
