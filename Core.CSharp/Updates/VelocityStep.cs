namespace Descent.Core;

/// <summary>
/// SGD with momentum as torch <c>SGD(momentum=μ)</c> computes it: the buffer <c>v ← μ·v + g</c>, then heavy-ball
/// <c>w ← w + (−α)·v</c> or, with <typeparamref name="TNesterov"/> on, Nesterov's look-ahead <c>w ← w + (−α)·(g + μ·v)</c>
/// with v already updated. State: s0 = v. The rate multiplies the buffer at each step rather than being folded into
/// it (Keras's <c>v ← μ·v − α·g; w ← w + v</c>), so a rate that changes between steps (warm-up, schedules) gives torch's
/// path; under a constant rate both forms trace the same one.
/// </summary>
public readonly struct VelocityStep<T, TNesterov>(T rate, T momentum) : IUpdateOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNesterov : struct, IFlag
{
    readonly Vector256<T> _step = Vector256.Create(-rate), _momentum = Vector256.Create(momentum);

    public static int States => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> v, ref Vector256<T> s1, ref Vector256<T> s2)
    {
        v = v * _momentum + g;
        return TNesterov.On ? w + _step * (g + _momentum * v) : w + _step * v;
    }
}
