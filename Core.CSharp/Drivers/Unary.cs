namespace Descent.Core;

/// <summary>
/// The driver of every <see cref="IUnaryOperator{T}"/>: destination[i] = f(x[i]), whole vectors; a span shorter than
/// a vector as one zero-padded vector (<see cref="PartialVector"/>), and the tail of a longer one as its last whole
/// vector, overlapping (as in TensorPrimitives, and as <see cref="Update"/> does): every element goes through the same
/// vector code whatever its position or the span's length. In place (x and destination the same span) is allowed.
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
        int whole = n - n % lanes;
        if (n < lanes)
        {
            if (n > 0) PartialVector.Store(TOp.Invoke(PartialVector.Load(x)), destination.Slice(0, n));
            return;
        }
        // The last vector from the inputs before the loop can overwrite them (in place), stored after it.
        var last = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(n - lanes)));
        for (; i < whole; i += lanes)
            TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        last.StoreUnsafe(ref dr, (nuint)(n - lanes));
    }
}
