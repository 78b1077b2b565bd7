namespace Descent.Core;

/// <summary>
/// Plain gradient descent (torch <c>SGD</c> without momentum): <c>w ← w + (−α)·g</c>, the lesson's
/// <c>W += -alpha * gradient</c>. No state.
/// </summary>
public readonly struct PlainStep<T>(T rate) : IUpdateOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Vector256<T> _step = Vector256.Create(-rate);

    public static int States => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> s0, ref Vector256<T> s1, ref Vector256<T> s2)
        => w + _step * g;
}
