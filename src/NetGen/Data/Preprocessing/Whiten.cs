namespace NetGen.Data.Preprocessing;

/// <summary>
/// Whitening to fit (see <see cref="Whitening"/>): decorrelates the features and scales each eigen-direction to unit
/// variance, with ε added to every eigenvalue so directions of (almost) no variance are not blown up.
/// </summary>
public sealed class Whiten : IPreprocessor
{
    /// <summary>The ε the course uses (<c>Xrot / np.sqrt(S + 1e-5)</c>) when none is given.</summary>
    public const float DefaultEpsilon = 1e-5f;

    /// <summary>Whitening of <paramref name="kind"/> with <paramref name="epsilon"/>, keeping <paramref name="components"/> (default: all d).</summary>
    /// <exception cref="ArgumentOutOfRangeException">ε is not a finite number &gt; 0, or components &lt; 1.</exception>
    public Whiten(WhiteningKind kind, float epsilon = DefaultEpsilon, int? components = null)
    {
        if (kind is not (WhiteningKind.Pca or WhiteningKind.Zca))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "the whitening is Pca or Zca.");
        }

        if (!(epsilon > 0) || !float.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε is added to every eigenvalue before 1/√(λ + ε): a finite number > 0 (the course uses 1e-5).");
        }

        if (components is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, "whitening keeps at least one component (null keeps all).");
        }

        (Kind, Epsilon, Components) = (kind, epsilon, components);
    }

    /// <summary>
    /// The whitening a command-line option names: "pca" or "zca" (any case), e.g. for <c>--whiten zca</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static Whiten Parse(string name, float epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "pca" => new Whiten(WhiteningKind.Pca, epsilon),
            "zca" => new Whiten(WhiteningKind.Zca, epsilon),
            _ => throw new ArgumentException($"'{name}' is not a whitening; expected 'pca' or 'zca'.", nameof(name)),
        };
    }

    /// <summary>PCA or ZCA.</summary>
    public WhiteningKind Kind { get; }

    /// <summary>ε &gt; 0, added to every eigenvalue.</summary>
    public float Epsilon { get; }

    /// <summary>The components kept, or null for all d.</summary>
    public int? Components { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">More components than the sample has values.</exception>
    public Preprocessor Fit(ReadOnlySpan<float> samples, IReadOnlyList<int> sampleShape)
    {
        int[] shape = SampleShape.Checked(sampleShape, nameof(sampleShape));
        int size = SampleShape.Size(shape);
        int k = Components ?? size;
        if (k > size)
        {
            throw new ArgumentOutOfRangeException(nameof(Components), k, $"whitening keeps 1 to {size} components of samples of {size} values.");
        }

        SampleShape.FitCount(samples, size, "a whitening");
        Eigenbasis basis = Eigenbasis.Fit(samples, size);
        float[] eigenvalues = [.. basis.Eigenvalues.Take(k).Select(v => (float)v)];
        return new Whitening(Kind, Epsilon, shape, basis.Mean, basis.Top(k), eigenvalues);
    }
}
