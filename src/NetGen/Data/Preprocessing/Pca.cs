using System.Text.Json;

namespace NetGen.Data.Preprocessing;

/// <summary>
/// A fitted PCA: μ (the training mean), the k leading unit eigenvectors of the training covariance
/// Σ = (1/n)·XcᵀXc as the rows of <see cref="Components"/> [k, d] (sorted by eigenvalue, descending; sign: each row's
/// entry of largest magnitude is positive), and their eigenvalues, the variance along each
/// (<see cref="ExplainedVariance"/>). Apply (Transform) maps x[d] to y[k] = Components·(x − μ);
/// <see cref="InverseTransform"/> maps back, x̂ = Componentsᵀ·y + μ. Over the training set the mean squared
/// reconstruction error Σᵢ(x − x̂)ᵢ² is the sum of the discarded eigenvalues, <see cref="TotalVariance"/> − Σ ExplainedVariance.
/// </summary>
public sealed class Pca : Preprocessor
{
    private readonly float[] _mean, _components, _variance;
    private readonly ProjectionKernel _kernel;

    internal Pca(int[] shape, float[] mean, float[] components, float[] variance, double totalVariance)
        : base(shape, [variance.Length])
    {
        (_mean, _components, _variance, TotalVariance) = (mean, components, variance, totalVariance);
        _kernel = new ProjectionKernel(mean, InputSize, OutputSize);
    }

    /// <summary>Fits <paramref name="components"/> components on <paramref name="train"/>.</summary>
    public static Pca Fit(DataSet train, int components, IReadOnlyList<int>? sampleShape = null) =>
        (Pca)new PrincipalComponents(components).Fit(train, sampleShape);

    /// <summary>k.</summary>
    public int ComponentCount => _variance.Length;

    /// <summary>The training mean μ [d].</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>The components [k, d], row j the j-th unit eigenvector.</summary>
    public ReadOnlySpan<float> Components => _components;

    /// <summary>The eigenvalues λ₁ ≥ … ≥ λₖ ≥ 0 [k]: the training variance along each component.</summary>
    public ReadOnlySpan<float> ExplainedVariance => _variance;

    /// <summary>The training set's total variance, trace Σ = the sum of all d eigenvalues.</summary>
    public double TotalVariance { get; }

    /// <summary>λⱼ / trace Σ for component j.</summary>
    public double ExplainedVarianceRatio(int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, ComponentCount);
        return TotalVariance > 0 ? _variance[component] / TotalVariance : 0;
    }

    /// <summary>The fraction of the total variance the first <paramref name="components"/> (1 to k) keep.</summary>
    public double CumulativeVarianceRatio(int components)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, ComponentCount);
        double kept = 0;
        for (int j = 0; j < components; j++)
        {
            kept += _variance[j];
        }

        return TotalVariance > 0 ? kept / TotalVariance : 0;
    }

    /// <summary>The same fit keeping only its first <paramref name="components"/> (1 to k): what fitting with that k gives, without a second fit.</summary>
    public Pca Truncated(int components)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, ComponentCount);
        return new Pca([.. InputShape], _mean, _components[..(components * InputSize)], _variance[..components], TotalVariance);
    }

    /// <summary>
    /// destination[n, d] = source[n, k]·Components + μ: back from coordinates to samples (exact up to rounding when
    /// k = d). The two are the same span or do not overlap.
    /// </summary>
    /// <exception cref="ArgumentException">A length is not a whole number of rows, the two disagree on n, or they overlap without being the same span.</exception>
    public void InverseTransform(ReadOnlySpan<float> source, Span<float> destination)
    {
        SampleShape.Distinct(source, destination);
        int rows = SampleShape.Rows(source.Length, OutputSize, nameof(source));
        if ((long)rows * InputSize != destination.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; {rows} rows of {OutputSize} coordinates need {(long)rows * InputSize} ({InputSize} per sample).", nameof(destination));
        }

        _kernel.Backward(source, destination, rows, _components);
    }

    /// <inheritdoc />
    public override string Describe() => $"PCA of [{SampleShape.Text(InputShape)}] to {ComponentCount} components";

    private protected override void Transform(ReadOnlySpan<float> source, Span<float> destination, int rows) =>
        _kernel.Forward(source, destination, rows, _components);

    internal override string FormatKind => PreprocessingKinds.Pca;

    internal override IReadOnlyList<(string Name, int[] Shape, float[] Values)> Tensors =>
        [("mean", [InputSize], _mean), ("components", [ComponentCount, InputSize], _components), ("explained_variance", [ComponentCount], _variance)];

    internal override void WriteSettings(Utf8JsonWriter json) => json.WriteNumber("total_variance", TotalVariance);
}
