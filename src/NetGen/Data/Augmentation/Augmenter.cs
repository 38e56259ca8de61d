using NetGen.Randomness;

namespace NetGen.Data.Augmentation;

/// <summary>
/// Runs an <see cref="AugmentationPipeline"/> over batches[n, C, H, W]: for each sample in order, each step in order,
/// drawing from one <see cref="SeededRandom"/> stream, so the same seed and the same sequence of batches give the same
/// augmented batches bit for bit, on any thread (the kernels do not depend on the vector width either). Scratch is
/// allocated once; a call allocates nothing. Not thread-safe: one augmenter per thread.
/// </summary>
public sealed class Augmenter
{
    private readonly AugmentationPipeline _pipeline;
    private readonly SeededRandom _random;
    private readonly float[] _scratch;

    internal Augmenter(AugmentationPipeline pipeline, long seed)
    {
        _pipeline = pipeline;
        _random = new SeededRandom(seed);
        _scratch = new float[pipeline.ScratchSize];
    }

    /// <summary>The pipeline this runs.</summary>
    public AugmentationPipeline Pipeline => _pipeline;

    /// <summary>Restarts the stream as <c>CreateAugmenter(seed)</c> starts it (no allocation).</summary>
    public void Reseed(long seed) => _random.Reseed(seed);

    /// <summary>Augments every sample of <paramref name="batch"/>[n, C, H, W] in place; its length must be a multiple of the sample size.</summary>
    public void Apply(Span<float> batch)
    {
        SampleShape shape = _pipeline.Shape;
        CheckLength(batch.Length, nameof(batch));
        AugmentationStep[] steps = _pipeline.StepArray;
        for (int start = 0; start < batch.Length; start += shape.Size)
        {
            Span<float> sample = batch.Slice(start, shape.Size);
            for (int s = 0; s < steps.Length; s++)
            {
                steps[s].Apply(sample, shape, _random, _scratch);
            }
        }
    }

    /// <summary>Writes the augmented <paramref name="source"/> to <paramref name="destination"/>, of the same length (source is left alone unless they overlap).</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        CheckLength(source.Length, nameof(source));
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats but source {source.Length}: they must be the same length.", nameof(destination));
        }

        source.CopyTo(destination);
        Apply(destination);
    }

    private void CheckLength(int length, string name)
    {
        SampleShape shape = _pipeline.Shape;
        if (length % shape.Size != 0)
        {
            throw new ArgumentException($"{name} holds {length} floats, not a whole number of samples of {shape} = {shape.Size} floats.", name);
        }
    }
}
