namespace Descent.Core;

/// <summary>
/// The driver of every <see cref="IUpdateOperator{T}"/>: w[i], s0[i], s1[i], s2[i] ← op(w[i], g[i], s0[i], s1[i], s2[i])
/// in place, whole vectors; a span shorter than a vector as one zero-padded vector (<see cref="PartialVector"/>), and
/// the tail of a longer one as its last whole vector, overlapping (as in TensorPrimitives): either way every element
/// goes through the same vector code, so its result does not depend on its position. Compiled fully optimized from the first call: a short run never waits for
/// tiered JIT.
/// </summary>
public static class Update
{
    /// <summary>Runs <paramref name="op"/> over the weights; state spans the rule does not use may be empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOp, T>(in TOp op, Span<T> w, ReadOnlySpan<T> g, Span<T> s0, Span<T> s1, Span<T> s2)
        where TOp : struct, IUpdateOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = w.Length, states = TOp.States, lanes = Vector256<T>.Count, i = 0;
        CheckLength(n, g.Length, nameof(g));
        if (states > 0) CheckLength(n, s0.Length, nameof(s0));
        if (states > 1) CheckLength(n, s1.Length, nameof(s1));
        if (states > 2) CheckLength(n, s2.Length, nameof(s2));
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T gr = ref MemoryMarshal.GetReference(g);
        ref T ar = ref MemoryMarshal.GetReference(s0);
        ref T br = ref MemoryMarshal.GetReference(s1);
        ref T cr = ref MemoryMarshal.GetReference(s2);
        int whole = n - n % lanes;
        if (whole < n && n < lanes)
        {
            Tail(op, w, g, s0, s1, s2);
            return;
        }
        // With a tail and at least one whole vector, the tail is the last whole vector, overlapping the loop's last:
        // computed from the original values before the loop and stored after it, it writes the overlapped elements
        // the same bits the loop wrote (the same operator on the same inputs). No padding, no call: the padded tail's
        // call had cost SGD's small updates (33 weights) about 3 % of an epoch.
        int last = n - lanes;
        Vector256<T> tw = default, ta = default, tb = default, tc = default;
        if (whole < n)
        {
            if (states > 0) ta = Vector256.LoadUnsafe(ref ar, (nuint)last);
            if (states > 1) tb = Vector256.LoadUnsafe(ref br, (nuint)last);
            if (states > 2) tc = Vector256.LoadUnsafe(ref cr, (nuint)last);
            tw = op.Invoke(Vector256.LoadUnsafe(ref wr, (nuint)last), Vector256.LoadUnsafe(ref gr, (nuint)last), ref ta, ref tb, ref tc);
        }
        Vector256<T> a = default, b = default, c = default;
        for (; i < whole; i += lanes)
        {
            if (states > 0) a = Vector256.LoadUnsafe(ref ar, (nuint)i);
            if (states > 1) b = Vector256.LoadUnsafe(ref br, (nuint)i);
            if (states > 2) c = Vector256.LoadUnsafe(ref cr, (nuint)i);
            op.Invoke(Vector256.LoadUnsafe(ref wr, (nuint)i), Vector256.LoadUnsafe(ref gr, (nuint)i), ref a, ref b, ref c)
                .StoreUnsafe(ref wr, (nuint)i);
            if (states > 0) a.StoreUnsafe(ref ar, (nuint)i);
            if (states > 1) b.StoreUnsafe(ref br, (nuint)i);
            if (states > 2) c.StoreUnsafe(ref cr, (nuint)i);
        }
        if (whole < n)
        {
            tw.StoreUnsafe(ref wr, (nuint)last);
            if (states > 0) ta.StoreUnsafe(ref ar, (nuint)last);
            if (states > 1) tb.StoreUnsafe(ref br, (nuint)last);
            if (states > 2) tc.StoreUnsafe(ref cr, (nuint)last);
        }
    }

    /// <summary>A span shorter than one vector: one zero-padded vector, out of line so the loop's code stays small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static void Tail<TOp, T>(in TOp op, Span<T> w, ReadOnlySpan<T> g, Span<T> s0, Span<T> s1, Span<T> s2)
        where TOp : struct, IUpdateOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int states = TOp.States;
        Vector256<T> a = states > 0 ? PartialVector.Load((ReadOnlySpan<T>)s0) : default;
        Vector256<T> b = states > 1 ? PartialVector.Load((ReadOnlySpan<T>)s1) : default;
        Vector256<T> c = states > 2 ? PartialVector.Load((ReadOnlySpan<T>)s2) : default;
        PartialVector.Store(op.Invoke(PartialVector.Load((ReadOnlySpan<T>)w), PartialVector.Load(g), ref a, ref b, ref c), w);
        if (states > 0) PartialVector.Store(a, s0);
        if (states > 1) PartialVector.Store(b, s1);
        if (states > 2) PartialVector.Store(c, s2);
    }

    static void CheckLength(int expected, int actual, string name)
    {
        if (expected != actual) throw new ArgumentException($"Length {actual} does not match the weights' {expected}.", name);
    }
}
