namespace Descent.Core;

/// <summary>
/// The formula of a loss on p = σ(z) and a 0/1 target y, one vector at a time; <see cref="SigmoidLoss{TLoss, T}"/>
/// computes σ of the two vectors of an <see cref="ILossOperator{T}"/> step together (their exponentials interleave,
/// see <see cref="ClampedExp"/>) and then applies it to each.
/// </summary>
public interface ISigmoidLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The per-lane loss of scores <paramref name="z"/> with p = σ(z); z is replaced by the derivative d.</summary>
    static abstract Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> p, Vector256<T> y);
}
