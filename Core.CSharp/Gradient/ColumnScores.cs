using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Descent.Core;

/// <summary>
/// Scores computed from <typeparamref name="TCols"/> (1 to 4) columns as the loss needs them, saving the pass that
/// stores and reloads them: the same operations in the same order as <see cref="Blocks.Scores{T}"/>
/// (<see cref="Blocks.ScorePair"/>), so the same results. The columns are in cache or streamed; narrow data need
/// no prefetch.
/// </summary>
internal readonly ref struct ColumnScores<TCols, T> : IScoreSource<T>
    where TCols : struct, ICount
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly ref T _c0, _c1, _c2, _c3, _s;
    readonly int _stride;
    readonly ReadOnlySpan<T> _w;
    readonly Vector256<T> _w0, _w1, _w2, _w3;

    /// <summary>Columns from <paramref name="c0"/>, <paramref name="stride"/> apart; their scores' tail goes to <paramref name="s"/>.</summary>
    public ColumnScores(ref T c0, int stride, ReadOnlySpan<T> w, ref T s)
    {
        int c = TCols.Count;
        _c0 = ref c0;
        _c1 = ref Unsafe.Add(ref c0, c > 1 ? stride : 0);
        _c2 = ref Unsafe.Add(ref c0, c > 2 ? 2 * stride : 0);
        _c3 = ref Unsafe.Add(ref c0, c > 3 ? 3 * stride : 0);
        _s = ref s;
        _stride = stride;
        _w = w;
        _w0 = Vector256.Create(w[0]);
        _w1 = c > 1 ? Vector256.Create(w[1]) : default;
        _w2 = c > 2 ? Vector256.Create(w[2]) : default;
        _w3 = c > 3 ? Vector256.Create(w[3]) : default;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pair(int i, out Vector256<T> z0, out Vector256<T> z1)
    {
        z0 = default;
        z1 = default;
        Blocks.ScorePair<TCols, T>(ref _c0, ref _c1, ref _c2, ref _c3, _w0, _w1, _w2, _w3, i, true, ref z0, ref z1);
    }

    public void StoreTail(int start, int count)
        => Blocks.Scores(ref Unsafe.Add(ref _c0, start), _stride, TCols.Count, _w, ref Unsafe.Add(ref _s, start), count, 0);
}
