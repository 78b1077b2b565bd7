namespace Descent.Core;

public static partial class FusedGradient
{
    /// <summary>Whole vectors of rows up to which a batch takes the register path (32 doubles, 64 floats).</summary>
    internal const int ShortBatchVectors = 8;

    /// <summary>
    /// A mini-batch of <typeparamref name="TVectors"/> whole vectors of rows (SGD's batches of 32): the scores of every
    /// row stay in registers while the columns go by, and the derivatives stay there while they go by again, so a
    /// batch costs a pass of loads over its columns for the scores and one for the gradient, with no calls between
    /// columns. The arithmetic is that of the blocked layout for a single block (column-order fused multiply-adds, the
    /// same loss loop, even and odd accumulators for the gradient); for an even number of vectors so is its order,
    /// and the two agree bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double ShortBatch<TLoss, TVectors, T>(ref T x0, int stride, int d, ref T y, ReadOnlySpan<T> w, Span<T> g, ref T scratch, int ahead)
        where TLoss : ILossOperator<T>
        where TVectors : struct, ICount
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int v = TVectors.Count, lanes = Vector256<T>.Count;
        Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int j = 0; j < d; j++)
        {
            ref T c = ref Unsafe.Add(ref x0, j * stride);
            if (ahead > 0) Blocks.PrefetchLines(ref c, ahead, (v + 1) / 2); // a vector is half a 64-byte line
            var wj = Vector256.Create(w[j]);
            s0 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c), wj, s0);
            if (v > 1) s1 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)lanes), wj, s1);
            if (v > 2) s2 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(2 * lanes)), wj, s2);
            if (v > 3) s3 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(3 * lanes)), wj, s3);
            if (v > 4) s4 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(4 * lanes)), wj, s4);
            if (v > 5) s5 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(5 * lanes)), wj, s5);
            if (v > 6) s6 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(6 * lanes)), wj, s6);
            if (v > 7) s7 = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(7 * lanes)), wj, s7);
        }
        // The loss goes through the blocked layout's loop (whose code keeps its constants out of the registers these
        // vectors need), by way of the scratch block in L1.
        Store(s0, ref scratch, 0);
        if (v > 1) Store(s1, ref scratch, 1);
        if (v > 2) Store(s2, ref scratch, 2);
        if (v > 3) Store(s3, ref scratch, 3);
        if (v > 4) Store(s4, ref scratch, 4);
        if (v > 5) Store(s5, ref scratch, 5);
        if (v > 6) Store(s6, ref scratch, 6);
        if (v > 7) Store(s7, ref scratch, 7);
        double loss = LossAndDerivative<TLoss, Stored, T>(ref scratch, 0, default, ref y, ref scratch, v * lanes);
        // The derivatives come back into registers for the gradient pass, mirroring the stores above: letting Dot read
        // them from the scratch instead was 5 % slower (sgd 4000x33: 30.0-31.3 against 28.4-29.7 us per epoch).
        s0 = Load(ref scratch, 0);
        if (v > 1) s1 = Load(ref scratch, 1);
        if (v > 2) s2 = Load(ref scratch, 2);
        if (v > 3) s3 = Load(ref scratch, 3);
        if (v > 4) s4 = Load(ref scratch, 4);
        if (v > 5) s5 = Load(ref scratch, 5);
        if (v > 6) s6 = Load(ref scratch, 6);
        if (v > 7) s7 = Load(ref scratch, 7);
        ref T gr = ref MemoryMarshal.GetReference(g);
        for (int j = 0; j < d; j += 4)
        {
            int count = Math.Min(4, d - j);
            ref T c = ref Unsafe.Add(ref x0, j * stride);
            var t0 = Dot(ref c, s0, s1, s2, s3, s4, s5, s6, s7);
            var t1 = count > 1 ? Dot(ref Unsafe.Add(ref c, stride), s0, s1, s2, s3, s4, s5, s6, s7) : default;
            var t2 = count > 2 ? Dot(ref Unsafe.Add(ref c, 2 * stride), s0, s1, s2, s3, s4, s5, s6, s7) : default;
            var t3 = count > 3 ? Dot(ref Unsafe.Add(ref c, 3 * stride), s0, s1, s2, s3, s4, s5, s6, s7) : default;
            VectorMath.AddSums(ref Unsafe.Add(ref gr, j), count, t0, t1, t2, t3);
        }
        return loss;

        // x·d for one column's vectors: even vectors into one accumulator, odd into another, then the two added.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> Dot(ref T c, Vector256<T> s0, Vector256<T> s1, Vector256<T> s2, Vector256<T> s3,
            Vector256<T> s4, Vector256<T> s5, Vector256<T> s6, Vector256<T> s7)
        {
            int v = TVectors.Count, lanes = Vector256<T>.Count;
            var a = Vector256.LoadUnsafe(ref c) * s0;
            var b = v > 1 ? Vector256.LoadUnsafe(ref c, (nuint)lanes) * s1 : Vector256<T>.Zero;
            if (v > 2) a = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(2 * lanes)), s2, a);
            if (v > 3) b = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(3 * lanes)), s3, b);
            if (v > 4) a = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(4 * lanes)), s4, a);
            if (v > 5) b = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(5 * lanes)), s5, b);
            if (v > 6) a = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(6 * lanes)), s6, a);
            if (v > 7) b = VectorMath.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(7 * lanes)), s7, b);
            return a + b;
        }

        static void Store(Vector256<T> value, ref T at, int vector) => value.StoreUnsafe(ref at, (nuint)(vector * Vector256<T>.Count));
        static Vector256<T> Load(ref T at, int vector) => Vector256.LoadUnsafe(ref at, (nuint)(vector * Vector256<T>.Count));
    }
}
