namespace Descent.Core;

/// <summary>
/// The tail of every loop shorter than its step: the last 1 to lanes − 1 elements loaded into a zero-padded vector,
/// run through the same vector code as the rest, and stored back without the padding (masked out where lanes are
/// summed). The element-wise drivers use it for spans shorter than one vector and otherwise overlap their last vector.
/// </summary>
internal static class PartialVector
{
    /// <summary>The elements of <paramref name="source"/> (at most the lane count), zero-filling the rest.</summary>
    /// <remarks>
    /// Built from the elements in registers: copying through a stack span (two memmove calls) made SGD's 3-weight
    /// updates, which are all tail, cost 2.3 times the epoch of the scalar loop (500x3, descent bench), and writing
    /// lanes into a vector local then reading it whole stalls on store forwarding (sgd 20000x3 epochs 11 % slower).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        int n = source.Length;
        ref T r = ref MemoryMarshal.GetReference(source);
        if (typeof(T) == typeof(double))
        {
            ref double d = ref Unsafe.As<T, double>(ref r);
            return Vector256.Create(
                n > 0 ? d : 0, n > 1 ? Unsafe.Add(ref d, 1) : 0,
                n > 2 ? Unsafe.Add(ref d, 2) : 0, n > 3 ? Unsafe.Add(ref d, 3) : 0).As<double, T>();
        }
        if (typeof(T) == typeof(float))
        {
            ref float f = ref Unsafe.As<T, float>(ref r);
            return Vector256.Create(
                n > 0 ? f : 0, n > 1 ? Unsafe.Add(ref f, 1) : 0, n > 2 ? Unsafe.Add(ref f, 2) : 0, n > 3 ? Unsafe.Add(ref f, 3) : 0,
                n > 4 ? Unsafe.Add(ref f, 4) : 0, n > 5 ? Unsafe.Add(ref f, 5) : 0, n > 6 ? Unsafe.Add(ref f, 6) : 0, n > 7 ? Unsafe.Add(ref f, 7) : 0).As<float, T>();
        }
        throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }

    /// <summary>The first <c>destination.Length</c> (at most the lane count) lanes of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector256<T> value, Span<T> destination) where T : unmanaged
    {
        int n = Math.Min(destination.Length, Vector256<T>.Count);
        ref T r = ref MemoryMarshal.GetReference(destination);
        for (int k = 0; k < n; k++) Unsafe.Add(ref r, k) = value.GetElement(k);
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
