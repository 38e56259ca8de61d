using System.Numerics;
using System.Text.Json;

namespace NetGen.Data.Preprocessing;

/// <summary>
/// A fitted whitening (<see cref="Whiten"/>), from the training mean μ, the k leading unit eigenvectors U [d, k] of
/// the training covariance Σ = (1/n)·XcᵀXc (the rows of <see cref="Components"/>, as <see cref="Pca"/> orders and signs
/// them) and their eigenvalues λ:
/// PCA whitening y = (x − μ)·U·diag(1/√(λ + ε)) [k], ZCA whitening y = (x − μ)·U·diag(1/√(λ + ε))·Uᵀ [d]. With all d
/// components the training covariance of y is diag(λ/(λ + ε)) (PCA) or U·diag(λ/(λ + ε))·Uᵀ (ZCA): the identity up to ε.
/// Both are y = (x − μ)·Wᵀ for <see cref="Matrix"/> W [OutputSize, d], computed (in double, rounded once) from the
/// stored components and eigenvalues, so a whitening loaded from a checkpoint applies the same bits.
/// </summary>
public sealed class Whitening : Preprocessor
{
    private readonly float[] _mean, _components, _eigenvalues, _matrix;
    private readonly ProjectionKernel _kernel;

    internal Whitening(WhiteningKind kind, float epsilon, int[] shape, float[] mean, float[] components, float[] eigenvalues)
        : base(shape, kind == WhiteningKind.Zca ? shape : [eigenvalues.Length])
    {
        (Kind, Epsilon, _mean, _components, _eigenvalues) = (kind, epsilon, mean, components, eigenvalues);
        _matrix = kind == WhiteningKind.Zca ? ZcaMatrix(components, eigenvalues, epsilon, InputSize) : PcaMatrix(components, eigenvalues, epsilon, InputSize);
        _kernel = new ProjectionKernel(mean, InputSize, OutputSize);
    }

    /// <summary>Fits <paramref name="kind"/> whitening on <paramref name="train"/> with all components.</summary>
    public static Whitening Fit(DataSet train, WhiteningKind kind, float epsilon = Whiten.DefaultEpsilon, IReadOnlyList<int>? sampleShape = null) =>
        (Whitening)new Whiten(kind, epsilon).Fit(train, sampleShape);

    /// <summary>PCA or ZCA.</summary>
    public WhiteningKind Kind { get; }

    /// <summary>ε, added to every eigenvalue.</summary>
    public float Epsilon { get; }

    /// <summary>k, the components kept.</summary>
    public int ComponentCount => _eigenvalues.Length;

    /// <summary>The training mean μ [d].</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>The components [k, d], row j the j-th unit eigenvector.</summary>
    public ReadOnlySpan<float> Components => _components;

    /// <summary>λ₁ ≥ … ≥ λₖ ≥ 0 [k].</summary>
    public ReadOnlySpan<float> Eigenvalues => _eigenvalues;

    /// <summary>W [OutputSize, d] with y = (x − μ)·Wᵀ: diag(1/√(λ + ε))·Uᵀ (PCA), or U·diag(1/√(λ + ε))·Uᵀ (ZCA, symmetric).</summary>
    public ReadOnlySpan<float> Matrix => _matrix;

    /// <inheritdoc />
    public override string Describe() => FormattableString.Invariant($"{Kind.ToString().ToUpperInvariant()} whitening (ε = {Epsilon:R}) of [{SampleShape.Text(InputShape)}]{(ComponentCount < InputSize ? $" to {ComponentCount} components" : "")}");

    private protected override void Transform(ReadOnlySpan<float> source, Span<float> destination, int rows) =>
        _kernel.Forward(source, destination, rows, _matrix);

    internal override string FormatKind => Kind == WhiteningKind.Zca ? PreprocessingKinds.ZcaWhitening : PreprocessingKinds.PcaWhitening;

    internal override IReadOnlyList<(string Name, int[] Shape, float[] Values)> Tensors =>
        [("mean", [InputSize], _mean), ("components", [ComponentCount, InputSize], _components), ("eigenvalues", [ComponentCount], _eigenvalues)];

    internal override void WriteSettings(Utf8JsonWriter json) => json.WriteNumber("epsilon", Epsilon);

    private static double Scale(float eigenvalue, float epsilon) => 1.0 / Math.Sqrt((double)eigenvalue + epsilon);

    /// <summary>W [k, d], row j = Uⱼ / √(λⱼ + ε).</summary>
    private static float[] PcaMatrix(float[] components, float[] eigenvalues, float epsilon, int size)
    {
        var w = new float[components.Length];
        for (int j = 0; j < eigenvalues.Length; j++)
        {
            double scale = Scale(eigenvalues[j], epsilon);
            for (int i = 0; i < size; i++)
            {
                w[j * size + i] = (float)(components[j * size + i] * scale);
            }
        }

        return w;
    }

    /// <summary>W [d, d] = Σⱼ UⱼUⱼᵀ / √(λⱼ + ε), accumulated in double.</summary>
    private static float[] ZcaMatrix(float[] components, float[] eigenvalues, float epsilon, int size)
    {
        var sum = new double[size * size];
        var row = new double[size];
        for (int j = 0; j < eigenvalues.Length; j++)
        {
            ReadOnlySpan<float> u = components.AsSpan(j * size, size);
            for (int i = 0; i < size; i++)
            {
                row[i] = u[i];
            }

            double scale = Scale(eigenvalues[j], epsilon);
            for (int a = 0; a < size; a++)
            {
                AddScaled(sum.AsSpan(a * size, size), row, row[a] * scale);
            }
        }

        return [.. sum.Select(v => (float)v)];
    }

    /// <summary>target += factor·row (Vector&lt;double&gt;: the d² inner products of ZCA's d × d matrix dominate its fit).</summary>
    private static void AddScaled(Span<double> target, double[] row, double factor)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var f = new Vector<double>(factor);
            for (; i <= target.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                (new Vector<double>(target.Slice(i)) + f * new Vector<double>(row, i)).CopyTo(target.Slice(i));
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] += factor * row[i];
        }
    }
}
