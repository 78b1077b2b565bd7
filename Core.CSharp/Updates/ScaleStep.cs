namespace Descent.Core;

/// <summary><c>w ← w·c</c>: AdamW's decoupled decay (c = 1 − α·λ) and gradient clipping's scale.</summary>
public readonly struct ScaleStep<T>(T factor) : IUpdateOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly Vector256<T> _factor = Vector256.Create(factor);

    public static int States => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> s0, ref Vector256<T> s1, ref Vector256<T> s2) => w * _factor;
}
