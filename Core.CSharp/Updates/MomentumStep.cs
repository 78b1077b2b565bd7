namespace Descent.Core;

/// <summary>
/// Heavy-ball momentum in velocity form (Keras, CS231n): <c>v ← μ·v − α·g;  w ← w + v</c>. State: s0 = v.
/// With a constant α this traces torch <c>SGD(momentum=μ)</c>'s path.
/// </summary>
public readonly struct MomentumStep<T>(T rate, T momentum) : IUpdateOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Vector256<T> _rate = Vector256.Create(rate), _momentum = Vector256.Create(momentum);

    public static int States => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> v, ref Vector256<T> s1, ref Vector256<T> s2)
    {
        v = _momentum * v - _rate * g;
        return w + v;
    }
}
