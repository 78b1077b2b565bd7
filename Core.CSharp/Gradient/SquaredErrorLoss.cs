namespace Descent.Core;

/// <summary>
/// Squared error, as in the lesson: p = σ(z) (the library's one σ, <see cref="SigmoidOperator{T}"/>), e = p − y,
/// loss = e², d = e · p · (1 − p). (The exact derivative of e² is 2·e·p·(1 − p); the lesson drops the 2, and so do
/// we, to match its numbers.)
/// </summary>
public readonly struct SquaredErrorLoss<T> : ISigmoidLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> p, Vector256<T> y)
    {
        var e = p - y;
        z = e * p * (Vector256<T>.One - p);
        return e * e;
    }
}
