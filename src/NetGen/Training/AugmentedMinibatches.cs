using System.Runtime.ExceptionServices;
using NetGen.Data;
using NetGen.Data.Augmentation;

namespace NetGen.Training;

/// <summary>
/// <see cref="Minibatches"/> through an augmentation pipeline: the same shuffled batches (the same seed gives the same
/// order), each augmented as it is gathered, from a stream reseeded at every epoch from (seed, epoch), so an epoch's
/// batches depend only on the seed and the epoch (a resumed run replays the shuffles and gets the same ones). With
/// prefetching, batch k + 1 is prepared on a background thread while the caller trains on batch k: two buffers, the
/// worker filling one while the caller reads the other; a batch the worker has not started when the caller asks for it
/// (on a machine busy enough that the thread was not scheduled) the caller prepares itself rather than wait. The work
/// and its order are the same whichever thread does it, so the batches are the same as without prefetching, bit for bit. An exception on the worker is rethrown by the caller's next TryNext (or Shuffle);
/// <see cref="Dispose"/> waits for the batch in flight and ends the thread. Not thread-safe: one caller.
/// </summary>
public sealed class AugmentedMinibatches : IBatchSource, IDisposable
{
    /// <summary>Keeps the augmentation stream apart from the shuffling stream of the same seed ("AUGM").</summary>
    private const long StreamTag = 0x4155474D00000000L;

    private readonly DataSet _data;
    private readonly Minibatches _source;
    private readonly Augmenter _augmenter;
    private readonly long _seed;
    private readonly Batch[] _buffers = [new(), new()];
    private readonly Thread? _worker;
    private readonly object _gate = new();
    private int _epoch = -1;
    private int _filling;
    private Stage _stage = Stage.Idle;
    private bool _inFlight;
    private bool _epochDone = true;
    private bool _disposed;
    private ExceptionDispatchInfo? _failure;
    private long _workerAllocatedBytes;
    private int _workerBatches;
    private static int s_liveWorkers;

    /// <summary>Batches of up to <paramref name="batchSize"/> samples of <paramref name="data"/>, shuffled by <paramref name="seed"/>, augmented by <paramref name="pipeline"/>.</summary>
    public AugmentedMinibatches(DataSet data, int batchSize, long seed, AugmentationPipeline pipeline, bool prefetch)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (pipeline.Shape.Size != data.FeatureSize)
        {
            throw new ArgumentException($"the pipeline's samples are {pipeline.Shape} = {pipeline.Shape.Size} floats but the data set's hold {data.FeatureSize}.", nameof(pipeline));
        }

        _data = data;
        _source = new Minibatches(data, batchSize, seed);
        _augmenter = pipeline.CreateAugmenter(seed);
        _seed = seed;
        foreach (Batch buffer in _buffers)
        {
            buffer.Allocate(data, batchSize);
        }

