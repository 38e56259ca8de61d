namespace NetGen.Data.Preprocessing;

/// <summary>
/// PCA to fit: the <see cref="Components"/> leading eigenvectors of the training covariance (see <see cref="Pca"/>);
/// the fitted transform maps a sample of d values to its k coordinates y = (x − μ)·Uₖ.
/// </summary>
public sealed class PrincipalComponents : IPreprocessor
{
    /// <summary>Keeps <paramref name="components"/> components, 1 to the sample size d (checked when fitted).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="components"/> &lt; 1.</exception>
    public PrincipalComponents(int components)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        Components = components;
    }

    /// <summary>k, the components kept.</summary>
    public int Components { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">k is larger than the sample size.</exception>
    public Preprocessor Fit(ReadOnlySpan<float> samples, IReadOnlyList<int> sampleShape)
    {
        int[] shape = SampleShape.Checked(sampleShape, nameof(sampleShape));
        int size = SampleShape.Size(shape);
        if (Components > size)
        {
            throw new ArgumentOutOfRangeException(nameof(Components), Components, $"PCA keeps 1 to {size} components of samples of {size} values.");
        }

        SampleShape.FitCount(samples, size, "a PCA");
        Eigenbasis basis = Eigenbasis.Fit(samples, size);
        float[] variance = [.. basis.Eigenvalues.Take(Components).Select(v => (float)v)];
        return new Pca(shape, basis.Mean, basis.Top(Components), variance, basis.Eigenvalues.Sum());
    }
}
