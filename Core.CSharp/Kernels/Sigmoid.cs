namespace Descent.Core;

/// <summary>
/// The logistic sigmoid σ(z) = 1 / (1 + e^−z) over a span or for one value: <see cref="SigmoidOperator{T}"/>, the
/// same σ the fused losses train with, so prediction's probabilities are training's bit for bit.
/// </summary>
public static class Sigmoid
{
    /// <summary>σ(z) for one value, through the span form's vector code.</summary>
    public static T Of<T>(T z) where T : unmanaged, IBinaryFloatingPointIeee754<T> => SigmoidOperator<T>.Invoke(z);

    /// <summary>Writes σ(z[i]) to <paramref name="destination"/>[i]; in place is allowed.</summary>
    public static void Apply<T>(ReadOnlySpan<T> z, Span<T> destination) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Unary.Apply<SigmoidOperator<T>, T>(z, destination);
}
