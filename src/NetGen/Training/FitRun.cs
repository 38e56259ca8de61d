using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using NetGen.Data;
using NetGen.Schedules;

namespace NetGen.Training;

/// <summary>
/// One call of <see cref="Trainer.Fit"/>: its buffers, allocated once, and the loop; disposing ends a prefetching thread.
/// In a data-parallel job (a group of more than one rank) every rank runs this loop on the same batches: the steps go
/// through <see cref="DataParallelStep"/>; rank 0 alone scores the epoch, writes the log, reports progress and runs
/// OnStep, OnEpoch and the callbacks, and broadcasts the scores and any stop so that every rank decides alike.
/// </summary>
internal sealed class FitRun : IDisposable
{
    private readonly INetwork _network;
    private readonly DataSet _train;
    private readonly DataSet? _validation;
    private readonly FitOptions _options;
    private readonly IBatchSource _batches;
    private readonly IFitCallback[] _callbacks;
    private readonly Action<long, float>? _onStep;
    private readonly LearningRateSchedule? _schedule;
    private readonly bool _schedulePerStep;
    private readonly float[] _gradients;
    private readonly float[] _chunkGradients;
    private readonly bool _accumulate;
    private readonly IDataParallelGroup? _group;
    private readonly DataParallelStep? _parallel;
    private readonly bool _root;
    private readonly byte[] _shared = new byte[3 * sizeof(double) + 1]; // rank 0's train accuracy, validation loss and accuracy, stop flag
    private readonly DataParallel? _workers;
    private FitProgress _progress = FitProgress.None;
    private bool _stopRequested;
    private float _lastRate;

    public FitRun(INetwork network, DataSet train, DataSet? validation, FitOptions options, IDataParallelGroup? group = null)
    {
        _group = group is { Size: > 1 } ? group : null;
        _parallel = _group is null ? null : new DataParallelStep(network, _group);
        _root = _group is null || _group.Rank == 0;
        _network = network;
        _train = train;
        _validation = validation;
        _options = options;
        int batch = options.BatchSize ?? network.BatchSize;
        // First, so that a refused worker factory leaves no prefetching thread behind.
        if (_group is not null && options.Workers > 1)
        {
            throw new ArgumentException($"Workers = {options.Workers} within a data-parallel job of {_group.Size} ranks: each rank trains its shard on one network; split over cores with Workers in one process, or over processes with ranks, not both.", nameof(options));
        }

        _workers = options.Workers > 1 ? new DataParallel(network, options.Workers, options.WorkerFactory, nameof(FitOptions.Workers), nameof(FitOptions.WorkerFactory)) : null;
        _batches = options.Augmentation is { } augmentation
            ? new AugmentedMinibatches(train, batch, options.Seed, augmentation, augmentation.Prefetch)
            : new Minibatches(train, batch, options.Seed);
        _callbacks = [.. options.Callbacks];
        _onStep = options.OnStep;
        _schedule = options.Schedule;
        _schedulePerStep = options.SchedulePer == SchedulePeriod.Step;
        _accumulate = _parallel is null && _workers is null && batch > network.BatchSize;
        _gradients = _accumulate ? new float[network.ParameterCount] : [];
        _chunkGradients = _accumulate ? new float[network.ParameterCount] : [];
    }

    public void Dispose()
    {
        (_batches as IDisposable)?.Dispose();
        _workers?.Dispose();
    }

