namespace Descent.Core;

/// <summary>
/// ln x lane by lane for the losses, whose arguments are at least 0.5 (log loss takes ln max(p, 1 − p), the grid and
/// softmax ln(1 + e) and ln Σ e^(z − max) ≥ 1): fdlibm's algorithm (e_log.c, e_logf.c; error below 1 ulp) —
/// x = 2^k·(1 + f) with 1 + f in [√2/2, √2), s = f / (2 + f), ln(1 + f) = f − (f²/2 − s·(f²/2 + R(s²))) with R its
/// minimax polynomial (degree 7 in s² for double, 4 for float), plus k·ln 2 in two parts. NaN and +∞ are returned as
/// they are. Defined for positive normal numbers (the losses pass nothing smaller); zero, negatives and subnormals
/// are outside it.
/// Written here rather than calling Vector256.Log (CoreLib's VectorMath.LogDouble/LogSingle), which is too big to be
/// inlined into the kernels, so a short run spends its whole life in its unoptimized first compilation; inlined here,
/// it is compiled with the kernel that calls it. The losses' values, and so every run's numbers, depend on it.
/// </summary>
internal static class VectorLog
{
    // Double: two-part ln 2 and the polynomial's coefficients (fdlibm e_log.c).
    const double Ln2High = 6.93147180369123816490e-01, Ln2Low = 1.90821492927058770002e-10;
    const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01;
    const double Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01;
    const double Lg7 = 1.479819860511658591e-01;
    const double IntShifter = 6755399441055744.0; // 1.5·2^52: its bits plus a small integer k are the double 1.5·2^52 + k

    // Float: the same (fdlibm e_logf.c).
    const float FLn2High = 0.693359375f, FLn2Low = -2.12194440e-4f;
    const float C8 = 7.0376836292E-2f, C7 = -1.1514610310E-1f, C6 = 1.1676998740E-1f, C5 = -1.2420140846E-1f;
    const float C4 = 1.4249322787E-1f, C3 = -1.6668057665E-1f, C2 = 2.0000714765E-1f, C1 = -2.4999993993E-1f;
    const float C0 = 3.3333331174E-1f;
    const float FIntShifter = 12582912f; // 1.5·2^23

    /// <summary>ln x in each lane (see the class).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Of(Vector256<double> x)
    {
        var bits = x.AsUInt64();
        // The high word's mantissa part, shifted by 0x95f64 so that a mantissa at or above √2's carries into bit 20:
        // those x are taken as 2^(k+1)·(1 + f) with 1 + f in [√2/2, 1), the others as 2^k·(1 + f) in [1, √2).
        var high = (bits >> 32) & Vector256.Create(0x000fffffUL);
        var carry = (high + Vector256.Create(0x95f64UL)) & Vector256.Create(0x100000UL);
        var k = (bits >> 52) - Vector256.Create(1023UL) + (carry >> 20);
        var m = (((high | (carry ^ Vector256.Create(0x3ff00000UL))) << 32) | (bits & Vector256.Create(0xffffffffUL))).AsDouble();
        var dk = (k + Vector256.Create(IntShifter).AsUInt64()).AsDouble() - Vector256.Create(IntShifter);
        var f = m - Vector256<double>.One;
        var s = f / (Vector256.Create(2.0) + f);
        var z = s * s;
        var w = z * z;
        var t1 = w * Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.Create(Lg6), Vector256.Create(Lg4)), Vector256.Create(Lg2));
        var t2 = z * Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.Create(Lg7), Vector256.Create(Lg5)), Vector256.Create(Lg3)), Vector256.Create(Lg1));
        var r = t2 + t1;
        var hfsq = Vector256.Create(0.5) * f * f;
        var log = dk * Vector256.Create(Ln2High) - ((hfsq - (s * (hfsq + r) + dk * Vector256.Create(Ln2Low))) - f);
        // NaN and +∞ fail x < +∞ and are returned as they came.
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(double.PositiveInfinity)), log, x);
    }

    /// <summary>ln x in each lane (see the class).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(Vector256<float> x)
    {
        var bits = x.AsUInt32();
        var mantissa = bits & Vector256.Create(0x007fffffu);
        var carry = (mantissa + Vector256.Create(0x95f64u << 3)) & Vector256.Create(0x800000u);
        var k = (bits >> 23) - Vector256.Create(127u) + (carry >> 23);
        var m = (mantissa | (carry ^ Vector256.Create(0x3f800000u))).AsSingle();
        var dk = (k + Vector256.Create(FIntShifter).AsUInt32()).AsSingle() - Vector256.Create(FIntShifter);
        var f = m - Vector256<float>.One;
        // Float: ln(1 + f) = f − f²/2 + f³·P(f), P of degree 8 (Cephes' logf), no division.
        var z = f * f;
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(C8), f, Vector256.Create(C7));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(C6));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(C5));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(C4));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(C3));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(C2));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(C1));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(C0));
        var y = p * f * z;
        y = Vector256.FusedMultiplyAdd(dk, Vector256.Create(FLn2Low), y);
        y = Vector256.FusedMultiplyAdd(z, Vector256.Create(-0.5f), y);
        var log = Vector256.FusedMultiplyAdd(dk, Vector256.Create(FLn2High), f + y);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(float.PositiveInfinity)), log, x);
    }
}
