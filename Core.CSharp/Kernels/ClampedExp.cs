using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// e^u for the library's σ, with u first clamped to [−708.39, 700] (double) or [−87.33, 80] (float) so every result
/// is a normal number: 2^n · p(r) with n = round(u / ln 2), r = u − n·ln 2 (two-part ln 2, fused multiply-adds) and p
/// a polynomial fit to e^r on |r| ≤ ln 2 / 2 (Chebyshev, degree 11 for double and 6 for float: relative error 1.7e−17
/// and 2.1e−8 with the coefficients as rounded; made by <c>tools/exp_coefficients.py</c>), split into even and odd
/// halves E(r²) + r·O(r²) to shorten the chain. NaN stays NaN. The clamp changes σ(z) = 1/(1 + e^−z) by less than
/// 1e−300 (double), 1e−34 (float). It does about half the work of <c>Vector256.Exp</c>, which also gives subnormal
/// results, zero and infinity.
/// Written for one vector: the loss loops call it on two independent vectors in a row and the core's out-of-order
/// window overlaps the two chains (the hand-interleaved pair it replaces measured no faster, see the note of the
/// kernels-on-drivers change).
/// </summary>
internal static class ClampedExp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Of<T>(Vector256<T> u)
    {
        if (typeof(T) == typeof(double)) return Of(u.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Of(u.AsSingle()).As<float, T>();
        throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }

    static Vector256<double> D(double v) => Vector256.Create(v);

    static Vector256<float> F(float v) => Vector256.Create(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> Of(Vector256<double> u)
    {
        const double shifter = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer held in the low bits
        // The clamp's second operand is u, so a NaN passes through (x86 min/max return the second operand on NaN).
        u = Vector256.MinNative(D(700.0), Vector256.MaxNative(D(-708.39), u));
        var t = Vector256.FusedMultiplyAdd(u, D(1.4426950408889634), D(shifter));
        var n = t - D(shifter);
        var r = Vector256.FusedMultiplyAdd(n, D(-6.93147180369123816490e-01), u);
        r = Vector256.FusedMultiplyAdd(n, D(-1.90821492927058770002e-10), r);
        var s = r * r;
        var e = Vector256.FusedMultiplyAdd(D(2.7632641147321496e-07), s, D(2.4801485478252324e-05));
        var o = Vector256.FusedMultiplyAdd(D(2.511003876579685e-08), s, D(2.755724091544448e-06));
        e = Vector256.FusedMultiplyAdd(e, s, D(0.0013888888952318583));
        o = Vector256.FusedMultiplyAdd(o, s, D(0.00019841269890050043));
        e = Vector256.FusedMultiplyAdd(e, s, D(0.04166666666648808));
        o = Vector256.FusedMultiplyAdd(o, s, D(0.0083333333333196));
        e = Vector256.FusedMultiplyAdd(e, s, D(0.5000000000000019));
        o = Vector256.FusedMultiplyAdd(o, s, D(0.1666666666666668));
        e = Vector256.FusedMultiplyAdd(e, s, D(1.0));
        o = Vector256.FusedMultiplyAdd(o, s, D(1.0));
        var p = Vector256.FusedMultiplyAdd(o, r, e);
        // The low 12 bits of t's pattern are n mod 4096 (2^51 is a multiple of 4096): with the bias, 2^n's exponent.
        return p * ((t.AsUInt64() + Vector256.Create(1023UL)) << 52).AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Of(Vector256<float> u)
    {
        const float shifter = 12582912f; // 1.5·2^23
        u = Vector256.MinNative(F(80f), Vector256.MaxNative(F(-87.33f), u));
        var t = Vector256.FusedMultiplyAdd(u, F(1.44269504f), F(shifter));
        var n = t - F(shifter);
        var r = Vector256.FusedMultiplyAdd(n, F(-0.693359375f), u);
        r = Vector256.FusedMultiplyAdd(n, F(2.12194440e-4f), r);
        var s = r * r;
        var e = Vector256.FusedMultiplyAdd(F(0.0013941213255748153f), s, F(0.04166635125875473f));
        var o = Vector256.FusedMultiplyAdd(F(0.008375209756195545f), s, F(0.16666413843631744f));
        e = Vector256.FusedMultiplyAdd(e, s, F(0.5f));
        o = Vector256.FusedMultiplyAdd(o, s, F(1f));
        e = Vector256.FusedMultiplyAdd(e, s, F(1f));
        var p = Vector256.FusedMultiplyAdd(o, r, e);
        // The low 9 bits of t's pattern are n mod 512 (2^22 is a multiple of 512).
        return p * ((t.AsUInt32() + Vector256.Create(127u)) << 23).AsSingle();
    }
}
