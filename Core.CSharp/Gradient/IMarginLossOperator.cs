namespace Descent.Core;

/// <summary>
/// The formula of a margin loss on a signed weighted target t = c·(±1) (<see cref="LossKind"/>, <see cref="Margin"/>),
/// one vector at a time: it needs no exponential, so nothing is gained by pairing vectors, and
/// <see cref="MarginLoss{TMargin, T}"/> applies it to both vectors of an <see cref="ILossOperator{T}"/> step.
/// </summary>
public interface IMarginLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The per-lane loss of scores <paramref name="z"/>, which are replaced by the derivative d.</summary>
    static abstract Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> t);
}
