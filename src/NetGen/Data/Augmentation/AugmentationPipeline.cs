namespace NetGen.Data.Augmentation;

/// <summary>
/// Augmentation steps applied in order to every sample of a batch of <see cref="Shape"/>: an immutable description,
/// checked once here (<see cref="ArgumentException"/> naming the step and what it needs). <see cref="CreateAugmenter"/>
/// makes the stateful runner, a seeded stream and scratch; <c>FitOptions.Augmentation</c> hands it to Trainer.Fit.
/// </summary>
public sealed class AugmentationPipeline
{
    private readonly AugmentationStep[] _steps;

    /// <summary>The <paramref name="steps"/>, applied in the order given, to samples of <paramref name="shape"/>.</summary>
    public AugmentationPipeline(SampleShape shape, params AugmentationStep[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (shape.Size == 0)
        {
            throw new ArgumentException("the sample shape is default(SampleShape); give [channels, height, width].", nameof(shape));
        }

        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i] is not { } step)
            {
                throw new ArgumentNullException(nameof(steps), $"steps[{i}] is null.");
            }

            step.Check(shape);
        }

        Shape = shape;
        _steps = [.. steps];
        ScratchSize = _steps.Length == 0 ? 0 : _steps.Max(s => s.ScratchSize(shape));
    }

    /// <summary>One sample's [C, H, W].</summary>
    public SampleShape Shape { get; }

    /// <summary>The steps in the order they run.</summary>
    public IReadOnlyList<AugmentationStep> Steps => _steps;

    /// <summary>
    /// Whether Trainer.Fit prepares the next batch (gather and augment) on a background thread while the current one
    /// trains (double buffering; default true). Off, the same work runs on the training thread; the batches, and so
    /// the trained network, are the same bit for bit.
    /// </summary>
    public bool Prefetch { get; init; } = true;

    internal int ScratchSize { get; }

    /// <summary>The steps, for the runner's loop (an array, not an interface call per sample).</summary>
    internal AugmentationStep[] StepArray => _steps;

    /// <summary>A runner of this pipeline on the stream of <paramref name="seed"/>.</summary>
    public Augmenter CreateAugmenter(long seed) => new(this, seed);
}
