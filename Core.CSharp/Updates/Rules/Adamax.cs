namespace Descent.Core;

/// <summary>
/// torch <c>Adamax</c> (β = (0.9, 0.999), ε = 1e−8), the infinity-norm Adam, step t from 1:
/// <c>m ← β1·m + (1−β1)·g;  u ← max(β2·u, |g| + ε);  w ← w + ((−α/(1−β1ᵗ))·m)/u</c>. State: s0 = m, s1 = u.
/// </summary>
public readonly struct AdamaxStep<T>(T beta1, T rest1, T beta2, T eps, T stepSize) : IUpdateOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Vector256<T> _beta1 = Vector256.Create(beta1), _rest1 = Vector256.Create(rest1), _beta2 = Vector256.Create(beta2),
        _eps = Vector256.Create(eps), _step = Vector256.Create(-stepSize);

    public static int States => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> m, ref Vector256<T> u, ref Vector256<T> s2)
    {
        m = m * _beta1 + _rest1 * g;
        u = Vector256.Max(u * _beta2, Vector256.Abs(g) + _eps);
        return w + _step * m / u;
    }
}

/// <inheritdoc cref="AdamaxStep{T}"/>
public sealed class AdamaxRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public AdamaxRule(UpdateSettings settings, int length) : base(settings, length, states: 2) => AdamFamily.Check(settings);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t)
    {
        var s = Settings;
        Update.Apply(new AdamaxStep<T>(Of(s.Beta1), Of(1 - s.Beta1), Of(s.Beta2), Of(s.Eps), Of(rate / (1 - Math.Pow(s.Beta1, t)))),
            w, g, State(0), State(1), default);
    }
}
