using System.Runtime.CompilerServices;

namespace Dse.Randomness;

/// <summary>
/// Dse's pseudo-random generator: xoshiro256** seeded through SplitMix64. Stable by construction
/// (the algorithm is fixed here, unlike <see cref="System.Random"/>'s default), so a seed gives the
/// same stream on every .NET version and platform; no allocation per draw.
/// </summary>
/// <remarks>
/// Source: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
/// 47(4), 2021 (xoshiro256**, reference C code at prng.di.unimi.it); SplitMix64 from G. Steele,
/// D. Lea and C. Flood, OOPSLA 2014, used to expand a 64-bit seed into the 256-bit state.
/// Not thread-safe: give every thread, trial or row its own instance, seeded with
/// <see cref="DeriveSeed(ulong, string)"/> from the sweep seed and a stable key.
/// Gaussians use the Marsaglia polar method, which calls <see cref="Math.Log(double)"/> and
/// <see cref="Math.Sqrt(double)"/>; these are the platform's libm (identical on x64 Linux runners).
/// </remarks>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates a generator whose state is the first four SplitMix64 outputs after <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit value (0 included).</param>
    public Rng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 uniformly distributed bits (one xoshiro256** step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in <c>[0, 1)</c> with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in <c>[0, n)</c>, without modulo bias (Lemire's multiply-and-reject).</summary>
    /// <param name="n">Exclusive upper bound. Range: <c>n >= 1</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="n"/> &lt; 1.</exception>
    /// <remarks>Source: D. Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019.</remarks>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var range = (ulong)n;
        var product = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0UL - range) % range;
            while (low < threshold) product = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)product;
    }

    /// <summary>A standard normal draw, N(0, 1), by the Marsaglia polar method (pairs; the second is cached).</summary>
    /// <remarks>Source: G. Marsaglia and T. A. Bray, "A convenient method for generating normal variables", SIAM Review 6(3), 1964.</remarks>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        var factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Fills <paramref name="destination"/> with independent N(mean, std^2) draws, in index order.</summary>
    /// <param name="destination">Values to overwrite.</param>
    /// <param name="mean">Mean of every draw.</param>
    /// <param name="std">Standard deviation of every draw. Range: <c>std >= 0</c>.</param>
    public void FillGaussian(Span<float> destination, double mean, double std)
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = (float)(mean + std * NextGaussian());
    }

    /// <summary>
    /// A seed for one independent stream, derived stably from a parent seed and a string key
    /// (for example a design point's key, <c>"query/3/7"</c> or <c>"trial/12"</c>).
    /// </summary>
    /// <param name="sweepSeed">The parent seed.</param>
    /// <param name="key">Any string; hashed as its UTF-16 code units with FNV-1a 64 (never <see cref="string.GetHashCode()"/>, which is randomised per process).</param>
    /// <returns>SplitMix64's finaliser applied to <c>sweepSeed</c> mixed with the key's hash: different keys or seeds give unrelated streams.</returns>
    /// <remarks>Source: FNV-1a from G. Fowler, L. C. Noll and K.-P. Vo (offset basis 14695981039346656037, prime 1099511628211).</remarks>
    public static ulong DeriveSeed(ulong sweepSeed, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        var x = Mix(sweepSeed) ^ hash;
        return Mix(x + 0x9E3779B97F4A7C15UL);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