    public FitResult Run(FitProgress progress)
    {
        _progress = progress;
        INetwork network = _network;
        EarlyStopping? stopping = _options.EarlyStopping;
        bool monitorAccuracy = stopping?.Monitor == MonitoredMetric.ValidationAccuracy;
        double minDelta = stopping?.MinDelta ?? 0;
        using MemoryStream? snapshot = stopping is { RestoreBest: true } ? new MemoryStream() : null;
        var history = new List<EpochRecord>(_options.Epochs);
        double best = monitorAccuracy ? double.NegativeInfinity : double.PositiveInfinity;
        int bestEpoch = 0, sinceBest = 0;
        bool stoppedEarly = false, stoppedByCallback = false;
        ReplayEpochsDone();
        _schedule?.ApplyTo(network);
        _lastRate = network.LearningRate;

        for (int epoch = _options.InitialEpoch + 1; epoch <= _options.Epochs; epoch++)
        {
            long epochStart = Stopwatch.GetTimestamp();
            progress.EpochStarted(epoch, _batches.BatchesPerEpoch);
            _batches.Shuffle();
            (double lossSum, int steps, long samples) = _train.HasTargets ? TargetEpoch(epochStart) : LabelEpoch(epochStart);
            double trainSeconds = Stopwatch.GetElapsedTime(epochStart).TotalSeconds;
            double trainLoss = steps == 0 ? double.NaN : lossSum / steps;
            double trainAccuracy = double.NaN, validationLoss = double.NaN, validationAccuracy = double.NaN;
            if (_root)
            {
                trainAccuracy = _options.MeasureTrainAccuracy ? Metrics.DefaultAccuracy(network, _train) : double.NaN;
                if (_validation is not null)
                {
                    validationLoss = Metrics.Loss(network, _validation);
                    validationAccuracy = Metrics.DefaultAccuracy(network, _validation);
                }
            }

            (trainAccuracy, validationLoss, validationAccuracy) = ShareScores(trainAccuracy, validationLoss, validationAccuracy);

            double rate = _lastRate;
            if (_schedule is not null && !_schedulePerStep)
            {
                if (_schedule is ReduceOnPlateau plateau)
                {
                    plateau.Advance(_validation is null ? trainLoss : validationLoss);
                }
                else
                {
                    _schedule.Advance();
                }

                _schedule.ApplyTo(network);
            }

            double monitored = monitorAccuracy ? validationAccuracy : _validation is null ? trainLoss : validationLoss;
            bool improved = monitorAccuracy ? monitored > best + minDelta : monitored < best - minDelta;
            if (improved)
            {
                best = monitored;
                bestEpoch = epoch;
                sinceBest = 0;
                if (snapshot is not null)
                {
                    snapshot.SetLength(0);
                    network.Save(snapshot);
                }
            }
            else
            {
                sinceBest++;
            }

            var record = new EpochRecord(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, rate,
                Stopwatch.GetElapsedTime(epochStart).TotalSeconds, samples / Math.Max(trainSeconds, 1e-12));
            history.Add(record);
            if (_root)
            {
                if (_options.Log is { } log)
                {
                    HistoryLog.Write(log, history);
                }

                progress.EpochEnded(record);
                _options.OnEpoch?.Invoke(record);
                foreach (IFitCallback callback in _callbacks)
                {
                    _stopRequested |= !callback.OnEpoch(record);
                }
            }

            ShareStop();

            if (_stopRequested)
            {
                stoppedByCallback = true;
                break;
            }

            if (stopping is not null && sinceBest >= stopping.Patience && epoch < _options.Epochs)
            {
                stoppedEarly = true;
                break;
            }
        }

        bool restored = false;
        if (snapshot is not null && bestEpoch != 0 && bestEpoch != history[^1].Epoch)
        {
            snapshot.Position = 0;
            network.Load(snapshot);
            restored = true;
        }

        return new FitResult(history, bestEpoch, stoppedEarly, stoppedByCallback, restored);
    }

    /// <summary>A resumed run: the shuffles and schedule advances of the epochs done, as the uninterrupted run made them.</summary>
    private void ReplayEpochsDone()
    {
        for (int epoch = 0; epoch < _options.InitialEpoch; epoch++)
        {
            _batches.Shuffle();
        }

        if (_options.InitialEpoch == 0)
        {
            return; // a fresh run, or a new schedule for a loaded network: the schedule starts at its period 0
        }

        long advances = _schedule is null ? 0 : _schedulePerStep ? _network.Step : _options.InitialEpoch;
        for (long i = 0; i < advances; i++)
        {
            _schedule!.Advance();
        }
    }

    private (double LossSum, int Steps, long Samples) LabelEpoch(long epochStart)
    {
        double lossSum = 0;
        int steps = 0;
        long samples = 0;
        while (!_stopRequested && _batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels))
        {
            _lastRate = _network.LearningRate;
            float loss = _parallel is not null ? _parallel.Step(inputs, labels) : _workers is not null ? _workers.TrainStep(inputs, labels) : _accumulate ? AccumulatedStep(inputs, labels) : _network.TrainStep(inputs, labels);
            lossSum += loss;
            steps++;
            samples += labels.Length;
            AfterStep(loss, steps, lossSum, samples, epochStart);
        }

