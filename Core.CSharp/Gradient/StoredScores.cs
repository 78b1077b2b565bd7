using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>Scores already in the scratch block (written by <see cref="Blocks.Scores{T}"/>).</summary>
internal readonly ref struct StoredScores<T>(ref T s) : IScoreSource<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly ref T _s = ref s;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pair(int i, out Vector256<T> z0, out Vector256<T> z1)
    {
        z0 = Vector256.LoadUnsafe(ref _s, (nuint)i);
        z1 = Vector256.LoadUnsafe(ref _s, (nuint)(i + Vector256<T>.Count));
    }

    public void StoreTail(int start, int count) { }
}
