using System.Runtime.ExceptionServices;
using NetGen.Runtime;

namespace NetGen.Training; // folder Parallel; not a namespace NetGen.Parallel, which would hide System.Threading.Tasks.Parallel from all code in namespace NetGen.*

/// <summary>
/// Data-parallel training over the cores of one process, for networks too small to gain from splitting a product
/// (docs/training.md, "Across cores"). Each step cuts the batch into <see cref="Workers"/> contiguous shards; shard 0
/// trains on the primary network (the one given, on the calling thread), shard w ≥ 1 on replica w (its own instance and
/// buffers, on a long-lived worker thread, the primary's parameters copied in first); each shard's gradient, scaled by
/// shard size over batch size (per chunk of up to BatchSize samples when a shard is larger), is summed in a fixed order
/// — worker 0 + worker 1 + … — whichever thread finishes first, and the primary takes one <c>ApplyGradients</c>. So a
/// worker count gives the same bits run after run; another count rounds differently in the last bits.
/// </summary>
/// <remarks>
/// BatchNorm normalizes each shard by the shard's own statistics (PyTorch's DistributedDataParallel without
/// SyncBatchNorm), and the running statistics kept are worker 0's: the primary's own, moved by shard 0 only (as DDP
/// broadcasts rank 0's buffers). Dropout: worker 0 draws from the primary's stream, replica w from a stream derived
/// from the primary's at the start of the step and w (so a resumed checkpoint continues bit for bit). Split kernels
/// stay on the thread that calls them while a step with more than one worker runs
/// (<see cref="ComputeThreads.SplitOnCurrentThread"/>). One instance serves one caller at a time; a step allocates
/// nothing. Dispose ends the worker threads.
/// </remarks>
public sealed unsafe class DataParallel : IDisposable, IShardRunner
{
    /// <summary>The largest worker count accepted.</summary>
    public const int MaxWorkers = ComputeThreads.MaxCount;

    private readonly INetwork _primary;
    private readonly INetwork[] _networks;     // [0] the primary, [w] replica w
    private readonly ShardWorker[] _threads;   // [w - 1] runs replica w
    private readonly float[][] _gradients;     // [w] replica w's scaled shard gradient ([0] unused: shard 0 writes the result)
    private readonly float[][] _chunks;        // [w] one chunk's gradient, for shards above BatchSize
    private readonly double[] _losses;         // [w] shard w's loss, weighted by its share of the batch
    private readonly float[] _sum;             // TrainStep's reduced gradient
    private readonly int[] _dropoutLayers;     // layers whose rate the replicas copy every step
    private string? _running;
    private bool _disposed;

    // The step in progress, published before the workers start: pinned for its length.
    private float* _inputs;
    private int* _labels;
    private float* _targets;
    private float* _parameters;
    private int _samples;

    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="workers"/> threads (the calling one and workers − 1 started
    /// here). <paramref name="replicaFactory"/> makes the workers' networks (a new instance of the same network each
    /// call); null takes the network's public parameterless constructor (a generated network's <c>N(int seed = 0)</c>),
    /// which an interpreted <c>GraphNetwork</c> lacks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is outside 1..<see cref="MaxWorkers"/>.</exception>
    /// <exception cref="ArgumentException">The factory is missing where needed, returns null, the primary or a repeated instance, or a network of another layout.</exception>
    public DataParallel(INetwork network, int workers, Func<INetwork>? replicaFactory = null)
        : this(network, workers, replicaFactory, nameof(workers), nameof(replicaFactory))
    {
    }

    internal DataParallel(INetwork network, int workers, Func<INetwork>? replicaFactory, string workersName, string factoryName)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (workers < 1 || workers > MaxWorkers)
        {
            throw new ArgumentOutOfRangeException(workersName, workers, $"the worker count must be in 1..{MaxWorkers}.");
        }

        _primary = network;
        _networks = [network, .. workers > 1 ? Replicas.Create(network, workers - 1, replicaFactory, factoryName) : []];
        int parameters = network.ParameterCount;
        _gradients = new float[workers][];
        _chunks = new float[workers][];
        for (int w = 0; w < workers; w++)
        {
            _gradients[w] = w == 0 ? [] : new float[parameters];
            _chunks[w] = new float[parameters];
        }

        _losses = new double[workers];
        _sum = new float[parameters];
        _dropoutLayers = [.. Enumerable.Range(0, network.Layers.Count).Where(i => network.Layers[i].HasDropout)];
        _threads = new ShardWorker[workers - 1];
        for (int w = 1; w < workers; w++)
        {
            _threads[w - 1] = new ShardWorker(this, w);
        }
    }

