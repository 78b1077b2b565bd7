using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>Element-wise transcendental functions on <see cref="Vector256{T}"/> for T = double or float.</summary>
internal static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x)
    {
        if (typeof(T) == typeof(double)) return Vector256.Exp(x.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Vector256.Exp(x.AsSingle()).As<float, T>();
        throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }

    /// <summary>a·b + c with one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log<T>(Vector256<T> x)
    {
        if (typeof(T) == typeof(double)) return Vector256.Log(x.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Vector256.Log(x.AsSingle()).As<float, T>();
        throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }

    /// <summary>Loads the first <paramref name="count"/> (at most the lane count) elements, zero-filling the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadPartial<T>(ReadOnlySpan<T> source, int count) where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        lanes.Clear();
        source.Slice(0, count).CopyTo(lanes);
        return Vector256.Create((ReadOnlySpan<T>)lanes);
    }

    /// <summary>Stores the first <paramref name="count"/> lanes of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePartial<T>(Vector256<T> value, Span<T> destination, int count) where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        value.CopyTo(lanes);
        lanes.Slice(0, count).CopyTo(destination);
    }

    /// <summary>A mask whose first <paramref name="count"/> lanes are all ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FirstLanes<T>(int count) where T : unmanaged, INumberBase<T>
    {
        Span<T> lanes = stackalloc T[Vector256<T>.Count];
        for (int i = 0; i < lanes.Length; i++) lanes[i] = i < count ? T.One : T.Zero;
        return Vector256.Equals(Vector256.Create((ReadOnlySpan<T>)lanes), Vector256<T>.One);
    }
}

/// <summary>Constraint shorthand for the element types the kernels accept (double and float).</summary>
internal static class Element
{
    public static void EnsureSupported<T>()
    {
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float))
            throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }
}
