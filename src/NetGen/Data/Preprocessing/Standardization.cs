using System.Text.Json;

namespace NetGen.Data.Preprocessing;

/// <summary>
/// A fitted standardization (<see cref="Standardize"/>): x′ = (x − Mean[g]) / StandardDeviation[g], g the value's
/// group under <see cref="Scope"/> (one group, one per feature, or one per channel).
/// </summary>
public sealed class Standardization : Preprocessor
{
    private readonly float[] _mean, _std;

    internal Standardization(StatisticScope scope, int[] shape, float[] mean, float[] std)
        : base(shape, shape) => (Scope, _mean, _std) = (scope, mean, std);

    /// <summary>Fits on <paramref name="train"/> (shape as <see cref="PreprocessorFitting.Fit"/> takes it).</summary>
    public static Standardization Fit(DataSet train, StatisticScope scope = StatisticScope.PerFeature, IReadOnlyList<int>? sampleShape = null) =>
        (Standardization)new Standardize(scope).Fit(train, sampleShape);

    /// <summary>Which values share a mean and a standard deviation.</summary>
    public StatisticScope Scope { get; }

    /// <summary>The fitted means: [1], [features] (or [C, H, W] flattened) or [C].</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>The fitted population standard deviations, as <see cref="Mean"/>; 1 where a group is constant.</summary>
    public ReadOnlySpan<float> StandardDeviation => _std;

    /// <inheritdoc />
    public override string Describe() => $"standardization ({Scope}) of [{SampleShape.Text(InputShape)}]";

    private protected override void Transform(ReadOnlySpan<float> source, Span<float> destination, int rows) =>
        GroupStatistics.Apply(source, destination, rows, _mean, _std);

    internal override string FormatKind => PreprocessingKinds.Standardization;

    internal override IReadOnlyList<(string Name, int[] Shape, float[] Values)> Tensors
    {
        get
        {
            int[] shape = GroupStatistics.TensorShape(Scope, InputShape, _mean.Length);
            return [("mean", shape, _mean), ("std", shape, _std)];
        }
    }

    internal override void WriteSettings(Utf8JsonWriter json) => json.WriteString("scope", PreprocessingKinds.Name(Scope));
}
