namespace Descent.Core;

/// <summary>
/// A bit-for-bit reimplementation of numpy's legacy <c>numpy.random.RandomState(seed)</c> for integer seeds:
/// MT19937 seeded with <c>init_genrand</c>, 53-bit doubles, the polar Box–Muller <c>gauss</c> that caches its
/// second value, and Fisher–Yates shuffles driven by masked rejection sampling of bounded integers.
/// </summary>
/// <remarks>Not thread-safe: every run owns its own generator.</remarks>
public sealed class RandomState
{
    const int N = 624;
    const int M = 397;
    const uint MatrixA = 0x9908b0dfu;
    const uint UpperMask = 0x80000000u;
    const uint LowerMask = 0x7fffffffu;

    readonly uint[] _mt = new uint[N];
    int _pos;
    bool _hasGauss;
    double _gauss;

    /// <summary>Seeds like <c>RandomState(seed)</c>; numpy accepts 0..2^32-1.</summary>
    public RandomState(uint seed) => Seed(seed);

    /// <summary>Seeds like <c>RandomState(seed)</c>; throws for seeds numpy refuses (negative or ≥ 2^32).</summary>
    public RandomState(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seed must be between 0 and 2**32 - 1.");
        Seed((uint)seed);
    }

    /// <summary>numpy's <c>mt19937_seed</c> (Knuth's <c>init_genrand</c>); also drops a cached gauss.</summary>
    public void Seed(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++)
            _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _pos = N;
        _hasGauss = false;
        _gauss = 0.0;
    }

    /// <summary>The next raw 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_pos >= N) Generate();
        return Temper(_mt[_pos++]);
    }

    // Called once per 624 numbers: as Tier-0 code for most of a short run (a million-row split's permutation calls it
    // about 2,000 times during start-up, when the runtime postpones recompiling), so it is compiled optimized at once.
    // Eight words at a time where the recurrence allows it: word k reads words k, k + 1 and k + 397 (below 227, not
    // yet rewritten) or k − 227 (from 227 on, already rewritten), so a vector of eight new words from k reads only
    // words at least eight away from the ones it writes, in the state the one-word loop reads them in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Generate()
    {
        var mt = _mt;
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref uint m0 = ref MemoryMarshal.GetArrayDataReference(mt);
            for (; k + 8 <= N - M; k += 8) Twisted(ref m0, k, k + M).StoreUnsafe(ref m0, (nuint)k);
            for (; k < N - M; k++) mt[k] = Twisted(mt[k], mt[k + 1], mt[k + M]);
            for (; k + 8 <= N - 1; k += 8) Twisted(ref m0, k, k + (M - N)).StoreUnsafe(ref m0, (nuint)k);
        }
        for (; k < N - M; k++) mt[k] = Twisted(mt[k], mt[k + 1], mt[k + M]);
        for (; k < N - 1; k++) mt[k] = Twisted(mt[k], mt[k + 1], mt[k + (M - N)]);
        mt[N - 1] = Twisted(mt[N - 1], mt[0], mt[M - 1]);
        _pos = 0;
    }

    /// <summary>One word of the twist: word k from words k, k + 1 and the one M further on (cyclically).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint Twisted(uint word, uint next, uint far)
    {
        uint y = (word & UpperMask) | (next & LowerMask);
        return far ^ (y >> 1) ^ ((y & 1u) * MatrixA);
    }

    /// <summary>Twisted for the eight words from <paramref name="k"/> of the state at <paramref name="mt"/>, their far
    /// words from <paramref name="far"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<uint> Twisted(ref uint mt, int k, int far)
    {
        var w = Vector256.LoadUnsafe(ref mt, (nuint)k);
        var next = Vector256.LoadUnsafe(ref mt, (nuint)(k + 1));
        var f = Vector256.LoadUnsafe(ref mt, (nuint)far);
        var y = (w & Vector256.Create(UpperMask)) | (next & Vector256.Create(LowerMask));
        return f ^ (y >> 1) ^ ((y & Vector256<uint>.One) * Vector256.Create(MatrixA));
    }

    /// <summary><c>random_sample()</c>: a double in [0, 1) from two draws, <c>(a·2^26 + b) / 2^53</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32();
        return Sample53(a, NextUInt32());
    }

    /// <summary>random_sample's double from two consecutive 32-bit draws: their top 27 and 26 bits as (a·2^26 + b) / 2^53.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static double Sample53(uint first, uint second) => ((first >> 5) * 67108864.0 + (second >> 6)) / 9007199254740992.0;

    /// <summary><c>standard_normal()</c> / <c>randn()</c>: numpy's legacy polar method, caching the second value.</summary>
    public double NextGaussian()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            double cached = _gauss;
            _gauss = 0.0;
            return cached;
        }
        PolarPair(out double x1, out double x2, out double r2);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>
    /// The polar method's accepted pair: x1 = 2·random_sample() − 1, then x2, drawn again until 0 &lt; r2 = x1² + x2²
    /// &lt; 1. Inside a block of the state the four 32-bit draws are tempered straight from it (the same values
    /// NextUInt32 returns, without its per-draw block check), one draw at a time across a block's end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void PolarPair(out double x1, out double x2, out double r2)
    {
        do
        {
            int pos = _pos;
            if (pos <= N - 4)
            {
                ref uint mt = ref MemoryMarshal.GetArrayDataReference(_mt);
                _pos = pos + 4;
                x1 = 2.0 * Sample53(Temper(Unsafe.Add(ref mt, pos)), Temper(Unsafe.Add(ref mt, pos + 1))) - 1.0;
                x2 = 2.0 * Sample53(Temper(Unsafe.Add(ref mt, pos + 2)), Temper(Unsafe.Add(ref mt, pos + 3))) - 1.0;
            }
            else
            {
                x1 = 2.0 * NextDouble() - 1.0;
                x2 = 2.0 * NextDouble() - 1.0;
            }
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
    }

    /// <summary>MT19937's tempering of a state word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint Temper(uint y)
    {
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>uniform(low, high)</c>: <c>low + (high - low) · random_sample()</c>.</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary><c>normal(loc, scale)</c>: <c>loc + scale · gauss()</c>.</summary>
    public double Normal(double loc, double scale) => loc + scale * NextGaussian();

    /// <summary>Fills <paramref name="destination"/> like <c>random_sample(size)</c>.</summary>
    public void FillRandomSample(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = NextDouble();
    }

    /// <summary>Fills <paramref name="destination"/> like <c>randn(size)</c>: NextGaussian's values, a pair at a time
    /// (f·x2, then the f·x1 it would cache).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillStandardNormal(Span<double> destination)
    {
        int i = 0;
        if (destination.Length > 0 && _hasGauss) destination[i++] = NextGaussian();
        for (; i + 1 < destination.Length; i += 2)
        {
            PolarPair(out double x1, out double x2, out double r2);
            double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
            destination[i] = f * x2;
            destination[i + 1] = f * x1;
        }
        if (i < destination.Length) destination[i] = NextGaussian();
    }

    /// <summary>Fills <paramref name="destination"/> like <c>uniform(low, high, size)</c>.</summary>
    public void FillUniform(Span<double> destination, double low, double high)
    {
        double range = high - low;
        for (int i = 0; i < destination.Length; i++) destination[i] = low + range * NextDouble();
    }

    /// <summary>Fills <paramref name="destination"/> like <c>normal(loc, scale, size)</c>.</summary>
    public void FillNormal(Span<double> destination, double loc, double scale)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = loc + scale * NextGaussian();
    }

    /// <summary>
    /// numpy's <c>random_interval(max)</c>: a uniform integer in [0, max] by masked rejection sampling
    /// (32-bit draws while <paramref name="max"/> fits in 32 bits, 64-bit draws beyond).
    /// </summary>
    public ulong RandomInterval(ulong max)
    {
        if (max == 0) return 0;
        ulong mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if (max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > max) { }
        }
        else
        {
            while ((value = (((ulong)NextUInt32() << 32) | NextUInt32()) & mask) > max) { }
        }
        return value;
    }

    /// <summary><c>shuffle(x)</c> for a 1-d array: Fisher–Yates from the end, <c>j = random_interval(i)</c>.</summary>
    // One long loop, called once: without the attribute it starts as Tier-0 code and moves to on-stack-replacement code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i >= 1; i--)
        {
            int j = (int)RandomInterval((ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary><c>permutation(n)</c> written into <paramref name="destination"/> (n = its length).</summary>
    public void Permutation(Span<int> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = i;
        Shuffle(destination);
    }

    /// <summary><c>permutation(n)</c> as a new array.</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new int[n];
        Permutation(result);
        return result;
    }
}
