namespace Descent.Core;

/// <summary>
/// The perceptron criterion on a signed weighted target t = c·(±1) (<see cref="LossKind"/>): with m = s·z,
/// loss = c·max(0, −m), d = −t where m &lt; 0, else 0.
/// </summary>
public readonly struct PerceptronLoss<T> : IMarginLossOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(ref Vector256<T> z, Vector256<T> t)
    {
        var m = Margin.Of(z, t);
        var active = Vector256.LessThan(m, Vector256<T>.Zero);
        z = -t & active;
        return Vector256.Abs(t) * (-m & active);
    }
}
