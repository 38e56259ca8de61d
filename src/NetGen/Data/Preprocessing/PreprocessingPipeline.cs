namespace NetGen.Data.Preprocessing;

/// <summary>
/// Fitted steps applied in order (each step's output is the next one's input), itself a <see cref="Preprocessor"/>, so
/// a pipeline is saved, loaded and exported as one. <see cref="Fit"/> fits each step on the training set as the steps
/// before it leave it. A step's sample shape follows the previous step's output: the raw shape, or [k] after PCA.
/// </summary>
public sealed class PreprocessingPipeline : Preprocessor
{
    /// <summary>Rows per chunk between steps; the two intermediate buffers hold this many rows of the widest step.</summary>
    private const int ChunkRows = 64;

    private readonly Preprocessor[] _steps;
    private readonly Lock _lock = new();
    private float[]? _a, _b;

    /// <summary>Chains fitted steps; each step's input shape must hold as many values as the previous one's output.</summary>
    /// <exception cref="ArgumentException">No steps, or two neighbours that disagree on the sample size.</exception>
    public PreprocessingPipeline(params IReadOnlyList<Preprocessor> steps)
        : base(First(steps).InputShape, steps[^1].OutputShape)
    {
        for (int i = 1; i < steps.Count; i++)
        {
            if (steps[i].InputSize != steps[i - 1].OutputSize)
            {
                throw new ArgumentException($"step {i} ({steps[i].Describe()}) takes {steps[i].InputSize} values per sample, but step {i - 1} ({steps[i - 1].Describe()}) gives {steps[i - 1].OutputSize}.", nameof(steps));
            }
        }

        // A pipeline inside a pipeline is flattened: a checkpoint stores a flat list of steps.
        _steps = [.. steps.SelectMany(s => s.Steps)];
    }

    /// <summary>
    /// Fits <paramref name="steps"/> in order on <paramref name="train"/> (shape as <see cref="PreprocessorFitting.Fit"/>
    /// takes it): step i on the training set transformed by the fitted steps 0 … i − 1. The set is not changed.
    /// </summary>
    public static PreprocessingPipeline Fit(DataSet train, IReadOnlyList<int>? sampleShape, params IReadOnlyList<IPreprocessor> steps)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            throw new ArgumentException("a pipeline needs at least one step.", nameof(steps));
        }

        IReadOnlyList<int> shape = SampleShape.For(train, sampleShape);
        float[] features = train.Features;
        var fitted = new List<Preprocessor>();
        foreach (IPreprocessor step in steps)
        {
            ArgumentNullException.ThrowIfNull(step, nameof(steps));
            Preprocessor next = step.Fit(features, shape);
            fitted.Add(next);
            if (fitted.Count < steps.Count)
            {
                var transformed = new float[(long)train.Count * next.OutputSize];
                next.Apply(features, transformed);
                (features, shape) = (transformed, next.OutputShape);
            }
        }

        return new PreprocessingPipeline(fitted);
    }

    /// <inheritdoc />
    public override IReadOnlyList<Preprocessor> Steps => _steps;

    /// <inheritdoc />
    public override string Describe() => string.Join(" → ", _steps.Select(s => s.Describe()));

    private protected override void Transform(ReadOnlySpan<float> source, Span<float> destination, int rows)
    {
        if (_steps.Length == 1)
        {
            _steps[0].Apply(source, destination);
            return;
        }

        lock (_lock)
        {
            _a ??= new float[ChunkRows * _steps.Max(s => s.OutputSize)];
            _b ??= new float[_a.Length];
            for (int start = 0; start < rows; start += ChunkRows)
            {
                int count = Math.Min(ChunkRows, rows - start);
                ReadOnlySpan<float> x = source.Slice(start * InputSize, count * InputSize);
                Span<float> current = _a.AsSpan(0, count * _steps[0].OutputSize);
                _steps[0].Apply(x, current);
                for (int i = 1; i < _steps.Length; i++)
                {
                    Span<float> next = i == _steps.Length - 1
                        ? destination.Slice(start * OutputSize, count * OutputSize)
                        : (current.Overlaps(_a) ? _b : _a).AsSpan(0, count * _steps[i].OutputSize);
                    _steps[i].Apply(current, next);
                    current = next;
                }
            }
        }
    }

    internal override string FormatKind => throw new InvalidOperationException("a pipeline is stored as its steps.");

    internal override IReadOnlyList<(string Name, int[] Shape, float[] Values)> Tensors => throw new InvalidOperationException("a pipeline is stored as its steps.");

    private static Preprocessor First(IReadOnlyList<Preprocessor> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0 || steps.Any(s => s is null))
        {
            throw new ArgumentException("a pipeline needs at least one step, none null.", nameof(steps));
        }

        return steps[0];
    }
}
