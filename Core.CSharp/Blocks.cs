using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>Small dense loops the fused kernels are built from (no bounds checks, fixed summation order).</summary>
internal static class Blocks
{
    /// <summary>s[i] = a · x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scale<T>(Span<T> s, ReadOnlySpan<T> x, T a) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = s.Length, lanes = Vector256<T>.Count, i = 0;
        ref T sr = ref MemoryMarshal.GetReference(s);
        ref T xr = ref MemoryMarshal.GetReference(x);
        var va = Vector256.Create(a);
        for (; i <= n - lanes; i += lanes)
            (va * Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref sr, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref sr, i) = a * Unsafe.Add(ref xr, i);
    }

    /// <summary>s[i] += a · x[i] (fused multiply-add).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(Span<T> s, ReadOnlySpan<T> x, T a) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = s.Length, lanes = Vector256<T>.Count, i = 0;
        ref T sr = ref MemoryMarshal.GetReference(s);
        ref T xr = ref MemoryMarshal.GetReference(x);
        var va = Vector256.Create(a);
        for (; i <= n - lanes; i += lanes)
            VectorMath.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref sr, (nuint)i))
                .StoreUnsafe(ref sr, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref sr, i) = T.FusedMultiplyAdd(a, Unsafe.Add(ref xr, i), Unsafe.Add(ref sr, i));
    }

    /// <summary>Σ x[i]·y[i] with two vector accumulators, then lanes in order, then the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = x.Length, lanes = Vector256<T>.Count, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        var acc0 = Vector256<T>.Zero;
        var acc1 = Vector256<T>.Zero;
        for (; i <= n - 2 * lanes; i += 2 * lanes)
        {
            acc0 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), acc0);
            acc1 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)(i + lanes)), Vector256.LoadUnsafe(ref yr, (nuint)(i + lanes)), acc1);
        }
        if (i <= n - lanes)
        {
            acc0 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), acc0);
            i += lanes;
        }
        T sum = Vector256.Sum(acc0 + acc1);
        for (; i < n; i++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), sum);
        return sum;
    }
}
