using System.Runtime.InteropServices;

namespace NetGen.Training;

/// <summary>
/// One optimizer step of a data-parallel Fit: every rank holds the same global batch of n samples and takes its shard,
/// samples [n·r/R, n·(r+1)/R) of rank r of R; it computes the shard's gradient in chunks of up to the network's BatchSize,
/// each weighted by its share of the whole batch (count/n), so the all-reduced sum is the global batch's mean gradient;
/// the weighted loss rides in one extra float of the same all-reduce. Every rank then applies the same sum: one identical
/// update everywhere. BatchNorm's running statistics (and batch count), which each rank moves with its own shard, are
/// then replaced by rank 0's, as PyTorch's DistributedDataParallel broadcasts its buffers from rank 0, so the ranks stay
/// bit-identical. Buffers allocated once; a step allocates nothing.
/// </summary>
internal sealed class DataParallelStep
{
    private readonly INetwork _network;
    private readonly IDataParallelGroup _group;
    private readonly float[] _reduced; // [ParameterCount gradients, 1 loss]
    private readonly float[] _chunkGradients;
    private readonly byte[] _buffers;  // [every BatchNorm layer's running mean then variance, as floats; the batch count, 8 bytes]

    public DataParallelStep(INetwork network, IDataParallelGroup group)
    {
        _network = network;
        _group = group;
        _reduced = new float[network.ParameterCount + 1];
        _chunkGradients = new float[network.ParameterCount];
        int statistics = network.Layers.Sum(layer => layer.RunningMean.Length + layer.RunningVariance.Length);
        _buffers = statistics == 0 ? [] : new byte[statistics * sizeof(float) + sizeof(long)];
    }

    /// <summary>The samples of a batch of <paramref name="n"/> that <paramref name="rank"/> of <paramref name="size"/> trains on.</summary>
    public static (int Start, int Count) Shard(int n, int rank, int size)
    {
        int start = (int)((long)n * rank / size), end = (int)((long)n * (rank + 1) / size);
        return (start, end - start);
    }

    /// <summary>One step on the global batch labels[n], inputs[n, InputSize]; returns the batch's mean loss.</summary>
    public float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        int n = labels.Length, chunk = _network.BatchSize, inputSize = _network.InputSize;
        (int start, int count) = Shard(n, _group.Rank, _group.Size);
        Span<float> gradients = _reduced.AsSpan(0, _network.ParameterCount);
        double loss = 0;
        gradients.Clear(); // a shard may be empty: a last batch smaller than the job
        for (int offset = start; offset < start + count; offset += chunk)
        {
            int c = Math.Min(chunk, start + count - offset);
            float chunkLoss = _network.ComputeGradients(inputs.Slice(offset * inputSize, c * inputSize), labels.Slice(offset, c), _chunkGradients);
            float weight = c / (float)n;
            FitRun.Accumulate(gradients, _chunkGradients, weight, first: false);
            loss += (double)weight * chunkLoss;
        }

        return Reduce(loss);
    }

    /// <summary>As the labels overload, against targets[n, OutputSize].</summary>
    public float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        int outputSize = _network.OutputSize, chunk = _network.BatchSize, inputSize = _network.InputSize;
        int n = targets.Length / outputSize;
        (int start, int count) = Shard(n, _group.Rank, _group.Size);
        Span<float> gradients = _reduced.AsSpan(0, _network.ParameterCount);
        double loss = 0;
        gradients.Clear();
        for (int offset = start; offset < start + count; offset += chunk)
        {
            int c = Math.Min(chunk, start + count - offset);
            float chunkLoss = _network.ComputeGradients(inputs.Slice(offset * inputSize, c * inputSize), targets.Slice(offset * outputSize, c * outputSize), _chunkGradients);
            float weight = c / (float)n;
            FitRun.Accumulate(gradients, _chunkGradients, weight, first: false);
            loss += (double)weight * chunkLoss;
        }

        return Reduce(loss);
    }

    /// <summary>The all-reduce, the update and rank 0's BatchNorm buffers; returns the summed loss.</summary>
    private float Reduce(double loss)
    {
        _reduced[^1] = (float)loss;
        _group.AllreduceSum(_reduced);
        _network.ApplyGradients(_reduced.AsSpan(0, _network.ParameterCount));
        ShareRootBuffers();
        return _reduced[^1];
    }

    private void ShareRootBuffers()
    {
        if (_buffers.Length == 0)
        {
            return;
        }

        Span<float> statistics = MemoryMarshal.Cast<byte, float>(_buffers.AsSpan(0, _buffers.Length - sizeof(long)));
        IReadOnlyList<Layer> layers = _network.Layers; // indexed: a foreach over the interface would allocate its enumerator
        int at = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            Layer layer = layers[l];
            layer.RunningMean.CopyTo(statistics.Slice(at));
            at += layer.RunningMean.Length;
            layer.RunningVariance.CopyTo(statistics.Slice(at));
            at += layer.RunningVariance.Length;
        }

        TrainingPosition position = _network.Position;
        MemoryMarshal.Write(_buffers.AsSpan(_buffers.Length - sizeof(long)), position.BatchNormBatches);
        _group.Broadcast(_buffers, root: 0);
        at = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            Layer layer = layers[l];
            statistics.Slice(at, layer.RunningMean.Length).CopyTo(layer.RunningMean);
            at += layer.RunningMean.Length;
            statistics.Slice(at, layer.RunningVariance.Length).CopyTo(layer.RunningVariance);
            at += layer.RunningVariance.Length;
        }

        long batches = MemoryMarshal.Read<long>(_buffers.AsSpan(_buffers.Length - sizeof(long)));
        if (batches != position.BatchNormBatches)
        {
            _network.Position = position with { BatchNormBatches = batches };
        }
    }
}
