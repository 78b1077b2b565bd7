using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// e^u for the sigmoids of the fused kernels, two vectors at a time, with u first clamped to [−708.39, 700] (double)
/// or [−87.33, 80] (float) so every result is a normal number: 2^n · p(r) with n = round(u / ln 2),
/// r = u − n·ln 2 (two-part ln 2, fused multiply-adds) and p a polynomial fit to e^r on |r| ≤ ln 2 / 2 (Chebyshev,
/// degree 11 for double and 6 for float: relative error 1.7e−17 and 2.1e−8 with the coefficients as rounded; made by
/// <c>tools/exp_coefficients.py</c>), split into even and odd halves E(r²) + r·O(r²) to shorten the chain.
/// NaN stays NaN. The clamp changes σ(z) = 1/(1 + e^−z) by less than 1e−300 (double), 1e−34 (float).
/// Two interleaved vectors keep both floating-point pipes busy where one would wait on latency; it does about half
/// the work of <c>Vector256.Exp</c>, which also gives subnormal results, zero and infinity.
/// </summary>
internal static class ClampedExp
{
    /// <summary>Replaces <paramref name="a"/> and <paramref name="b"/> by e^a and e^b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of<T>(ref Vector256<T> a, ref Vector256<T> b)
    {
        if (typeof(T) == typeof(double))
            Of(ref Unsafe.As<Vector256<T>, Vector256<double>>(ref a), ref Unsafe.As<Vector256<T>, Vector256<double>>(ref b));
        else if (typeof(T) == typeof(float))
            Of(ref Unsafe.As<Vector256<T>, Vector256<float>>(ref a), ref Unsafe.As<Vector256<T>, Vector256<float>>(ref b));
        else
            throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }

    static Vector256<double> D(double v) => Vector256.Create(v);

