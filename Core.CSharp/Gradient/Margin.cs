namespace Descent.Core;

/// <summary>
/// The parts of a signed weighted target t = c·(±1) the margin losses share: c = |t|, the sign s = ±1 and the margin
/// s·z (padding lanes have t = 0, so c = 0 and their loss and derivative vanish).
/// </summary>
internal static class Margin
{
    /// <summary>s·z, with s = +1 where t &gt; 0 and −1 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Of<T>(Vector256<T> z, Vector256<T> t)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(t, Vector256<T>.Zero), z, -z);
}
