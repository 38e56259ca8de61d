using System.Text.Json;

namespace NetGen.Data.Preprocessing;

/// <summary>
/// A fitted preprocessing transform: statistics computed once on the training set (by an <see cref="IPreprocessor"/>'s
/// Fit) and applied unchanged to every batch, training, validation or test, samples as rows of
/// <see cref="InputSize"/> in and of <see cref="OutputSize"/> out. <c>Apply</c> allocates nothing per call and may be
/// called from several threads (the matrix steps' scratch is taken under a lock). A network's checkpoint can hold it
/// (<c>net.Save(path, preprocessing)</c>, <c>Checkpoint.LoadPreprocessing</c>) and its ONNX export can start with it
/// (<c>net.ExportOnnx(path, preprocessing)</c>), so a deployed model takes raw inputs.
/// </summary>
public abstract class Preprocessor
{
    private protected Preprocessor(IReadOnlyList<int> inputShape, IReadOnlyList<int> outputShape)
    {
        InputShape = inputShape;
        OutputShape = outputShape;
        InputSize = SampleShape.Size(inputShape);
        OutputSize = SampleShape.Size(outputShape);
    }

    /// <summary>One raw sample's shape: [features] or [C, H, W].</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>One transformed sample's shape: the input shape for elementwise steps and ZCA, [k] after PCA.</summary>
    public IReadOnlyList<int> OutputShape { get; }

    /// <summary>Floats per raw sample.</summary>
    public int InputSize { get; }

    /// <summary>Floats per transformed sample.</summary>
    public int OutputSize { get; }

    /// <summary>The steps this transform applies in order: itself, or a pipeline's steps.</summary>
    public virtual IReadOnlyList<Preprocessor> Steps => [this];

    /// <summary>Transforms batch[n, InputSize] in place (only where OutputSize = InputSize).</summary>
    /// <exception cref="InvalidOperationException">The transform changes the sample size (PCA to k &lt; d).</exception>
    /// <exception cref="ArgumentException">The length is not a whole number of samples.</exception>
    public void Apply(Span<float> batch)
    {
        if (OutputSize != InputSize)
        {
            throw new InvalidOperationException($"{Describe()} maps {InputSize} floats per sample to {OutputSize}, so it cannot work in place: call Apply(source, destination).");
        }

        int rows = SampleShape.Rows(batch.Length, InputSize, nameof(batch));
        Transform(batch, batch, rows);
    }

    /// <summary>
    /// destination[n, OutputSize] = the transform of source[n, InputSize]. The two are the same span or do not overlap.
    /// </summary>
    /// <exception cref="ArgumentException">A length is not a whole number of samples, the two disagree on n, or they overlap without being the same span.</exception>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        SampleShape.Distinct(source, destination);
        int rows = SampleShape.Rows(source.Length, InputSize, nameof(source));
        if ((long)rows * OutputSize != destination.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; {rows} samples of {InputSize} in need {(long)rows * OutputSize} out ({OutputSize} per sample).", nameof(destination));
        }

        Transform(source, destination, rows);
    }

    /// <summary>A new set of <paramref name="set"/>'s samples transformed (labels or targets shared, not copied).</summary>
    public DataSet Apply(DataSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.FeatureSize != InputSize)
        {
            throw new ArgumentException($"the set's samples have {set.FeatureSize} features; {Describe()} takes {InputSize}.", nameof(set));
        }

        var features = new float[(long)set.Count * OutputSize];
        Transform(set.Features, features, set.Count);
        return set.HasTargets ? new DataSet(features, set.Targets, OutputSize, set.TargetSize) : new DataSet(features, set.Labels, OutputSize);
    }

    /// <summary>The step in words, for messages and summaries (e.g. "ZCA whitening (ε = 1e-05) of [784]").</summary>
    public abstract string Describe();

    /// <inheritdoc />
    public override string ToString() => Describe();

    /// <summary>destination[rows, OutputSize] from source[rows, InputSize]; checked lengths; the spans are equal or disjoint.</summary>
    private protected abstract void Transform(ReadOnlySpan<float> source, Span<float> destination, int rows);

    /// <summary>The checkpoint's name of this step's kind ("standardization", "zca_whitening", ...; docs/checkpoints.md).</summary>
    internal abstract string FormatKind { get; }

    /// <summary>The step's fitted tensors as a checkpoint stores them: name (after "preprocessing.&lt;i&gt;."), shape, values.</summary>
    internal abstract IReadOnlyList<(string Name, int[] Shape, float[] Values)> Tensors { get; }

    /// <summary>Writes the step's settings (kind, shapes, ε, ...) as properties of its JSON object.</summary>
    internal virtual void WriteSettings(Utf8JsonWriter json)
    {
    }
}
