using System.Runtime.Intrinsics.X86;

namespace Descent.Core;

/// <summary>Vector arithmetic the kernels share, on <see cref="Vector256{T}"/> for T = double or float.</summary>
internal static class VectorMath
{
    /// <summary>a·b + c with one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => VectorOps<Vector256<T>, T>.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log<T>(Vector256<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => VectorOps<Vector256<T>, T>.Log(x);

    /// <summary>
    /// g[q] += Σ lanes of v_q for the first <paramref name="count"/> (1 to 4) of four vectors, each sum taken as
    /// (e₀ + e₁) + (e₂ + e₃) per group of four lanes (float: the two groups then added): with AVX, horizontal adds
    /// that reduce four vectors at once, where four separate sums would cost three times the instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSums<T>(ref T g, int count, Vector256<T> v0, Vector256<T> v1, Vector256<T> v2, Vector256<T> v3)
        where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(double) && Avx.IsSupported)
        {
            var h01 = Avx.HorizontalAdd(v0.AsDouble(), v1.AsDouble());
            var h23 = Avx.HorizontalAdd(v2.AsDouble(), v3.AsDouble());
            var sums = (Avx.Permute2x128(h01, h23, 0x20) + Avx.Permute2x128(h01, h23, 0x31)).As<double, T>();
            if (count == 4) (Vector256.LoadUnsafe(ref g) + sums).StoreUnsafe(ref g);
            else for (int q = 0; q < count; q++) Unsafe.Add(ref g, q) += sums.GetElement(q);
        }
        else if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            var h = Avx.HorizontalAdd(Avx.HorizontalAdd(v0.AsSingle(), v1.AsSingle()), Avx.HorizontalAdd(v2.AsSingle(), v3.AsSingle()));
            var sums = (h.GetLower() + h.GetUpper()).As<float, T>();
            if (count == 4) (Vector128.LoadUnsafe(ref g) + sums).StoreUnsafe(ref g);
            else for (int q = 0; q < count; q++) Unsafe.Add(ref g, q) += sums.GetElement(q);
        }
        else
        {
            Unsafe.Add(ref g, 0) += Sum(v0);
            if (count > 1) Unsafe.Add(ref g, 1) += Sum(v1);
            if (count > 2) Unsafe.Add(ref g, 2) += Sum(v2);
            if (count > 3) Unsafe.Add(ref g, 3) += Sum(v3);
        }

        static T Sum(Vector256<T> v)
        {
            T total = T.Zero;
            for (int i = 0; i < Vector256<T>.Count; i += 4)
                total += (v.GetElement(i) + v.GetElement(i + 1)) + (v.GetElement(i + 2) + v.GetElement(i + 3));
            return total;
        }
    }
}
