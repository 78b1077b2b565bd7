namespace Descent.Core;

/// <summary>
/// e^u for the library's σ, with u first clamped to [−708.39, 700] (double) or [−87.33, 80] (float) so every result
/// is a normal number: 2^n · p(r) with n = round(u / ln 2), r = u − n·ln 2 (two-part ln 2, fused multiply-adds) and p
/// a polynomial fit to e^r on |r| ≤ ln 2 / 2 (Chebyshev, degree 11 for double and 6 for float: relative error 1.7e−17
/// and 2.1e−8 with the coefficients as rounded; made by <c>tools/exp_coefficients.py</c>), split into even and odd
/// halves E(r²) + r·O(r²) to shorten the chain. NaN stays NaN. The clamp changes σ(z) = 1/(1 + e^−z) by less than
/// 1e−300 (double), 1e−34 (float). It does about half the work of <c>Vector256.Exp</c>, which also gives subnormal
/// results, zero and infinity.
/// Written once for both element types (their constants and the float polynomial's shorter chains picked by type
/// tests the JIT folds away) and both vector widths (<see cref="VectorOps{TV, T}"/>). Two forms with the same
/// operations per lane, so the same results bit for bit (tested): one vector, for σ over a span; and a pair
/// interleaved by hand, for the loss loops, which keeps both floating-point pipes busy where the
/// second chain would wait behind the first. Calling the one-vector form twice instead measured 2–4 % slower epochs
/// against main's (gd 4000x3 +1.1 % vs −0.8 %, 20000x3 +2.5 % vs −0.3 %; sgd 4000x3 +4.9 % vs 0.0 %, 20000x3
/// +3.9 % vs +1.3 %: <c>descent bench --epochs 40</c>, medians of 5 runs alternated with main's, AMD EPYC).
/// </summary>
internal static class ClampedExp
{
    /// <summary>e^u lane by lane (256-bit vectors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Of<T>(Vector256<T> u) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Of<Vector256<T>, T>(u);

    /// <summary>Replaces <paramref name="a"/> and <paramref name="b"/> by e^a and e^b (256-bit vectors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of<T>(ref Vector256<T> a, ref Vector256<T> b) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Of<Vector256<T>, T>(ref a, ref b);

    // Double: clamp, 1/ln 2, two-part ln 2, and the even (E) and odd (O) halves' coefficients, highest first.
    const double DLow = -708.39, DHigh = 700.0, DLog2E = 1.4426950408889634;
    const double DLn2High = -6.93147180369123816490e-01, DLn2Low = -1.90821492927058770002e-10;
    const double E5 = 2.7632641147321496e-07, E4 = 2.4801485478252324e-05, E3 = 0.0013888888952318583, E2 = 0.04166666666648808, E1 = 0.5000000000000019;
    const double O5 = 2.511003876579685e-08, O4 = 2.755724091544448e-06, O3 = 0.00019841269890050043, O2 = 0.0083333333333196, O1 = 0.1666666666666668;
    const double DShifter = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer held in the low bits

    // Float: the same, degree 6 (E: FE2, FE1, 0.5, 1; O: FO2, FO1, 1).
    const float FLow = -87.33f, FHigh = 80f, FLog2E = 1.44269504f, FLn2High = -0.693359375f, FLn2Low = 2.12194440e-4f;
    const float FE2 = 0.0013941213255748153f, FE1 = 0.04166635125875473f, FO2 = 0.008375209756195545f, FO1 = 0.16666413843631744f;
    const float FShifter = 12582912f; // 1.5·2^23

    /// <summary>The double constant or the float one, in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV C<TV, T>(double ifDouble, float ifFloat) where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => VectorOps<TV, T>.Create(typeof(T) == typeof(double) ? T.CreateTruncating(ifDouble) : T.CreateTruncating(ifFloat));

