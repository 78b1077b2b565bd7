namespace Descent.Core;

/// <summary>
/// torch <c>Adagrad</c> (lr_decay 0, initial accumulator 0): <c>s ← s + g·g;  w ← w + ((−α)·g) / (√s + ε)</c>,
/// ε = 1e−10 by default. State: s0 = s.
/// </summary>
public readonly struct AdagradStep<T>(T rate, T eps) : IUpdateOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Vector256<T> _step = Vector256.Create(-rate), _eps = Vector256.Create(eps);

    public static int States => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> s, ref Vector256<T> s1, ref Vector256<T> s2)
    {
        s += g * g;
        return w + _step * g / (Vector256.Sqrt(s) + _eps);
    }
}

/// <inheritdoc cref="AdagradStep{T}"/>
public sealed class AdagradRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly T _eps;

    public AdagradRule(UpdateSettings settings, int length) : base(settings, length, states: 1)
    {
        Require(settings.Eps >= 0, $"Invalid epsilon value: {settings.Eps}");
        _eps = Of(settings.Eps);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t)
        => Update.Apply(new AdagradStep<T>(Of(rate), _eps), w, g, State(0), default, default);
}
