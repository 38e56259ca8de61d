using NetGen.Data;
using NetGen.Data.Augmentation;
using NetGen.Schedules;

namespace NetGen.Training;

/// <summary>
/// How <see cref="Trainer.Fit"/> trains: every property has a default but <see cref="Epochs"/>. Checked at the start
/// of Fit (<see cref="ArgumentException"/> naming the option).
/// </summary>
public sealed record FitOptions
{
    /// <summary>Epochs to run, ≥ 1 (fewer when stopped early).</summary>
    public required int Epochs { get; init; }

    /// <summary>
    /// Epochs already trained, for a run resumed from a checkpoint taken at an epoch's end (as Keras' initial_epoch):
    /// Fit replays those epochs' shuffles and schedule advances (a per-step schedule by the network's <c>Step</c>), then
    /// trains epochs InitialEpoch + 1 … Epochs, so a resumed run continues as the uninterrupted one (same Seed). Early
    /// stopping starts counting afresh. 0 to Epochs − 1; not with ReduceOnPlateau, whose state depends on past losses.
    /// </summary>
    public int InitialEpoch { get; init; }

    /// <summary>
    /// The logical batch, null for the network's BatchSize. Larger than the network's BatchSize, each batch is
    /// trained by gradient accumulation: ComputeGradients on chunks of up to BatchSize samples, their gradients summed
    /// weighted by chunk size over the batch, one ApplyGradients, so one optimizer step per logical batch (BatchNorm
    /// then normalizes each chunk by its own statistics).
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// Threads each step's batch is split over (data parallelism in one process, <see cref="DataParallel"/>):
    /// 1 (the default) trains on the calling thread as before; W &gt; 1 cuts every logical batch (<see cref="BatchSize"/>,
    /// unchanged by W) into W contiguous shards, trained on the network and W − 1 replicas, the gradients summed in
    /// worker order, one update. The same W gives the same bits run after run; another W changes the last bits (and,
    /// with BatchNorm or Dropout, the statistics and masks: each shard is normalized by its own statistics). In
    /// 1..<see cref="DataParallel.MaxWorkers"/> and at most the logical batch.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// Makes the W − 1 replicas of <see cref="Workers"/> (a new network of the same layout on every call), null for the
    /// network's public parameterless constructor (a generated network's); an interpreted GraphNetwork needs one. Unused
    /// with one worker.
    /// </summary>
    public Func<INetwork>? WorkerFactory { get; init; }

    /// <summary>Seeds the shuffling (and the validation split of <see cref="ValidationFraction"/>).</summary>
    public long Seed { get; init; }

    /// <summary>A validation set, scored after each epoch. Not with <see cref="ValidationFraction"/>.</summary>
    public DataSet? Validation { get; init; }

    /// <summary>
    /// Hold out this fraction of the training set for validation (<see cref="DataSet.Split"/> with <see cref="Seed"/>,
    /// stratified for labelled sets), in (0, 1). Not with <see cref="Validation"/>.
    /// </summary>
    public double? ValidationFraction { get; init; }

    /// <summary>
    /// Augments every training batch (never the validation data) with this pipeline, through
    /// <see cref="AugmentedMinibatches"/>: the same shuffled batches, augmented from a stream seeded by <see cref="Seed"/>
    /// and the epoch, prepared on a background thread while the previous batch trains when the pipeline's Prefetch is
    /// on. Its sample shape must hold the network's InputSize floats (and equal a [C, H, W] input). Null: no augmentation,
    /// the batches as before.
    /// </summary>
    public AugmentationPipeline? Augmentation { get; init; }

    /// <summary>The learning-rate schedule: Fit sets the network's rate to its Rate at the start and after each advance.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>When the schedule advances.</summary>
    public SchedulePeriod SchedulePer { get; init; } = SchedulePeriod.Epoch;

    /// <summary>Early stopping on a validation value; needs validation data.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Score the training set after each epoch too (a Predict pass over it): <see cref="EpochRecord.TrainAccuracy"/>.</summary>
    public bool MeasureTrainAccuracy { get; init; }

    /// <summary>Called after every optimizer step; see <see cref="IFitCallback"/> for stopping.</summary>
    public Action<long, float>? OnStep { get; init; }

    /// <summary>Called after every epoch.</summary>
    public Action<EpochRecord>? OnEpoch { get; init; }

    /// <summary>Callbacks that may stop the run, called in order after <see cref="OnStep"/> and <see cref="OnEpoch"/>.</summary>
    public IReadOnlyList<IFitCallback> Callbacks { get; init; } = [];

    /// <summary>
    /// The history's file, rewritten atomically at the end of every epoch with every epoch so far: CSV (".csv", a
    /// header line, invariant culture, empty fields for NaN) or JSON (".json", an array of objects, null for NaN).
    /// The folder must exist.
    /// </summary>
    public string? Log { get; init; }

