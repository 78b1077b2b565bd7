namespace Descent.Core;

/// <summary>
/// Binary cross-entropy from the score, with no log(0): p = σ(z) (the library's one σ, <see cref="SigmoidOperator{T}"/>),
/// loss = max(z, 0) − y·z + log(1 + e^−|z|), where log(1 + e^−|z|) = −log(max(p, 1 − p)) (for z ≥ 0 it is −log p,
/// for z &lt; 0 −log(1 − p)), so one exponential serves both; d = p − y.
/// </summary>
public readonly struct LogLoss<T> : ISigmoidLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> p, Vector256<T> y)
    {
        var loss = Vector256.Max(z, Vector256<T>.Zero) - y * z - VectorMath.Log(Vector256.Max(p, Vector256<T>.One - p));
        z = p - y;
        return loss;
    }
}
