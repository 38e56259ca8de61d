using System.Text.Json;

namespace NetGen.Data.Preprocessing;

/// <summary>A fitted mean subtraction (<see cref="SubtractMean"/>): x′ = x − Mean[g], g the value's group under <see cref="Scope"/>.</summary>
public sealed class MeanSubtraction : Preprocessor
{
    private readonly float[] _mean;

    internal MeanSubtraction(StatisticScope scope, int[] shape, float[] mean)
        : base(shape, shape) => (Scope, _mean) = (scope, mean);

    /// <summary>Fits on <paramref name="train"/>: by default the mean image, AlexNet's preprocessing.</summary>
    public static MeanSubtraction Fit(DataSet train, StatisticScope scope = StatisticScope.PerFeature, IReadOnlyList<int>? sampleShape = null) =>
        (MeanSubtraction)new SubtractMean(scope).Fit(train, sampleShape);

    /// <summary>Which values share a mean.</summary>
    public StatisticScope Scope { get; }

    /// <summary>The fitted means: [1], the mean image [features] (flattened [C, H, W]) or [C].</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <inheritdoc />
    public override string Describe() => $"mean subtraction ({Scope}) of [{SampleShape.Text(InputShape)}]";

    private protected override void Transform(ReadOnlySpan<float> source, Span<float> destination, int rows) =>
        GroupStatistics.Apply(source, destination, rows, _mean, std: null);

    internal override string FormatKind => PreprocessingKinds.MeanSubtraction;

    internal override IReadOnlyList<(string Name, int[] Shape, float[] Values)> Tensors =>
        [("mean", GroupStatistics.TensorShape(Scope, InputShape, _mean.Length), _mean)];

    internal override void WriteSettings(Utf8JsonWriter json) => json.WriteString("scope", PreprocessingKinds.Name(Scope));
}
