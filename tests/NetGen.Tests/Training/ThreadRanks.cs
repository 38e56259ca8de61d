using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// A data-parallel group of ranks in one process, one thread each, for testing Fit's data-parallel loop without MPI:
/// a collective is two barriers around shared slots; the sum runs in rank order, so it is deterministic.
/// </summary>
internal sealed class ThreadRanks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Barrier _barrier;
    private readonly float[][] _floats;
    private byte[] _bytes = [];

    private ThreadRanks(int size)
    {
        _barrier = new Barrier(size);
        _floats = new float[size][];
    }

    /// <summary>Runs <paramref name="body"/> as each of <paramref name="size"/> ranks on its own thread; returns the results by rank.</summary>
    public static T[] Run<T>(int size, Func<IDataParallelGroup, T> body)
    {
        var ranks = new ThreadRanks(size);
        var results = new T[size];
        var errors = new Exception?[size];
        Thread[] threads = [.. Enumerable.Range(0, size).Select(rank => new Thread(() =>
        {
            try
            {
                results[rank] = body(new Member(ranks, rank));
            }
            catch (Exception e)
            {
                errors[rank] = e;
                ranks._barrier.RemoveParticipant(); // the others' collectives then time out instead of waiting forever
            }
        }))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            throw new AggregateException(errors.Where(e => e is not null)!);
        }

        return results;
    }

    private void Meet()
    {
        if (!_barrier.SignalAndWait(Timeout))
        {
            throw new TimeoutException("a rank did not reach the collective");
        }
    }

    private sealed class Member(ThreadRanks ranks, int rank) : IDataParallelGroup
    {
        public int Rank => rank;

        public int Size => ranks._floats.Length;

        public void AllreduceSum(Span<float> values)
        {
            ranks._floats[rank] = values.ToArray();
            ranks.Meet();
            for (int i = 0; i < values.Length; i++)
            {
                float sum = 0;
                foreach (float[] slot in ranks._floats)
                {
                    sum += slot[i];
                }

                values[i] = sum;
            }

            ranks.Meet();
        }

        public void Broadcast(Span<byte> values, int root)
        {
            if (rank == root)
            {
                ranks._bytes = values.ToArray();
            }

            ranks.Meet();
            ranks._bytes.CopyTo(values);
            ranks.Meet();
        }
    }
}
