namespace Descent.Core;

/// <summary>
/// The memory floor of a kernel over an array: one read-only pass, Σ xᵢ with four vector accumulators, which costs
/// what reading the array costs and next to nothing more. Benchmarks set an epoch beside it.
/// </summary>
public static class ReadPass
{
    /// <summary>
    /// Σ xᵢ: the zero-padded tail (<see cref="PartialVector"/>) first, since a call after the loop would make the JIT
    /// spill its accumulators every iteration (measured 3 times slower, 50000x3); then four accumulators over
    /// groups of four vectors and the remaining whole vectors into the first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum<T>(ReadOnlySpan<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, n = values.Length - values.Length % lanes, i = 0;
        ref T r = ref MemoryMarshal.GetReference(values);
        Vector256<T> a0 = n < values.Length ? Tail(values.Slice(n)) : default, a1 = default, a2 = default, a3 = default;
        for (; i <= n - 4 * lanes; i += 4 * lanes)
        {
            a0 += Vector256.LoadUnsafe(ref r, (nuint)i);
            a1 += Vector256.LoadUnsafe(ref r, (nuint)(i + lanes));
            a2 += Vector256.LoadUnsafe(ref r, (nuint)(i + 2 * lanes));
            a3 += Vector256.LoadUnsafe(ref r, (nuint)(i + 3 * lanes));
        }
        for (; i < n; i += lanes) a0 += Vector256.LoadUnsafe(ref r, (nuint)i);
        return double.CreateTruncating(Vector256.Sum((a0 + a1) + (a2 + a3)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Vector256<T> Tail<T>(ReadOnlySpan<T> rest) where T : unmanaged => PartialVector.Load(rest);
}
