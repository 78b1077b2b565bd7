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
        uint y = _mt[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    // Called once per 624 numbers: as Tier-0 code for most of a short run (a million-row split's permutation calls it
    // about 2,000 times during start-up, when the runtime postpones recompiling), so it is compiled optimized at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Generate()
    {
        var mt = _mt;
        int k;
        for (k = 0; k < N - M; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + M] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
        }
        for (; k < N - 1; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + (M - N)] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
        }
        uint last = (mt[N - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[N - 1] = mt[M - 1] ^ (last >> 1) ^ ((last & 1u) * MatrixA);
        _pos = 0;
    }

    /// <summary><c>random_sample()</c>: a double in [0, 1) from two draws, <c>(a·2^26 + b) / 2^53</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

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
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>
    /// Moves the generator on as <paramref name="count"/> calls of <see cref="NextGaussian"/> would, without the
    /// logarithm and square root of the values not kept: the same draws and rejections, so that afterwards it is in
    /// the state those calls leave (the cached second value included). A copy (<see cref="Clone"/>) can so be placed
    /// at any point of a long stream of normals, for another thread to draw that part of it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SkipGaussians(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > 0 && _hasGauss)
        {
            _hasGauss = false;
            _gauss = 0.0;
            count--;
        }
        for (long pair = count / 2; pair > 0; pair--)
        {
            double x1, x2, r2;
            do
            {
                x1 = 2.0 * NextDouble() - 1.0;
                x2 = 2.0 * NextDouble() - 1.0;
                r2 = x1 * x1 + x2 * x2;
            } while (r2 >= 1.0 || r2 == 0.0);
        }
        if (count % 2 == 1) NextGaussian();
    }

    /// <summary>A generator in this one's state: the same stream from here on, drawn independently.</summary>
    public RandomState Clone()
    {
        var copy = new RandomState(0u);
        _mt.CopyTo(copy._mt, 0);
        copy._pos = _pos;
        copy._hasGauss = _hasGauss;
        copy._gauss = _gauss;
        return copy;
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

    /// <summary>Fills <paramref name="destination"/> like <c>randn(size)</c>.</summary>
    public void FillStandardNormal(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = NextGaussian();
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
