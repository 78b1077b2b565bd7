namespace Descent.Core;

/// <summary>
/// torch <c>Adam</c> (β = (0.9, 0.999), ε = 1e−8), step t from 1:
/// <c>m ← β1·m + (1−β1)·g;  v ← β2·v + ((1−β2)·g)·g;  w ← w + ((−α/(1−β1ᵗ))·m) / (√v / √(1−β2ᵗ) + ε)</c>;
/// AMSGrad: <c>v̂ ← max(v̂, v)</c> and √v̂ in place of √v. State: s0 = m, s1 = v, s2 = v̂ (AMSGrad).
/// </summary>
public readonly struct AdamStep<T, TAmsGrad>(T beta1, T rest1, T beta2, T rest2, T stepSize, T correction2Sqrt, T eps) : IUpdateOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TAmsGrad : struct, IFlag
{
    readonly Vector256<T> _beta1 = Vector256.Create(beta1), _rest1 = Vector256.Create(rest1), _beta2 = Vector256.Create(beta2),
        _rest2 = Vector256.Create(rest2), _step = Vector256.Create(-stepSize), _root2 = Vector256.Create(correction2Sqrt), _eps = Vector256.Create(eps);

    public static int States => TAmsGrad.On ? 3 : 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> m, ref Vector256<T> v, ref Vector256<T> vMax)
    {
        m = m * _beta1 + _rest1 * g;
        v = v * _beta2 + _rest2 * g * g;
        Vector256<T> denominator;
        if (TAmsGrad.On)
        {
            vMax = Vector256.Max(vMax, v);
            denominator = Vector256.Sqrt(vMax) / _root2 + _eps;
        }
        else
        {
            denominator = Vector256.Sqrt(v) / _root2 + _eps;
        }
        return w + _step * m / denominator;
    }
}

/// <summary>
/// <see cref="AdamStep{T, TAmsGrad}"/> as torch <c>Adam</c>, and as torch <c>AdamW</c> (weight decay λ = 1e−2 by
/// default): first <c>w ← w·(1 − α·λ)</c> for every weight but each output's bias, then the Adam step.
/// </summary>
public sealed class AdamRule<T> : UpdateRuleBase<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public AdamRule(UpdateSettings settings, int length) : base(settings, length, states: 3)
    {
        AdamFamily.Check(settings);
        Require(settings.WeightDecay >= 0, $"Invalid weight_decay value: {settings.WeightDecay}");
    }

    protected override bool Reads(int q) => q < 2 || Settings.AmsGrad;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t)
    {
        var s = Settings;
        if (s.Kind == UpdateRuleKind.AdamW && s.WeightDecay != 0)
            WeightDecay.Decoupled(w, Of(1 - rate * s.WeightDecay), s.Features);
        double correction1 = 1 - Math.Pow(s.Beta1, t), correction2 = 1 - Math.Pow(s.Beta2, t);
        T b1 = Of(s.Beta1), r1 = Of(1 - s.Beta1), b2 = Of(s.Beta2), r2 = Of(1 - s.Beta2);
        T stepSize = Of(rate / correction1), root2 = Of(Math.Sqrt(correction2)), eps = Of(s.Eps);
        if (s.AmsGrad)
            Update.Apply(new AdamStep<T, Yes>(b1, r1, b2, r2, stepSize, root2, eps), w, g, State(0), State(1), State(2));
        else if (Vector512.IsHardwareAccelerated && w.Length >= Vector512<T>.Count && g.Length == w.Length)
            Wide(w, g, State(0), State(1), b1, r1, b2, r2, stepSize, root2, eps);
        else
            Update.Apply(new AdamStep<T, No>(b1, r1, b2, r2, stepSize, root2, eps), w, g, State(0), State(1), default);
    }

    /// <summary>
    /// The plain Adam step on 512-bit vectors: the same operations in the same order as <see cref="AdamStep{T, TAmsGrad}"/>
    /// (each correctly rounded, none fused), so the same bits at half the instructions — its square roots and divisions
    /// are most of a small network's step. The tail is the last whole vector, computed from the original values first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Wide(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, T beta1, T rest1, T beta2, T rest2, T stepSize, T root2, T eps)
    {
        var b1 = Vector512.Create(beta1);
        var r1 = Vector512.Create(rest1);
        var b2 = Vector512.Create(beta2);
        var r2 = Vector512.Create(rest2);
        var step = Vector512.Create(-stepSize);
        var root = Vector512.Create(root2);
        var e = Vector512.Create(eps);
        int n = w.Length, lanes = Vector512<T>.Count, whole = n - n % lanes, last = n - lanes;
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T gr = ref MemoryMarshal.GetReference(g);
        ref T mr = ref MemoryMarshal.GetReference(m);
        ref T vr = ref MemoryMarshal.GetReference(v);
        Vector512<T> tw = default, tm = default, tv = default;
        if (whole < n)
        {
            var gt = Vector512.LoadUnsafe(ref gr, (nuint)last);
            tm = Vector512.LoadUnsafe(ref mr, (nuint)last) * b1 + r1 * gt;
            tv = Vector512.LoadUnsafe(ref vr, (nuint)last) * b2 + r2 * gt * gt;
            tw = Vector512.LoadUnsafe(ref wr, (nuint)last) + step * tm / (Vector512.Sqrt(tv) / root + e);
        }
        for (int i = 0; i < whole; i += lanes)
        {
            var gi = Vector512.LoadUnsafe(ref gr, (nuint)i);
            var mi = Vector512.LoadUnsafe(ref mr, (nuint)i) * b1 + r1 * gi;
            var vi = Vector512.LoadUnsafe(ref vr, (nuint)i) * b2 + r2 * gi * gi;
            (Vector512.LoadUnsafe(ref wr, (nuint)i) + step * mi / (Vector512.Sqrt(vi) / root + e)).StoreUnsafe(ref wr, (nuint)i);
            mi.StoreUnsafe(ref mr, (nuint)i);
            vi.StoreUnsafe(ref vr, (nuint)i);
        }
        if (whole < n)
        {
            tw.StoreUnsafe(ref wr, (nuint)last);
            tm.StoreUnsafe(ref mr, (nuint)last);
            tv.StoreUnsafe(ref vr, (nuint)last);
        }
    }
}