    /// <summary>e^u lane by lane, at either width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Of<TV, T>(TV u)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // The clamp's second operand is u, so a NaN passes through (x86 min/max return the second operand on NaN).
        u = VectorOps<TV, T>.MinNative(C<TV, T>(DHigh, FHigh), VectorOps<TV, T>.MaxNative(C<TV, T>(DLow, FLow), u));
        var t = VectorOps<TV, T>.FusedMultiplyAdd(u, C<TV, T>(DLog2E, FLog2E), C<TV, T>(DShifter, FShifter));
        var n = VectorOps<TV, T>.Subtract(t, C<TV, T>(DShifter, FShifter));
        var r = VectorOps<TV, T>.FusedMultiplyAdd(n, C<TV, T>(DLn2High, FLn2High), u);
        r = VectorOps<TV, T>.FusedMultiplyAdd(n, C<TV, T>(DLn2Low, FLn2Low), r);
        var s = VectorOps<TV, T>.Multiply(r, r);
        var e = VectorOps<TV, T>.FusedMultiplyAdd(C<TV, T>(E5, FE2), s, C<TV, T>(E4, FE1));
        var o = VectorOps<TV, T>.FusedMultiplyAdd(C<TV, T>(O5, FO2), s, C<TV, T>(O4, FO1));
        if (typeof(T) == typeof(double))
        {
            // Double's longer chains: E3, E2 and O3, O2, O1 (float goes from FE1 to 0.5 and from FO1 to 1).
            e = VectorOps<TV, T>.FusedMultiplyAdd(e, s, C<TV, T>(E3, 0));
            o = VectorOps<TV, T>.FusedMultiplyAdd(o, s, C<TV, T>(O3, 0));
            e = VectorOps<TV, T>.FusedMultiplyAdd(e, s, C<TV, T>(E2, 0));
            o = VectorOps<TV, T>.FusedMultiplyAdd(o, s, C<TV, T>(O2, 0));
            o = VectorOps<TV, T>.FusedMultiplyAdd(o, s, C<TV, T>(O1, 0));
        }
        e = VectorOps<TV, T>.FusedMultiplyAdd(e, s, C<TV, T>(E1, 0.5f));
        var one = C<TV, T>(1.0, 1f);
        e = VectorOps<TV, T>.FusedMultiplyAdd(e, s, one);
        o = VectorOps<TV, T>.FusedMultiplyAdd(o, s, one);
        return VectorOps<TV, T>.Multiply(VectorOps<TV, T>.FusedMultiplyAdd(o, r, e), VectorOps<TV, T>.PowerOfTwo(t));
    }

    /// <summary>Replaces <paramref name="a"/> and <paramref name="b"/> by e^a and e^b: <see cref="Of{TV, T}(TV)"/> on each, interleaved.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of<TV, T>(ref TV a, ref TV b)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var low = C<TV, T>(DLow, FLow);
        var high = C<TV, T>(DHigh, FHigh);
        var ua = VectorOps<TV, T>.MinNative(high, VectorOps<TV, T>.MaxNative(low, a));
        var ub = VectorOps<TV, T>.MinNative(high, VectorOps<TV, T>.MaxNative(low, b));
        var log2E = C<TV, T>(DLog2E, FLog2E);
        var shifter = C<TV, T>(DShifter, FShifter);
        var ta = VectorOps<TV, T>.FusedMultiplyAdd(ua, log2E, shifter);
        var tb = VectorOps<TV, T>.FusedMultiplyAdd(ub, log2E, shifter);
        var na = VectorOps<TV, T>.Subtract(ta, shifter);
        var nb = VectorOps<TV, T>.Subtract(tb, shifter);
        var ln2High = C<TV, T>(DLn2High, FLn2High);
        var ra = VectorOps<TV, T>.FusedMultiplyAdd(na, ln2High, ua);
        var rb = VectorOps<TV, T>.FusedMultiplyAdd(nb, ln2High, ub);
        var ln2Low = C<TV, T>(DLn2Low, FLn2Low);
        ra = VectorOps<TV, T>.FusedMultiplyAdd(na, ln2Low, ra);
        rb = VectorOps<TV, T>.FusedMultiplyAdd(nb, ln2Low, rb);
        var sa = VectorOps<TV, T>.Multiply(ra, ra);
        var sb = VectorOps<TV, T>.Multiply(rb, rb);
        Horner<TV, T>(sa, sb, C<TV, T>(E5, FE2), C<TV, T>(E4, FE1), out var ea, out var eb);
        Horner<TV, T>(sa, sb, C<TV, T>(O5, FO2), C<TV, T>(O4, FO1), out var oa, out var ob);
        if (typeof(T) == typeof(double))
        {
            Horner<TV, T>(sa, sb, ref ea, ref eb, C<TV, T>(E3, 0));
            Horner<TV, T>(sa, sb, ref oa, ref ob, C<TV, T>(O3, 0));
            Horner<TV, T>(sa, sb, ref ea, ref eb, C<TV, T>(E2, 0));
            Horner<TV, T>(sa, sb, ref oa, ref ob, C<TV, T>(O2, 0));
            Horner<TV, T>(sa, sb, ref oa, ref ob, C<TV, T>(O1, 0));
        }
        Horner<TV, T>(sa, sb, ref ea, ref eb, C<TV, T>(E1, 0.5f));
        var one = C<TV, T>(1.0, 1f);
        Horner<TV, T>(sa, sb, ref ea, ref eb, one);
        Horner<TV, T>(sa, sb, ref oa, ref ob, one);
        a = VectorOps<TV, T>.Multiply(VectorOps<TV, T>.FusedMultiplyAdd(oa, ra, ea), VectorOps<TV, T>.PowerOfTwo(ta));
        b = VectorOps<TV, T>.Multiply(VectorOps<TV, T>.FusedMultiplyAdd(ob, rb, eb), VectorOps<TV, T>.PowerOfTwo(tb));
    }

    /// <summary>The first Horner step of both chains: h = c₁·s + c₀.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Horner<TV, T>(TV sa, TV sb, TV c1, TV c0, out TV ha, out TV hb)
        where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ha = VectorOps<TV, T>.FusedMultiplyAdd(c1, sa, c0);
        hb = VectorOps<TV, T>.FusedMultiplyAdd(c1, sb, c0);
    }

    /// <summary>A further Horner step of both chains: h = h·s + c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Horner<TV, T>(TV sa, TV sb, ref TV ha, ref TV hb, TV c)
        where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ha = VectorOps<TV, T>.FusedMultiplyAdd(ha, sa, c);
        hb = VectorOps<TV, T>.FusedMultiplyAdd(hb, sb, c);
    }
}
