using NetGen.Randomness;

namespace NetGen.Training; // folder Parallel; not a namespace NetGen.Parallel, which would hide System.Threading.Tasks.Parallel from all code in namespace NetGen.*

/// <summary>
/// The dropout stream a replica draws from in one step: a function of the primary network's stream at the start of the
/// step and the worker's index only (SplitMix64 over a hash of both), so a worker count gives the same masks run after
/// run, and a run resumed from a checkpoint (which holds the primary's stream) draws the masks the uninterrupted run
/// drew. Worker 0 is the primary itself and draws from its own stream; replica w ≥ 1 from <see cref="For"/>(state, w).
/// </summary>
internal static class WorkerStreams
{
    /// <summary>The state replica <paramref name="worker"/> starts the step from, given the primary's.</summary>
    public static SeededRandom.State For(in SeededRandom.State primary, int worker)
    {
        ulong seed = primary.S0 ^ ulong.RotateLeft(primary.S1, 17) ^ ulong.RotateLeft(primary.S2, 31) ^ ulong.RotateLeft(primary.S3, 47);
        seed ^= (ulong)worker * 0xD1B54A32D192ED03UL;
        ulong s0 = SplitMix64(ref seed), s1 = SplitMix64(ref seed), s2 = SplitMix64(ref seed), s3 = SplitMix64(ref seed);
        if ((s0 | s1 | s2 | s3) == 0)
        {
            s0 = 1; // xoshiro256** must not start from the all-zero state
        }

        return new SeededRandom.State(s0, s1, s2, s3, 0, false);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