    static Vector256<float> F(float v) => Vector256.Create(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Of(ref Vector256<double> a, ref Vector256<double> b)
    {
        const double shifter = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer held in the low bits
        // The clamp's second operand is u, so a NaN passes through (x86 min/max return the second operand on NaN).
        var ua = Vector256.MinNative(D(700.0), Vector256.MaxNative(D(-708.39), a));
        var ub = Vector256.MinNative(D(700.0), Vector256.MaxNative(D(-708.39), b));
        var ta = Vector256.FusedMultiplyAdd(ua, D(1.4426950408889634), D(shifter));
        var tb = Vector256.FusedMultiplyAdd(ub, D(1.4426950408889634), D(shifter));
        var na = ta - D(shifter);
        var nb = tb - D(shifter);
        var ra = Vector256.FusedMultiplyAdd(na, D(-6.93147180369123816490e-01), ua);
        var rb = Vector256.FusedMultiplyAdd(nb, D(-6.93147180369123816490e-01), ub);
        ra = Vector256.FusedMultiplyAdd(na, D(-1.90821492927058770002e-10), ra);
        rb = Vector256.FusedMultiplyAdd(nb, D(-1.90821492927058770002e-10), rb);
        var sa = ra * ra;
        var sb = rb * rb;
        var ea = Vector256.FusedMultiplyAdd(D(2.7632641147321496e-07), sa, D(2.4801485478252324e-05));
        var eb = Vector256.FusedMultiplyAdd(D(2.7632641147321496e-07), sb, D(2.4801485478252324e-05));
        var oa = Vector256.FusedMultiplyAdd(D(2.511003876579685e-08), sa, D(2.755724091544448e-06));
        var ob = Vector256.FusedMultiplyAdd(D(2.511003876579685e-08), sb, D(2.755724091544448e-06));
        ea = Vector256.FusedMultiplyAdd(ea, sa, D(0.0013888888952318583));
        eb = Vector256.FusedMultiplyAdd(eb, sb, D(0.0013888888952318583));
        oa = Vector256.FusedMultiplyAdd(oa, sa, D(0.00019841269890050043));
        ob = Vector256.FusedMultiplyAdd(ob, sb, D(0.00019841269890050043));
        ea = Vector256.FusedMultiplyAdd(ea, sa, D(0.04166666666648808));
        eb = Vector256.FusedMultiplyAdd(eb, sb, D(0.04166666666648808));
        oa = Vector256.FusedMultiplyAdd(oa, sa, D(0.0083333333333196));
        ob = Vector256.FusedMultiplyAdd(ob, sb, D(0.0083333333333196));
        ea = Vector256.FusedMultiplyAdd(ea, sa, D(0.5000000000000019));
        eb = Vector256.FusedMultiplyAdd(eb, sb, D(0.5000000000000019));
        oa = Vector256.FusedMultiplyAdd(oa, sa, D(0.1666666666666668));
        ob = Vector256.FusedMultiplyAdd(ob, sb, D(0.1666666666666668));
        ea = Vector256.FusedMultiplyAdd(ea, sa, D(1.0));
        eb = Vector256.FusedMultiplyAdd(eb, sb, D(1.0));
        oa = Vector256.FusedMultiplyAdd(oa, sa, D(1.0));
        ob = Vector256.FusedMultiplyAdd(ob, sb, D(1.0));
        var pa = Vector256.FusedMultiplyAdd(oa, ra, ea);
        var pb = Vector256.FusedMultiplyAdd(ob, rb, eb);
        // The low 12 bits of t's pattern are n mod 4096 (2^51 is a multiple of 4096): with the bias, 2^n's exponent.
        a = pa * ((ta.AsUInt64() + Vector256.Create(1023UL)) << 52).AsDouble();
        b = pb * ((tb.AsUInt64() + Vector256.Create(1023UL)) << 52).AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Of(ref Vector256<float> a, ref Vector256<float> b)
    {
        const float shifter = 12582912f; // 1.5·2^23
        var ua = Vector256.MinNative(F(80f), Vector256.MaxNative(F(-87.33f), a));
        var ub = Vector256.MinNative(F(80f), Vector256.MaxNative(F(-87.33f), b));
        var ta = Vector256.FusedMultiplyAdd(ua, F(1.44269504f), F(shifter));
        var tb = Vector256.FusedMultiplyAdd(ub, F(1.44269504f), F(shifter));
        var na = ta - F(shifter);
        var nb = tb - F(shifter);
        var ra = Vector256.FusedMultiplyAdd(na, F(-0.693359375f), ua);
        var rb = Vector256.FusedMultiplyAdd(nb, F(-0.693359375f), ub);
        ra = Vector256.FusedMultiplyAdd(na, F(2.12194440e-4f), ra);
        rb = Vector256.FusedMultiplyAdd(nb, F(2.12194440e-4f), rb);
        var sa = ra * ra;
        var sb = rb * rb;
        var ea = Vector256.FusedMultiplyAdd(F(0.0013941213255748153f), sa, F(0.04166635125875473f));
        var eb = Vector256.FusedMultiplyAdd(F(0.0013941213255748153f), sb, F(0.04166635125875473f));
        var oa = Vector256.FusedMultiplyAdd(F(0.008375209756195545f), sa, F(0.16666413843631744f));
        var ob = Vector256.FusedMultiplyAdd(F(0.008375209756195545f), sb, F(0.16666413843631744f));
        ea = Vector256.FusedMultiplyAdd(ea, sa, F(0.5f));
        eb = Vector256.FusedMultiplyAdd(eb, sb, F(0.5f));
        oa = Vector256.FusedMultiplyAdd(oa, sa, F(1f));
        ob = Vector256.FusedMultiplyAdd(ob, sb, F(1f));
        ea = Vector256.FusedMultiplyAdd(ea, sa, F(1f));
        eb = Vector256.FusedMultiplyAdd(eb, sb, F(1f));
        var pa = Vector256.FusedMultiplyAdd(oa, ra, ea);
        var pb = Vector256.FusedMultiplyAdd(ob, rb, eb);
        // The low 9 bits of t's pattern are n mod 512 (2^22 is a multiple of 512).
        a = pa * ((ta.AsUInt32() + Vector256.Create(127u)) << 23).AsSingle();
        b = pb * ((tb.AsUInt32() + Vector256.Create(127u)) << 23).AsSingle();
    }
}
