using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// The driver of every <see cref="IUpdateOperator{T}"/>: w[i], s0[i], s1[i], s2[i] ← op(w[i], g[i], s0[i], s1[i], s2[i])
/// in place, the tail as one zero-padded vector, then whole vectors (<see cref="PartialVector"/>), so an element's
/// result does not depend on its position. Compiled fully optimized from the first call: a short run never waits for
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
        // The tail goes first: a call after the loop would make the JIT spill the loop's vectors.
        int whole = n - n % lanes;
        if (whole < n) Tail(op, w.Slice(whole), g.Slice(whole), states > 0 ? s0.Slice(whole) : default, states > 1 ? s1.Slice(whole) : default, states > 2 ? s2.Slice(whole) : default);
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
    }

    /// <summary>The last 1 to lanes − 1 elements, out of line so the loop above keeps its registers.</summary>
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