    /// <summary>The network trained: worker 0's, which takes the update and keeps BatchNorm's running statistics.</summary>
    public INetwork Network => _primary;

    /// <summary>Threads a step runs on, the caller's included.</summary>
    public int Workers => _networks.Length;

    /// <summary>Managed bytes the worker threads have allocated while running shards (0 after warm-up is the contract).</summary>
    public long WorkerAllocatedBytes
    {
        get
        {
            long bytes = 0;
            foreach (ShardWorker thread in _threads)
            {
                bytes += thread.AllocatedBytes;
            }

            return bytes;
        }
    }

    /// <summary>
    /// One optimizer step on labels[n] with inputs[n, InputSize], n ≥ 1 (any size: a shard above BatchSize is trained
    /// in chunks): the shards' gradients reduced in worker order, then one ApplyGradients on the primary. Returns the
    /// mean loss (the shards' losses weighted by size). An exception from any shard (a bad label, a non-finite loss)
    /// propagates, the lowest worker's first, after every shard has ended, and nothing is updated.
    /// </summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        Enter(nameof(TrainStep));
        try
        {
            int n = CheckLabels(inputs, labels);
            if (Workers == 1 && n <= _primary.BatchSize)
            {
                return _primary.TrainStep(inputs, labels); // = ComputeGradients + ApplyGradients, fused
            }

            float loss = Step(inputs, labels, default, n, _sum);
            _primary.ApplyGradients(_sum);
            return loss;
        }
        finally
        {
            CallGuard.Exit(ref _running);
        }
    }

    /// <summary>As the label overload, against targets[n, OutputSize].</summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        Enter(nameof(TrainStep));
        try
        {
            int n = CheckTargets(inputs, targets);
            if (Workers == 1 && n <= _primary.BatchSize)
            {
                return _primary.TrainStep(inputs, targets);
            }

            float loss = Step(inputs, default, targets, n, _sum);
            _primary.ApplyGradients(_sum);
            return loss;
        }
        finally
        {
            CallGuard.Exit(ref _running);
        }
    }

    /// <summary>
    /// The mean loss and its gradient over the whole batch, computed as <see cref="TrainStep(ReadOnlySpan{float}, ReadOnlySpan{int})"/>
    /// computes it, into <paramref name="gradients"/> (ParameterCount floats); no parameter or optimizer state changes
    /// (BatchNorm's running statistics and the dropout streams move, as in the network's own ComputeGradients).
    /// </summary>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients)
    {
        Enter(nameof(ComputeGradients));
        try
        {
            int n = CheckLabels(inputs, labels);
            CheckGradients(gradients);
            return Step(inputs, labels, default, n, gradients);
        }
        finally
        {
            CallGuard.Exit(ref _running);
        }
    }

    /// <summary>As the label overload, against targets[n, OutputSize].</summary>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients)
    {
        Enter(nameof(ComputeGradients));
        try
        {
            int n = CheckTargets(inputs, targets);
            CheckGradients(gradients);
            return Step(inputs, default, targets, n, gradients);
        }
        finally
        {
            CallGuard.Exit(ref _running);
        }
    }

    /// <summary>Ends the worker threads (after a step in flight); the primary network stays as trained.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (ShardWorker thread in _threads)
        {
            thread.Dispose();
        }
    }

    void IShardRunner.RunShard(int worker)
    {
        INetwork replica = _networks[worker];
        new ReadOnlySpan<float>(_parameters, _primary.ParameterCount).CopyTo(replica.Parameters);
        _losses[worker] = Shard(worker, _gradients[worker]);
    }

    /// <summary>The whole step: shards published, run, joined and reduced into <paramref name="gradients"/>.</summary>
    private float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, int n, Span<float> gradients)
    {
        fixed (float* pInputs = inputs, pTargets = targets, pParameters = _primary.Parameters)
        fixed (int* pLabels = labels)
        {
            _inputs = pInputs;
            _labels = pLabels;
            _targets = pTargets;
            _parameters = pParameters;
            _samples = n;
            int workers = Workers;
            if (workers == 1)
            {
                return (float)Shard(0, gradients);
            }

            SyncReplicas();
            bool split = ComputeThreads.SplitOnCurrentThread;
            ComputeThreads.SplitOnCurrentThread = false;
            ExceptionDispatchInfo? error = null;
            try
            {
                for (int w = 1; w < workers; w++)
                {
                    if (Shards.Range(n, workers, w).Count > 0)
                    {
                        _threads[w - 1].Start();
                    }
                }

                try
                {
                    _losses[0] = Shard(0, gradients);
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                }

                // Every started worker is joined before the pinned operands are released, failed shards or not.
                for (int w = 1; w < workers; w++)
                {
                    if (Shards.Range(n, workers, w).Count > 0)
                    {
                        error ??= _threads[w - 1].Wait();
                    }
                }
            }
            finally
            {
                ComputeThreads.SplitOnCurrentThread = split;
                _inputs = null;
                _labels = null;
                _targets = null;
                _parameters = null;
            }

            error?.Throw();
            double loss = _losses[0];
            for (int w = 1; w < workers; w++)
            {
                if (Shards.Range(n, workers, w).Count > 0)
                {
                    FitRun.Accumulate(gradients, _gradients[w], 1f, first: false); // sum + 1·g = sum + g: worker order, always
                    loss += _losses[w];
                }
            }

            return (float)loss;
        }
    }

    /// <summary>
    /// Shard <paramref name="worker"/> on its network into <paramref name="gradients"/>: Σ over its chunks of
    /// (chunk / n)·g_chunk in chunk order, as Fit's gradient accumulation sums chunks. Returns Σ (chunk / n)·loss_chunk.
    /// </summary>
    private double Shard(int worker, Span<float> gradients)
    {
        INetwork network = _networks[worker];
        int n = _samples, inputSize = network.InputSize, outputSize = network.OutputSize, chunk = network.BatchSize;
        (int start, int count) = Shards.Range(n, Workers, worker);
        bool targets = _targets != null;
        double loss = 0;
        for (int offset = 0; offset < count; offset += chunk)
        {
            int c = Math.Min(chunk, count - offset), first = start + offset;
            bool whole = c == count;
            Span<float> into = whole ? gradients : _chunks[worker];
            var x = new ReadOnlySpan<float>(_inputs + (long)first * inputSize, c * inputSize);
            float chunkLoss = targets
                ? network.ComputeGradients(x, new ReadOnlySpan<float>(_targets + (long)first * outputSize, c * outputSize), into)
                : network.ComputeGradients(x, new ReadOnlySpan<int>(_labels + first, c), into);
            float weight = c / (float)n;
            if (!whole)
            {
                FitRun.Accumulate(gradients, into, weight, first: offset == 0);
            }
            else if (c != n)
            {
                FitRun.Accumulate(gradients, gradients, weight, first: true); // in place: g = weight·g
            }

            loss += (double)weight * chunkLoss;
        }

        return loss;
    }

    /// <summary>The replicas' step count, batch count, dropout streams and rates, from the primary's before shard 0 moves them.</summary>
    private void SyncReplicas()
    {
        TrainingPosition position = _primary.Position;
        for (int w = 1; w < _networks.Length; w++)
        {
            INetwork replica = _networks[w];
            replica.Position = position with { Dropout = WorkerStreams.For(position.Dropout, w) };
            foreach (int layer in _dropoutLayers)
            {
                replica.Layers[layer].DropoutRate = _primary.Layers[layer].DropoutRate;
            }
        }
    }

    private void Enter(string member)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CallGuard.Enter(ref _running, nameof(DataParallel), member);
    }

    private int CheckLabels(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        if (labels.Length == 0)
        {
            throw new ArgumentException("a step needs at least one sample.", nameof(labels));
        }

        CheckInputs(inputs, labels.Length);
        return labels.Length;
    }

    private int CheckTargets(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        int outputSize = _primary.OutputSize;
        if (targets.Length == 0 || targets.Length % outputSize != 0)
        {
            throw new ArgumentException($"targets holds {targets.Length} floats; expected a positive multiple of OutputSize = {outputSize}.", nameof(targets));
        }

        CheckInputs(inputs, targets.Length / outputSize);
        return targets.Length / outputSize;
    }

    private void CheckInputs(ReadOnlySpan<float> inputs, int samples)
    {
        long expected = (long)samples * _primary.InputSize;
        if (inputs.Length != expected)
        {
            throw new ArgumentException($"inputs holds {inputs.Length} floats; expected {samples} samples × InputSize {_primary.InputSize} = {expected}.", nameof(inputs));
        }
    }

    private void CheckGradients(Span<float> gradients)
    {
        if (gradients.Length != _primary.ParameterCount)
        {
            throw new ArgumentException($"gradients holds {gradients.Length} floats; expected ParameterCount = {_primary.ParameterCount}.", nameof(gradients));
        }
    }
}
