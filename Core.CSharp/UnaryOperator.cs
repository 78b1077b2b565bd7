using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>An element-wise operation with one vector form; the driver <see cref="Unary"/> does the looping.</summary>
public interface IUnaryOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract Vector256<T> Invoke(Vector256<T> x);
}

/// <summary>
/// Applies an <see cref="IUnaryOperator{T}"/> over a span. The tail is padded into one more vector, so every element
/// goes through the same vector code whatever its position or the span's length.
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
        int lanes = Vector256<T>.Count, i = 0;
        for (; i <= x.Length - lanes; i += lanes)
            TOp.Invoke(Vector256.Create(x.Slice(i, lanes))).CopyTo(destination.Slice(i, lanes));
        int rest = x.Length - i;
        if (rest > 0)
            VectorMath.StorePartial(TOp.Invoke(VectorMath.LoadPartial(x.Slice(i), rest)), destination.Slice(i), rest);
    }

    /// <summary>The operator on one value, through the same vector code as the span form.</summary>
    public static T Apply<TOp, T>(T x)
        where TOp : IUnaryOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => TOp.Invoke(Vector256.Create(x)).GetElement(0);
}
