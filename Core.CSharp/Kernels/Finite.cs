namespace Descent.Core;

/// <summary>Finite-value checks: divergence detection, and a table's columns as they are read.</summary>
public static class Finite
{
    /// <summary>True when every element is neither NaN nor infinite.</summary>
    public static bool All<T>(ReadOnlySpan<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (var v in values)
            if (!T.IsFinite(v)) return false;
        return true;
    }

    /// <summary>
    /// The index of the first NaN or ±∞ in <paramref name="values"/>, or −1: those whose exponent bits are all ones,
    /// tested four at a time. Written here rather than with <c>IndexOfAnyInRange</c> over the bits (two passes, one per
    /// sign, in a CoreLib generic that a one-second run executes unoptimized for most of its life).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        ref double v = ref MemoryMarshal.GetReference(values);
        var exponent = Vector256.Create(0x7FF0000000000000UL);
        int i = 0;
        for (; i + 8 <= values.Length; i += 8)
        {
            var a = Vector256.LoadUnsafe(ref v, (nuint)i).AsUInt64() & exponent;
            var b = Vector256.LoadUnsafe(ref v, (nuint)(i + 4)).AsUInt64() & exponent;
            if (Vector256.EqualsAny(a, exponent) || Vector256.EqualsAny(b, exponent)) break;
        }
        // The non-finite value, if any, lies in the eight the loop stopped at or in the last few.
        for (; i < values.Length; i++)
            if (!double.IsFinite(Unsafe.Add(ref v, i))) return i;
        return -1;
    }
}
