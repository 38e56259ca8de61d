namespace NetGen.Randomness;

/// <summary>
/// A small, fast, fully specified random stream (xoshiro256** seeded through SplitMix64), so that the same seed
/// gives bit-identical parameters on every machine and .NET version (System.Random promises neither).
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>A stream determined entirely by <paramref name="seed"/>.</summary>
    public SeededRandom(long seed) => Reseed(seed);

    /// <summary>Restarts this stream as <c>new SeededRandom(seed)</c> starts, in place (no allocation).</summary>
    public void Reseed(long seed)
    {
        ulong state = (ulong)seed;
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
        _spareNormal = 0;
        _hasSpareNormal = false;
    }

    /// <summary>Restarts this stream as <see cref="ForDropout"/> with <paramref name="seed"/> starts it, in place.</summary>
    public void ReseedForDropout(int seed) => Reseed(DropoutSeed(seed));

    /// <summary>
    /// The dropout mask stream of a network seed, kept apart from the initialization stream (the seed itself) so that
    /// changing one never shifts the other; SplitMix seeding decorrelates the two. Generated networks and the
    /// interpreter both draw their masks from it, so they drop the same units.
    /// </summary>
    public static SeededRandom ForDropout(int seed) => new(DropoutSeed(seed));

    private static long DropoutSeed(int seed) => (long)seed ^ 0x44524F5000000000L;

    /// <summary>
    /// The stream's whole state, to put back with <see cref="Restore"/>: a training call saves it before drawing its
    /// dropout masks and restores it when the step is refused (a non-finite loss), so the stream stays where it was.
    /// </summary>
    public readonly record struct State(ulong S0, ulong S1, ulong S2, ulong S3, double SpareNormal, bool HasSpareNormal);

    /// <summary>The current state (no allocation).</summary>
    public State Save() => new(_s0, _s1, _s2, _s3, _spareNormal, _hasSpareNormal);

    /// <summary>Puts the stream back where <paramref name="state"/> was taken.</summary>
    public void Restore(in State state) => (_s0, _s1, _s2, _s3, _spareNormal, _hasSpareNormal) = (state.S0, state.S1, state.S2, state.S3, state.SpareNormal, state.HasSpareNormal);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound), without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong threshold = (ulong)(-(long)bound) % (ulong)bound;
        while (true)
        {
            ulong r = NextUInt64() >> 32;
            ulong product = r * (ulong)bound;
            if ((uint)product >= threshold)
            {
                return (int)(product >> 32);
            }
        }
    }

    /// <summary>Uniform in [low, high).</summary>
    public float NextUniform(float low, float high) => (float)(low + (high - low) * NextDouble());

    /// <summary>Standard normal, by the Box–Muller transform (pairs, the second kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2.0 * Math.PI * u2);
        _hasSpareNormal = true;
        return radius * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// An inverted-dropout mask: each element is 0 with probability <paramref name="probability"/>, else 1/(1 − p),
    /// one uniform draw per element in order.
    /// </summary>
    public void FillDropoutMask(Span<float> mask, float probability)
    {
        float keep = 1f - probability;
        float scale = 1f / keep;
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = NextDouble() < keep ? scale : 0f;
        }
    }

    /// <summary>
    /// Additive Gaussian noise: y = a + σ·ε, one standard normal ε = (float)<see cref="NextNormal"/> per element in
    /// order (so replaying the stream replays the noise), the product and the sum in float.
    /// </summary>
    public void AddGaussianNoise(ReadOnlySpan<float> a, float std, Span<float> y)
    {
        if (a.Length != y.Length)
        {
            throw new ArgumentException($"noise spans differ in length ({a.Length}, {y.Length}).", nameof(y));
        }

        for (int i = 0; i < a.Length; i++)
        {
            y[i] = a[i] + std * (float)NextNormal();
        }
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
