using System.Diagnostics;
using NetGen.Randomness;

namespace NetGen.Distributed.Worker;

/// <summary>
/// --measure STEPS: the main job's MLP (784-256-128-10) on a global batch of 128, timed phase by phase. One process:
/// TrainStep on all 128. A job of R ranks: each rank's step as DistributedTrainer runs it — ComputeGradients on its
/// shard, the all-reduce of the 235,147 floats (gradients and loss), ApplyGradients — each phase timed on its own, so
/// the all-reduce's time includes waiting for the slower rank. Fixed random batches: kernels only, no data gathering.
/// Then the all-reduce alone, back to back. Rank 0 prints one line: ranks, samples/s, ms per step and per phase, the
/// all-reduce's share of the step and its time alone.
/// </summary>
internal static class StepTiming
{
    private const int GlobalBatch = 128;

    public static void Run(Communicator communicator, int steps)
    {
        INetwork network = communicator.Size == 1 ? new FashionWhole(seed: 1) : new FashionShard(seed: 1);
        int count = communicator.Size == 1 ? GlobalBatch : (GlobalBatch * (communicator.Rank + 1) / communicator.Size) - (GlobalBatch * communicator.Rank / communicator.Size);
        var random = new SeededRandom(9 + communicator.Rank);
        var inputs = new float[count * network.InputSize];
        var labels = new int[count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextNormal();
        }

        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = random.NextInt(10);
        }

        var reduced = new float[network.ParameterCount + 1];
        Span<float> gradients = reduced.AsSpan(0, network.ParameterCount);
        long compute = 0, reduce = 0, apply = 0;
        int warmup = Math.Max(steps / 10, 5);
        communicator.Barrier();
        for (int step = -warmup; step < steps; step++)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (communicator.Size == 1)
            {
                network.TrainStep(inputs, labels);
                long t1 = Stopwatch.GetTimestamp();
                if (step >= 0)
                {
                    compute += t1 - t0;
                }

                continue;
            }

            reduced[^1] = network.ComputeGradients(inputs, labels, gradients);
            long t2 = Stopwatch.GetTimestamp();
            communicator.AllreduceSum(reduced);
            long t3 = Stopwatch.GetTimestamp();
            network.ApplyGradients(gradients);
            long t4 = Stopwatch.GetTimestamp();
            if (step >= 0)
            {
                (compute, reduce, apply) = (compute + (t2 - t0), reduce + (t3 - t2), apply + (t4 - t3));
            }
        }

        // The all-reduce on its own, back to back after a barrier: the transport's cost without waiting for a slower rank.
        communicator.Barrier();
        long alone = Stopwatch.GetTimestamp();
        for (int i = 0; i < steps; i++)
        {
            communicator.AllreduceSum(reduced);
        }

        alone = Stopwatch.GetTimestamp() - alone;
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency / steps;
        double stepMs = Ms(compute + reduce + apply);
        if (communicator.IsRoot)
        {
            Console.WriteLine($"ranks {communicator.Size}  threads {NetGen.Runtime.ComputeThreads.Count}  {GlobalBatch / stepMs * 1000:N0} samples/s  step {stepMs:F3} ms"
                + (communicator.Size == 1
                    ? "  (TrainStep on 128)"
                    : $"  gradients {Ms(compute):F3} ms  all-reduce {Ms(reduce):F3} ms ({Ms(reduce) / stepMs:P1} of the step)  apply {Ms(apply):F3} ms  all-reduce alone {Ms(alone):F3} ms"));
        }
    }
}
