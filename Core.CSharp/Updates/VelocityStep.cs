namespace Descent.Core;

/// <summary>
/// SGD with momentum in velocity form (Keras, CS231n): <c>v ← μ·v − α·g</c>, then heavy-ball
/// <c>w ← w + v</c> or, with <typeparamref name="TNesterov"/> on, Nesterov's look-ahead <c>w ← w + (μ·v − α·g)</c>.
/// State: s0 = v. With a constant α these trace torch <c>SGD(momentum=μ)</c>'s and
/// <c>SGD(momentum=μ, nesterov=True)</c>'s paths.
/// </summary>
public readonly struct VelocityStep<T, TNesterov>(T rate, T momentum) : IUpdateOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNesterov : struct, IFlag
{
    readonly Vector256<T> _rate = Vector256.Create(rate), _momentum = Vector256.Create(momentum);

    public static int States => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> v, ref Vector256<T> s1, ref Vector256<T> s2)
    {
        var step = _rate * g;
        v = _momentum * v - step;
        return TNesterov.On ? w + (_momentum * v - step) : w + v;
    }
}
