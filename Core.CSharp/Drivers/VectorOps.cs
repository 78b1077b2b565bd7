namespace Descent.Core;

/// <summary>
/// The vector operations the K-output kernels are written over once, for <typeparamref name="TV"/> =
/// <see cref="Vector256{T}"/> everywhere, or <see cref="Vector512{T}"/> where the hardware has 512-bit vectors
/// (<see cref="Wide"/>: half the instructions for the same rows). Every lane does the same operations in the same order
/// at either width, so scores, exponentials and derivatives are the same bits; a sum over rows keeps its order through
/// <see cref="AddInOrder"/>. Each operation picks its width by a type test the JIT folds away, as
/// <see cref="VectorMath"/> picks the element type.
/// </summary>
internal static class VectorOps<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Whether <typeparamref name="TV"/> is <see cref="Vector512{T}"/> (else it is <see cref="Vector256{T}"/>).</summary>
    public static bool Wide
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => typeof(TV) == typeof(Vector512<T>);
    }

    public static int Lanes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Unsafe.SizeOf<TV>() / Unsafe.SizeOf<T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Load(ref T source, nuint offset) => Unsafe.ReadUnaligned<TV>(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref source, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(TV value, ref T destination, nuint offset) => Unsafe.WriteUnaligned(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref destination, offset)), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Add(TV a, TV b) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Unsafe.BitCast<TV, Vector512<T>>(a) + Unsafe.BitCast<TV, Vector512<T>>(b)) : Unsafe.BitCast<Vector256<T>, TV>(Unsafe.BitCast<TV, Vector256<T>>(a) + Unsafe.BitCast<TV, Vector256<T>>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Subtract(TV a, TV b) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Unsafe.BitCast<TV, Vector512<T>>(a) - Unsafe.BitCast<TV, Vector512<T>>(b)) : Unsafe.BitCast<Vector256<T>, TV>(Unsafe.BitCast<TV, Vector256<T>>(a) - Unsafe.BitCast<TV, Vector256<T>>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Multiply(TV a, TV b) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Unsafe.BitCast<TV, Vector512<T>>(a) * Unsafe.BitCast<TV, Vector512<T>>(b)) : Unsafe.BitCast<Vector256<T>, TV>(Unsafe.BitCast<TV, Vector256<T>>(a) * Unsafe.BitCast<TV, Vector256<T>>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Divide(TV a, TV b) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Unsafe.BitCast<TV, Vector512<T>>(a) / Unsafe.BitCast<TV, Vector512<T>>(b)) : Unsafe.BitCast<Vector256<T>, TV>(Unsafe.BitCast<TV, Vector256<T>>(a) / Unsafe.BitCast<TV, Vector256<T>>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Negate(TV a) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(-Unsafe.BitCast<TV, Vector512<T>>(a)) : Unsafe.BitCast<Vector256<T>, TV>(-Unsafe.BitCast<TV, Vector256<T>>(a));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV And(TV a, TV b) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Unsafe.BitCast<TV, Vector512<T>>(a) & Unsafe.BitCast<TV, Vector512<T>>(b)) : Unsafe.BitCast<Vector256<T>, TV>(Unsafe.BitCast<TV, Vector256<T>>(a) & Unsafe.BitCast<TV, Vector256<T>>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Or(TV a, TV b) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Unsafe.BitCast<TV, Vector512<T>>(a) | Unsafe.BitCast<TV, Vector512<T>>(b)) : Unsafe.BitCast<Vector256<T>, TV>(Unsafe.BitCast<TV, Vector256<T>>(a) | Unsafe.BitCast<TV, Vector256<T>>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Not(TV a) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(~Unsafe.BitCast<TV, Vector512<T>>(a)) : Unsafe.BitCast<Vector256<T>, TV>(~Unsafe.BitCast<TV, Vector256<T>>(a));

    /// <summary>Every lane <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Create(T value) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Vector512.Create(value)) : Unsafe.BitCast<Vector256<T>, TV>(Vector256.Create(value));

    /// <summary>a·b + c with one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV FusedMultiplyAdd(TV a, TV b, TV c)
    {
        if (typeof(T) == typeof(double))
            return typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Vector512.FusedMultiplyAdd(Unsafe.BitCast<TV, Vector512<T>>(a).AsDouble(), Unsafe.BitCast<TV, Vector512<T>>(b).AsDouble(), Unsafe.BitCast<TV, Vector512<T>>(c).AsDouble()).As<double, T>())
                : Unsafe.BitCast<Vector256<T>, TV>(Vector256.FusedMultiplyAdd(Unsafe.BitCast<TV, Vector256<T>>(a).AsDouble(), Unsafe.BitCast<TV, Vector256<T>>(b).AsDouble(), Unsafe.BitCast<TV, Vector256<T>>(c).AsDouble()).As<double, T>());
        if (typeof(T) == typeof(float))
            return typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Vector512.FusedMultiplyAdd(Unsafe.BitCast<TV, Vector512<T>>(a).AsSingle(), Unsafe.BitCast<TV, Vector512<T>>(b).AsSingle(), Unsafe.BitCast<TV, Vector512<T>>(c).AsSingle()).As<float, T>())
                : Unsafe.BitCast<Vector256<T>, TV>(Vector256.FusedMultiplyAdd(Unsafe.BitCast<TV, Vector256<T>>(a).AsSingle(), Unsafe.BitCast<TV, Vector256<T>>(b).AsSingle(), Unsafe.BitCast<TV, Vector256<T>>(c).AsSingle()).As<float, T>());
        throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }

    /// <summary>x86's min: the second operand when either is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV MinNative(TV a, TV b) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Vector512.MinNative(Unsafe.BitCast<TV, Vector512<T>>(a), Unsafe.BitCast<TV, Vector512<T>>(b))) : Unsafe.BitCast<Vector256<T>, TV>(Vector256.MinNative(Unsafe.BitCast<TV, Vector256<T>>(a), Unsafe.BitCast<TV, Vector256<T>>(b)));

    /// <summary>x86's max: the second operand when either is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV MaxNative(TV a, TV b) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Vector512.MaxNative(Unsafe.BitCast<TV, Vector512<T>>(a), Unsafe.BitCast<TV, Vector512<T>>(b))) : Unsafe.BitCast<Vector256<T>, TV>(Vector256.MaxNative(Unsafe.BitCast<TV, Vector256<T>>(a), Unsafe.BitCast<TV, Vector256<T>>(b)));

    /// <summary>ln x for the losses' arguments (≥ 0.5; see <see cref="VectorLog"/>), a 512-bit vector as its two halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log(TV x)
    {
        if (typeof(T) == typeof(double))
        {
            if (typeof(TV) == typeof(Vector512<T>))
            {
                var v = Unsafe.BitCast<TV, Vector512<T>>(x).AsDouble();
                return Unsafe.BitCast<Vector512<T>, TV>(Vector512.Create(VectorLog.Of(v.GetLower()), VectorLog.Of(v.GetUpper())).As<double, T>());
            }
            return Unsafe.BitCast<Vector256<T>, TV>(VectorLog.Of(Unsafe.BitCast<TV, Vector256<T>>(x).AsDouble()).As<double, T>());
        }
        if (typeof(T) == typeof(float))
        {
            if (typeof(TV) == typeof(Vector512<T>))
            {
                var v = Unsafe.BitCast<TV, Vector512<T>>(x).AsSingle();
                return Unsafe.BitCast<Vector512<T>, TV>(Vector512.Create(VectorLog.Of(v.GetLower()), VectorLog.Of(v.GetUpper())).As<float, T>());
            }
            return Unsafe.BitCast<Vector256<T>, TV>(VectorLog.Of(Unsafe.BitCast<TV, Vector256<T>>(x).AsSingle()).As<float, T>());
        }
        throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }

    /// <summary>All ones where a &gt; b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV GreaterThan(TV a, TV b) => typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(Vector512.GreaterThan(Unsafe.BitCast<TV, Vector512<T>>(a), Unsafe.BitCast<TV, Vector512<T>>(b))) : Unsafe.BitCast<Vector256<T>, TV>(Vector256.GreaterThan(Unsafe.BitCast<TV, Vector256<T>>(a), Unsafe.BitCast<TV, Vector256<T>>(b)));

    /// <summary>
    /// 2ⁿ from t = n + 1.5·2^52 (float: 1.5·2^23), the integer n held in t's low mantissa bits: those bits plus the
    /// exponent bias, shifted into the exponent field (<see cref="ClampedExp"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV PowerOfTwo(TV t)
    {
        if (typeof(T) == typeof(double))
            return typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(((Unsafe.BitCast<TV, Vector512<T>>(t).AsUInt64() + Vector512.Create(1023UL)) << 52).As<ulong, T>()) : Unsafe.BitCast<Vector256<T>, TV>(((Unsafe.BitCast<TV, Vector256<T>>(t).AsUInt64() + Vector256.Create(1023UL)) << 52).As<ulong, T>());
        if (typeof(T) == typeof(float))
            return typeof(TV) == typeof(Vector512<T>) ? Unsafe.BitCast<Vector512<T>, TV>(((Unsafe.BitCast<TV, Vector512<T>>(t).AsUInt32() + Vector512.Create(127u)) << 23).As<uint, T>()) : Unsafe.BitCast<Vector256<T>, TV>(((Unsafe.BitCast<TV, Vector256<T>>(t).AsUInt32() + Vector256.Create(127u)) << 23).As<uint, T>());
        throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }

    /// <summary>
    /// sum += v as <paramref name="v"/>'s 256-bit halves in row order: the same per-lane sums as 256-bit code adding
    /// one vector of rows at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInOrder(ref Vector256<T> sum, TV v)
    {
        if (Wide)
        {
            sum += Unsafe.BitCast<TV, Vector512<T>>(v).GetLower();
            sum += Unsafe.BitCast<TV, Vector512<T>>(v).GetUpper();
        }
        else sum += Unsafe.BitCast<TV, Vector256<T>>(v);
    }

}
