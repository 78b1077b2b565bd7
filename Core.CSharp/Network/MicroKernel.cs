namespace Descent.Core;

/// <summary>
/// The register-blocked heart of the product: an 8 × 2-vector tile of C (16 accumulators, 16 fused multiply-adds per
/// k) from a packed panel of A (8 values per k, each broadcast) and one of B (two vectors per k). Written once for both
/// element types and both widths (<see cref="VectorOps{TV, T}"/>: 512-bit where the processor runs it, else 256-bit).
/// Every element of C is one chain of FMAs in k order starting from zero, whatever the tile's position, so a result
/// does not depend on how C was cut into tiles or threads.
/// </summary>
internal static unsafe class MicroKernel
{
    /// <summary>Rows of a tile (of an A panel).</summary>
    public const int Rows = 8;

    /// <summary>Columns of a tile (of a B panel): two vectors.</summary>
    public static int Columns<TV, T>() where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T> => 2 * VectorOps<TV, T>.Lanes;

    /// <summary>
    /// The 8 × 2-vector tile Σ_k a[k]·b[k] over <paramref name="kc"/> steps written to <paramref name="c"/> (rows
    /// <paramref name="ldc"/> apart): stored as is when <paramref name="overwrite"/>, else added to what is there.
    /// A's 8 values of one k lie side by side, <paramref name="aStep"/> elements after the previous k's; B's two
    /// vectors likewise, <paramref name="bStep"/> apart — a packed panel's widths, or a row-major operand's row stride
    /// when a small product reads it in place.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile<TV, T>(int kc, T* a, nint aStep, T* b, nint bStep, T* c, nint ldc, bool overwrite)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = VectorOps<TV, T>.Lanes;
        TV c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        TV c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Unsafe.ReadUnaligned<TV>(b);
            var b1 = Unsafe.ReadUnaligned<TV>(b + lanes);
            var x = VectorOps<TV, T>.Create(a[0]);
            c00 = VectorOps<TV, T>.FusedMultiplyAdd(x, b0, c00); c01 = VectorOps<TV, T>.FusedMultiplyAdd(x, b1, c01);
            x = VectorOps<TV, T>.Create(a[1]);
            c10 = VectorOps<TV, T>.FusedMultiplyAdd(x, b0, c10); c11 = VectorOps<TV, T>.FusedMultiplyAdd(x, b1, c11);
            x = VectorOps<TV, T>.Create(a[2]);
            c20 = VectorOps<TV, T>.FusedMultiplyAdd(x, b0, c20); c21 = VectorOps<TV, T>.FusedMultiplyAdd(x, b1, c21);
            x = VectorOps<TV, T>.Create(a[3]);
            c30 = VectorOps<TV, T>.FusedMultiplyAdd(x, b0, c30); c31 = VectorOps<TV, T>.FusedMultiplyAdd(x, b1, c31);
            x = VectorOps<TV, T>.Create(a[4]);
            c40 = VectorOps<TV, T>.FusedMultiplyAdd(x, b0, c40); c41 = VectorOps<TV, T>.FusedMultiplyAdd(x, b1, c41);
            x = VectorOps<TV, T>.Create(a[5]);
            c50 = VectorOps<TV, T>.FusedMultiplyAdd(x, b0, c50); c51 = VectorOps<TV, T>.FusedMultiplyAdd(x, b1, c51);
            x = VectorOps<TV, T>.Create(a[6]);
            c60 = VectorOps<TV, T>.FusedMultiplyAdd(x, b0, c60); c61 = VectorOps<TV, T>.FusedMultiplyAdd(x, b1, c61);
            x = VectorOps<TV, T>.Create(a[7]);
            c70 = VectorOps<TV, T>.FusedMultiplyAdd(x, b0, c70); c71 = VectorOps<TV, T>.FusedMultiplyAdd(x, b1, c71);
            a += aStep;
            b += bStep;
        }
        Store(c00, c01, c, lanes, overwrite);
        Store(c10, c11, c + ldc, lanes, overwrite);
        Store(c20, c21, c + 2 * ldc, lanes, overwrite);
        Store(c30, c31, c + 3 * ldc, lanes, overwrite);
        Store(c40, c41, c + 4 * ldc, lanes, overwrite);
        Store(c50, c51, c + 5 * ldc, lanes, overwrite);
        Store(c60, c61, c + 6 * ldc, lanes, overwrite);
        Store(c70, c71, c + 7 * ldc, lanes, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store<TV, T>(TV v0, TV v1, T* c, int lanes, bool overwrite)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!overwrite)
        {
            v0 = VectorOps<TV, T>.Add(Unsafe.ReadUnaligned<TV>(c), v0);
            v1 = VectorOps<TV, T>.Add(Unsafe.ReadUnaligned<TV>(c + lanes), v1);
        }
        Unsafe.WriteUnaligned(c, v0);
        Unsafe.WriteUnaligned(c + lanes, v1);
    }
}