        return (lossSum, steps, samples);
    }

    private (double LossSum, int Steps, long Samples) TargetEpoch(long epochStart)
    {
        double lossSum = 0;
        int steps = 0;
        long samples = 0;
        int targetSize = _train.TargetSize;
        while (!_stopRequested && _batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<float> targets))
        {
            _lastRate = _network.LearningRate;
            float loss = _parallel is not null ? _parallel.Step(inputs, targets) : _workers is not null ? _workers.TrainStep(inputs, targets) : _accumulate ? AccumulatedStep(inputs, targets) : _network.TrainStep(inputs, targets);
            lossSum += loss;
            steps++;
            samples += targets.Length / targetSize;
            AfterStep(loss, steps, lossSum, samples, epochStart);
        }

        return (lossSum, steps, samples);
    }

    private void AfterStep(float loss, int steps, double lossSum, long samples, long epochStart)
    {
        if (_schedulePerStep && _schedule is not null)
        {
            _schedule.Advance();
            _schedule.ApplyTo(_network);
        }

        if (!_root)
        {
            if (_callbacks.Length > 0)
            {
                ShareStop(); // rank 0's step callbacks may stop the run
            }

            return;
        }

        long step = _network.Step;
        _onStep?.Invoke(step, loss);
        foreach (IFitCallback callback in _callbacks)
        {
            _stopRequested |= !callback.OnStep(step, loss);
        }

        if (_callbacks.Length > 0)
        {
            ShareStop();
        }

        _progress.Stepped(steps, lossSum / steps, samples, epochStart);
    }

    /// <summary>A data-parallel job: every rank takes rank 0's scores of the epoch (only rank 0 computes them).</summary>
    private (double, double, double) ShareScores(double trainAccuracy, double validationLoss, double validationAccuracy)
    {
        if (_group is null)
        {
            return (trainAccuracy, validationLoss, validationAccuracy);
        }

        Span<double> scores = MemoryMarshal.Cast<byte, double>(_shared.AsSpan(0, 3 * sizeof(double)));
        (scores[0], scores[1], scores[2]) = (trainAccuracy, validationLoss, validationAccuracy);
        _group.Broadcast(_shared.AsSpan(0, 3 * sizeof(double)), root: 0);
        return (scores[0], scores[1], scores[2]);
    }

    /// <summary>A data-parallel job: every rank takes rank 0's stop request (only rank 0 runs the callbacks).</summary>
    private void ShareStop()
    {
        if (_group is null)
        {
            return;
        }

        _shared[^1] = _stopRequested ? (byte)1 : (byte)0;
        _group.Broadcast(_shared.AsSpan(_shared.Length - 1), root: 0);
        _stopRequested = _shared[^1] != 0;
    }

    /// <summary>One optimizer step on a logical batch: the chunks' gradients weighted by size, n_c/n, summed in chunk order.</summary>
    private float AccumulatedStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        int n = labels.Length, chunk = _network.BatchSize, inputSize = _network.InputSize;
        double loss = 0;
        for (int start = 0; start < n; start += chunk)
        {
            int count = Math.Min(chunk, n - start);
            float chunkLoss = _network.ComputeGradients(inputs.Slice(start * inputSize, count * inputSize), labels.Slice(start, count), _chunkGradients);
            float weight = count / (float)n;
            Accumulate(_gradients, _chunkGradients, weight, first: start == 0);
            loss += (double)weight * chunkLoss;
        }

        _network.ApplyGradients(_gradients);
        return (float)loss;
    }

    private float AccumulatedStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        int outputSize = _network.OutputSize;
        int n = targets.Length / outputSize, chunk = _network.BatchSize, inputSize = _network.InputSize;
        double loss = 0;
        for (int start = 0; start < n; start += chunk)
        {
            int count = Math.Min(chunk, n - start);
            float chunkLoss = _network.ComputeGradients(inputs.Slice(start * inputSize, count * inputSize), targets.Slice(start * outputSize, count * outputSize), _chunkGradients);
            float weight = count / (float)n;
            Accumulate(_gradients, _chunkGradients, weight, first: start == 0);
            loss += (double)weight * chunkLoss;
        }

        _network.ApplyGradients(_gradients);
        return (float)loss;
    }

    /// <summary>sum = w·g (first chunk) or sum + w·g, element by element in float (no fused multiply-add), so the result is the scalar loop's bit for bit.</summary>
    internal static void Accumulate(Span<float> sum, ReadOnlySpan<float> g, float weight, bool first)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; i <= sum.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> scaled = w * new Vector<float>(g.Slice(i));
                (first ? scaled : new Vector<float>(sum.Slice(i)) + scaled).CopyTo(sum.Slice(i));
            }
        }

        for (; i < sum.Length; i++)
        {
            sum[i] = first ? weight * g[i] : sum[i] + weight * g[i];
        }
    }
}