        Prefetch = prefetch;
        if (prefetch)
        {
            _worker = new Thread(Work) { IsBackground = true, Name = "NetGen augmentation prefetch" };
            Interlocked.Increment(ref s_liveWorkers);
            _worker.Start();
        }
    }

    /// <summary>Whether batches are prepared on the background thread.</summary>
    public bool Prefetch { get; }

    /// <summary>Samples per full batch.</summary>
    public int BatchSize => _source.BatchSize;

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch => _source.BatchesPerEpoch;

    /// <summary>The worker thread's allocated bytes after its last batch (for the allocation test); 0 without prefetching.</summary>
    internal long WorkerAllocatedBytes => Volatile.Read(ref _workerAllocatedBytes);

    /// <summary>Whether the worker has finished the batch requested (for the tests, which wait for it before the next TryNext).</summary>
    internal bool NextReady
    {
        get
        {
            lock (_gate)
            {
                return _stage == Stage.Ready;
            }
        }
    }

    /// <summary>Requests the worker has prepared (the rest the caller took over); for the tests.</summary>
    internal int WorkerBatches => Volatile.Read(ref _workerBatches);

    /// <summary>Whether the worker thread is still running (false once disposed, and without prefetching).</summary>
    internal bool WorkerAlive => _worker?.IsAlive ?? false;

    /// <summary>Prefetching threads started and not yet ended, in the whole process (for the thread-leak tests).</summary>
    internal static int LiveWorkers => Volatile.Read(ref s_liveWorkers);

    /// <summary>The augmentation stream's seed for an epoch (0-based count of Shuffle calls).</summary>
    internal static long EpochSeed(long seed, int epoch) => (seed ^ StreamTag) + epoch * unchecked((long)0x9E3779B97F4A7C15UL);

    /// <summary>Starts an epoch: waits for a batch still in flight (a stopped epoch), reshuffles and reseeds the augmentation.</summary>
    public void Shuffle()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Drain();
        _failure?.Throw();
        _source.Shuffle();
        _epoch++;
        _augmenter.Reseed(EpochSeed(_seed, _epoch));
        _epochDone = false;
    }

    /// <summary>The next augmented batch with labels, or false when the epoch is done. The spans stay valid until the next call.</summary>
    public bool TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels)
    {
        if (_data.HasTargets)
        {
            throw new InvalidOperationException("the data set holds float targets; read its batches with the targets overload of TryNext.");
        }

        Batch? batch = Next();
        inputs = batch is null ? default : batch.Inputs.AsSpan(0, batch.Count * _data.FeatureSize);
        labels = batch is null ? default : batch.Labels.AsSpan(0, batch.Count);
        return batch is not null;
    }

    /// <summary>As the labels overload, for a set with targets: targets[batch, TargetSize].</summary>
    public bool TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<float> targets)
    {
        if (!_data.HasTargets)
        {
            throw new InvalidOperationException("the data set holds integer labels; read its batches with the labels overload of TryNext.");
        }

        Batch? batch = Next();
        inputs = batch is null ? default : batch.Inputs.AsSpan(0, batch.Count * _data.FeatureSize);
        targets = batch is null ? default : batch.Targets.AsSpan(0, batch.Count * _data.TargetSize);
        return batch is not null;
    }

    /// <summary>Waits for the batch in flight (one not started is dropped), then ends the worker thread. Safe to call twice.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Drain();
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate); // wakes the worker to see _disposed and return
        }

        _worker?.Join();
    }

    /// <summary>The batch to hand out now, or null at the epoch's end; requests the one after it before returning.</summary>
    private Batch? Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_epochDone)
        {
            return null; // before the first Shuffle, or after the epoch's last batch
        }

        if (!_inFlight)
        {
            Request(_filling); // the epoch's first batch
        }

        Batch batch = Await();
        if (batch.Count == 0)
        {
            _epochDone = true;
            return null;
        }

        Request(1 - _filling); // the next batch, into the other buffer, while the caller trains on this one
        return batch;
    }

    /// <summary>Asks for the next batch in buffer <paramref name="index"/>, for the worker to prepare or Await to take over.</summary>
    private void Request(int index)
    {
        _inFlight = true;
        lock (_gate)
        {
            _filling = index;
            _stage = Stage.Requested;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// The requested batch: prepared here when the worker has not started on it (no worker, or one not scheduled yet on
    /// a busy machine: the caller would only wait for it), else once the worker is done. Either thread does the same
    /// work on the same state, one at a time under the lock, so the batch is the same. A failure, on either thread, is
    /// rethrown here.
    /// </summary>
    private Batch Await()
    {
        bool takeOver;
        lock (_gate)
        {
            takeOver = _stage == Stage.Requested;
            if (takeOver)
            {
                _stage = Stage.Preparing;
            }
            else
            {
                while (_stage != Stage.Ready)
                {
                    Monitor.Wait(_gate);
                }
            }
        }

        if (takeOver)
        {
            PrepareCapturing(_buffers[_filling]);
        }

        lock (_gate)
        {
            _stage = Stage.Idle;
        }

        _inFlight = false;
        _failure?.Throw();
        return _buffers[_filling];
    }

    /// <summary>Ends a request without taking its batch: one the worker is preparing is waited for, one not started is dropped.</summary>
    private void Drain()
    {
        lock (_gate)
        {
            while (_stage == Stage.Preparing)
            {
                Monitor.Wait(_gate);
            }

            _stage = Stage.Idle;
        }

        _inFlight = false;
    }

    private void Work()
    {
        while (true)
        {
            lock (_gate)
            {
                while (_stage != Stage.Requested && !_disposed)
                {
                    Monitor.Wait(_gate);
                }

                if (_disposed)
                {
                    Interlocked.Decrement(ref s_liveWorkers);
                    return;
                }

                _stage = Stage.Preparing;
            }

            PrepareCapturing(_buffers[_filling]);
            Volatile.Write(ref _workerAllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
            Interlocked.Increment(ref _workerBatches);
            lock (_gate)
            {
                _stage = Stage.Ready;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Prepare, with an exception kept for the caller's Await (the worker must not die with it).</summary>
    private void PrepareCapturing(Batch batch)
    {
        try
        {
            Prepare(batch);
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
    }

    /// <summary>Gathers the next shuffled batch and augments it into <paramref name="batch"/>; Count 0 at the epoch's end.</summary>
    private void Prepare(Batch batch)
    {
        bool any;
        ReadOnlySpan<float> inputs;
        if (_data.HasTargets)
        {
            any = _source.TryNext(out inputs, out ReadOnlySpan<float> targets);
            targets.CopyTo(batch.Targets);
        }
        else
        {
            any = _source.TryNext(out inputs, out ReadOnlySpan<int> labels);
            labels.CopyTo(batch.Labels);
        }

        int count = inputs.Length / _data.FeatureSize;
        _augmenter.Apply(inputs, batch.Inputs.AsSpan(0, inputs.Length));
        batch.Count = any ? count : 0;
    }

    /// <summary>Where the current request is; changed under the lock, waited for with Monitor.Wait.</summary>
    private enum Stage
    {
        /// <summary>Nothing requested.</summary>
        Idle,

        /// <summary>A batch requested, not started.</summary>
        Requested,

        /// <summary>Being prepared, by the worker or by the caller.</summary>
        Preparing,

        /// <summary>Prepared by the worker, not yet taken.</summary>
        Ready,
    }

    /// <summary>One of the two buffers: a batch's augmented inputs and its labels or targets.</summary>
    private sealed class Batch
    {
        public float[] Inputs { get; private set; } = [];

        public int[] Labels { get; private set; } = [];

        public float[] Targets { get; private set; } = [];

        public int Count { get; set; }

        public void Allocate(DataSet data, int batchSize)
        {
            Inputs = new float[batchSize * data.FeatureSize];
            Labels = data.HasTargets ? [] : new int[batchSize];
            Targets = data.HasTargets ? new float[batchSize * data.TargetSize] : [];
        }
    }
}
