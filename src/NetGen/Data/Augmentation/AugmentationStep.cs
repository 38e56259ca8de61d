using NetGen.Randomness;

namespace NetGen.Data.Augmentation;

/// <summary>
/// One random transformation of a sample, a step of an <see cref="AugmentationPipeline"/>. A step is an immutable
/// description; its random draws come from the <see cref="Augmenter"/>'s stream, a fixed number per sample whatever
/// the outcome (a flip not taken still draws), so every sample's draws are the same for the same seed.
/// </summary>
public abstract class AugmentationStep
{
    private protected AugmentationStep()
    {
    }

    /// <summary>Throws <see cref="ArgumentException"/> (ParamName "steps") when the step cannot transform samples of <paramref name="shape"/>.</summary>
    internal virtual void Check(SampleShape shape)
    {
    }

    /// <summary>Floats of scratch <see cref="Apply"/> needs for one sample of <paramref name="shape"/>.</summary>
    internal virtual int ScratchSize(SampleShape shape) => 0;

    /// <summary>Transforms one sample[C, H, W] in place, drawing from <paramref name="random"/>.</summary>
    internal abstract void Apply(Span<float> sample, SampleShape shape, SeededRandom random, Span<float> scratch);
}