    /// <summary>How progress is shown.</summary>
    public ProgressMode Progress { get; init; } = ProgressMode.Auto;

    /// <summary>Where <see cref="ProgressMode.Plain"/> writes; null for <see cref="Console.Out"/>.</summary>
    public TextWriter? ProgressWriter { get; init; }

    internal void Validate(INetwork network, DataSet train)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        if (InitialEpoch < 0 || InitialEpoch >= Epochs)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialEpoch), InitialEpoch, $"InitialEpoch is {InitialEpoch}; a resumed run has done 0 to Epochs − 1 = {Epochs - 1} epochs.");
        }

        if (InitialEpoch > 0 && Schedule is ReduceOnPlateau)
        {
            throw new ArgumentException("ReduceOnPlateau's state depends on the losses of the epochs before, which a resumed run does not have: resume without it, or set the rate yourself.", nameof(InitialEpoch));
        }
        if (BatchSize is { } batch)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1, nameof(BatchSize));
        }

        if (Workers < 1 || Workers > DataParallel.MaxWorkers)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), Workers, $"the worker count must be in 1..{DataParallel.MaxWorkers}.");
        }

        int logical = BatchSize ?? network.BatchSize;
        if (Workers > logical)
        {
            throw new ArgumentException($"{Workers} workers share a logical batch of {logical} samples: some would get none. Use at most {logical} workers or a larger BatchSize.", nameof(Workers));
        }

        if (Validation is not null && ValidationFraction is not null)
        {
            throw new ArgumentException("give Validation or ValidationFraction, not both.", nameof(ValidationFraction));
        }

        if (ValidationFraction is { } fraction && !(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), fraction, "the validation fraction must be in (0, 1).");
        }

        if (Validation is { } validation)
        {
            CheckData(network, validation, nameof(Validation));
            if (validation.HasTargets != train.HasTargets)
            {
                throw new ArgumentException($"the validation set holds {(validation.HasTargets ? "targets" : "labels")} but the training set {(train.HasTargets ? "targets" : "labels")}.", nameof(Validation));
            }

            if (validation.Count == 0)
            {
                throw new ArgumentException("the validation set is empty.", nameof(Validation));
            }
        }

        if (!Enum.IsDefined(SchedulePer))
        {
            throw new ArgumentOutOfRangeException(nameof(SchedulePer), SchedulePer, "not a SchedulePeriod value.");
        }

        if (Schedule is ReduceOnPlateau && SchedulePer != SchedulePeriod.Epoch)
        {
            throw new ArgumentException("ReduceOnPlateau watches a per-epoch loss: use SchedulePer = Epoch.", nameof(SchedulePer));
        }

        if (EarlyStopping is { } stopping)
        {
            stopping.Validate();
            if (Validation is null && ValidationFraction is null)
            {
                throw new ArgumentException("early stopping watches a validation value: give Validation or ValidationFraction.", nameof(EarlyStopping));
            }

            if (stopping.Monitor == MonitoredMetric.ValidationAccuracy && train.HasTargets && network.Architecture.Output != PredictOutput.Sigmoid)
            {
                throw new ArgumentException("early stopping on validation accuracy needs a classifier; this network regresses targets (monitor the validation loss).", nameof(EarlyStopping));
            }
        }

        ArgumentNullException.ThrowIfNull(Callbacks, nameof(Callbacks));
        if (Log is { } log)
        {
            string extension = Path.GetExtension(log).ToLowerInvariant();
            if (extension is not (".csv" or ".json"))
            {
                throw new ArgumentException($"the log {log} must end in .csv or .json.", nameof(Log));
            }
        }

        if (Augmentation is { Shape: var shape })
        {
            bool image = network.Architecture.InputShape.Count == 3; // [C, H, W]: the shapes must agree, not only the sizes
            if (shape.Size != network.InputSize || (image && !network.Architecture.InputShape.SequenceEqual([shape.Channels, shape.Height, shape.Width])))
            {
                throw new ArgumentException($"the augmentation's samples are {shape} = {shape.Size} floats but the network takes [{string.Join(", ", network.Architecture.InputShape)}] = {network.InputSize}.", nameof(Augmentation));
            }
        }

        if (!Enum.IsDefined(Progress))
        {
            throw new ArgumentOutOfRangeException(nameof(Progress), Progress, "not a ProgressMode value.");
        }
    }

    internal static void CheckData(INetwork network, DataSet data, string name)
    {
        if (data.FeatureSize != network.InputSize)
        {
            throw new ArgumentException($"the {name} set has {data.FeatureSize} features per sample but the network takes {network.InputSize}.", name);
        }

        if (data.HasTargets && data.TargetSize != network.OutputSize)
        {
            throw new ArgumentException($"the {name} set has {data.TargetSize} targets per sample but the network has {network.OutputSize} outputs.", name);
        }
    }
}
