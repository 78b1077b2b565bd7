namespace Descent.Core;

/// <summary>
/// The drivers of every <see cref="IActivationOperator{T}"/>: <see cref="Forward{TAct, T}"/> a = f(z) (the
/// <see cref="Unary"/> driver), and <see cref="Backward{TAct, T}"/> δ ← δ · f′ from the outputs a, whole vectors, a
/// span shorter than a vector as one zero-padded vector and the tail of a longer one as its last whole vector computed
/// before the loop (as <see cref="Unary"/>), so every element goes through the same vector code.
/// </summary>
public static class Activation
{
    /// <summary>destination[i] = f(z[i]); in place is allowed.</summary>
    public static void Forward<TAct, T>(ReadOnlySpan<T> z, Span<T> destination)
        where TAct : IActivationOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary.Apply<TAct, T>(z, destination);

    /// <summary>delta[i] ← delta[i] · f′ where f′ is written from a[i] = f(z[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TAct, T>(ReadOnlySpan<T> a, Span<T> delta)
        where TAct : IActivationOperator<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (a.Length != delta.Length)
            throw new ArgumentException($"{a.Length} activations for {delta.Length} derivatives.", nameof(delta));
        int lanes = Vector256<T>.Count, n = a.Length, whole = n - n % lanes;
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T dr = ref MemoryMarshal.GetReference(delta);
        if (n < lanes)
        {
            if (n > 0) PartialVector.Store(PartialVector.Load((ReadOnlySpan<T>)delta) * TAct.Derivative(PartialVector.Load(a)), delta);
            return;
        }
        var last = Vector256.LoadUnsafe(ref dr, (nuint)(n - lanes)) * TAct.Derivative(Vector256.LoadUnsafe(ref ar, (nuint)(n - lanes)));
        for (int i = 0; i < whole; i += lanes)
            (Vector256.LoadUnsafe(ref dr, (nuint)i) * TAct.Derivative(Vector256.LoadUnsafe(ref ar, (nuint)i))).StoreUnsafe(ref dr, (nuint)i);
        last.StoreUnsafe(ref dr, (nuint)(n - lanes));
    }

    /// <summary><see cref="Forward{TAct, T}"/> for <paramref name="kind"/>.</summary>
    public static void Forward<T>(ActivationKind kind, ReadOnlySpan<T> z, Span<T> destination) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case ActivationKind.Relu: Forward<ReluOperator<T>, T>(z, destination); break;
            case ActivationKind.Tanh: Forward<TanhOperator<T>, T>(z, destination); break;
            case ActivationKind.Sigmoid: Forward<SigmoidActivation<T>, T>(z, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }
    }

    /// <summary><see cref="Backward{TAct, T}"/> for <paramref name="kind"/>.</summary>
    public static void Backward<T>(ActivationKind kind, ReadOnlySpan<T> a, Span<T> delta) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case ActivationKind.Relu: Backward<ReluOperator<T>, T>(a, delta); break;
            case ActivationKind.Tanh: Backward<TanhOperator<T>, T>(a, delta); break;
            case ActivationKind.Sigmoid: Backward<SigmoidActivation<T>, T>(a, delta); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }
    }
}
