using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// The driver of every <see cref="IUnaryOperator{T}"/>: destination[i] = f(x[i]), whole vectors, then the tail as one
/// zero-padded vector (<see cref="PartialVector"/>), so every element goes through the same vector code whatever
/// its position or the span's length.
/// </summary>
public static class Unary
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOp, T>(ReadOnlySpan<T> x, Span<T> destination)
        where TOp : IUnaryOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (destination.Length < x.Length)
            throw new ArgumentException("Destination is shorter than the input.", nameof(destination));
        int lanes = Vector256<T>.Count, n = x.Length, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        for (; i <= n - lanes; i += lanes)
            TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        if (i < n)
            PartialVector.Store(TOp.Invoke(PartialVector.Load(x.Slice(i))), destination.Slice(i, n - i));
    }
}
