using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using NetGen.Randomness;

namespace NetGen.Data.Augmentation;

/// <summary>
/// AlexNet's colour augmentation ("fancy PCA", Krizhevsky et al. 2012, §4.1): the C×C covariance of the channel values
/// over every pixel of the training set is eigendecomposed, Σ = Σ_i λ_i p_i p_iᵀ, and each sample gets one offset per
/// channel, δ = Σ_i α_i λ_i p_i with α_i ~ N(0, σ²) drawn anew per sample (C normals), added to every pixel of that
/// channel. The offset lies in the span of the eigenvectors of nonzero λ, its coordinate along p_i has standard
/// deviation σ·λ_i. Mixing channels needs more than one: a single-channel shape is refused.
/// </summary>
public sealed class PcaColorAugmentation : AugmentationStep
{
    private readonly double[] _eigenvalues;
    private readonly double[,] _eigenvectors;

    /// <summary>
    /// From a known decomposition: <paramref name="eigenvalues"/>[C] (finite, ≥ 0) and
    /// <paramref name="eigenvectors"/>[C, C] whose column i is p_i; α's standard deviation <paramref name="sigma"/>
    /// (AlexNet's 0.1), finite and ≥ 0.
    /// </summary>
    public PcaColorAugmentation(IReadOnlyList<double> eigenvalues, double[,] eigenvectors, double sigma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        ArgumentNullException.ThrowIfNull(eigenvectors);
        int channels = eigenvalues.Count;
        RefuseSingleChannel(channels, nameof(eigenvalues));
        if (eigenvectors.GetLength(0) != channels || eigenvectors.GetLength(1) != channels)
        {
            throw new ArgumentException($"eigenvectors is [{eigenvectors.GetLength(0)}, {eigenvectors.GetLength(1)}] but {channels} eigenvalues need [{channels}, {channels}] (column i is p_i).", nameof(eigenvectors));
        }

        if (eigenvalues.Any(l => !(l >= 0 && double.IsFinite(l))))
        {
            throw new ArgumentException($"the eigenvalues must be finite and ≥ 0 (a covariance's); got [{string.Join(", ", eigenvalues)}].", nameof(eigenvalues));
        }

        if (!(sigma >= 0 && double.IsFinite(sigma)))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"the α standard deviation σ is {sigma}; it must be finite and ≥ 0.");
        }

        _eigenvalues = [.. eigenvalues];
        _eigenvectors = (double[,])eigenvectors.Clone();
        Sigma = sigma;
    }

    /// <summary>λ_i, the variances along the principal colour axes, largest first after <see cref="Fit"/>.</summary>
    public IReadOnlyList<double> Eigenvalues => _eigenvalues;

    /// <summary>p_i[c] = Eigenvector(i)[c], unit length.</summary>
    public double Eigenvector(int i, int channel) => _eigenvectors[channel, i];

    /// <summary>α's standard deviation.</summary>
    public double Sigma { get; }

    /// <summary>Channels the decomposition is for.</summary>
    public int Channels => _eigenvalues.Length;

    /// <summary>
    /// Fits the channel covariance of <paramref name="data"/> (every sample of <paramref name="shape"/>, every pixel; in
    /// double, two passes: the channel means, then Σ = mean of (x − μ)(x − μ)ᵀ) and eigendecomposes it with Math.NET's
    /// symmetric EVD. Fit it on the training data, never the validation or test data.
    /// </summary>
    public static PcaColorAugmentation Fit(DataSet data, SampleShape shape, double sigma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(data);
        RefuseSingleChannel(shape.Channels, nameof(shape));
        if (data.FeatureSize != shape.Size)
        {
            throw new ArgumentException($"the data set has {data.FeatureSize} features per sample but the shape {shape} holds {shape.Size}.", nameof(shape));
        }

        if (data.Count == 0)
        {
            throw new ArgumentException("the data set is empty: there is no covariance to fit.", nameof(data));
        }

        int channels = shape.Channels;
        double[,] covariance = Covariance(data, shape);
        var evd = Matrix<double>.Build.DenseOfArray(covariance).Evd(Symmetricity.Symmetric);
        // Math.NET orders the symmetric eigenvalues ascending; keep the largest first, as PCA is read.
        var eigenvalues = new double[channels];
        var eigenvectors = new double[channels, channels];
        for (int i = 0; i < channels; i++)
        {
            int from = channels - 1 - i;
            eigenvalues[i] = Math.Max(0, evd.EigenValues[from].Real); // rounding can leave −1e-17 for a zero variance
            for (int c = 0; c < channels; c++)
            {
                eigenvectors[c, i] = evd.EigenVectors[c, from];
            }
        }

        return new PcaColorAugmentation(eigenvalues, eigenvectors, sigma);
    }

    internal override void Check(SampleShape shape)
    {
        if (shape.Channels != Channels)
        {
            throw new ArgumentException($"PcaColorAugmentation was fitted for {Channels} channels but the sample shape {shape} has {shape.Channels}.", "steps");
        }
    }

    internal override int ScratchSize(SampleShape shape) => 2 * shape.Channels;

    internal override void Apply(Span<float> sample, SampleShape shape, SeededRandom random, Span<float> scratch)
    {
        Span<float> offset = scratch[..Channels];
        Offset(random, offset, scratch.Slice(Channels, Channels));
        for (int c = 0; c < Channels; c++)
        {
            PlaneKernels.ScaleShift(sample.Slice(c * shape.PlaneSize, shape.PlaneSize), 1f, offset[c]);
        }
    }

    /// <summary>One sample's offset: α_i = σ·N(0, 1) for i in order (rounded to float), then offset[c] = Σ_i p_i[c]·α_i·λ_i in double, rounded to float.</summary>
    internal void Offset(SeededRandom random, Span<float> offset, Span<float> alphas)
    {
        for (int i = 0; i < Channels; i++)
        {
            alphas[i] = (float)(Sigma * random.NextNormal());
        }

        for (int c = 0; c < Channels; c++)
        {
            double sum = 0;
            for (int i = 0; i < Channels; i++)
            {
                sum += _eigenvectors[c, i] * alphas[i] * _eigenvalues[i];
            }

            offset[c] = (float)sum;
        }
    }

    private static double[,] Covariance(DataSet data, SampleShape shape)
    {
        int channels = shape.Channels, plane = shape.PlaneSize;
        var mean = new double[channels];
        for (int n = 0; n < data.Count; n++)
        {
            ReadOnlySpan<float> sample = data.Sample(n);
            for (int c = 0; c < channels; c++)
            {
                foreach (float x in sample.Slice(c * plane, plane))
                {
                    mean[c] += x;
                }
            }
        }

        double pixels = (double)data.Count * plane;
        for (int c = 0; c < channels; c++)
        {
            mean[c] /= pixels;
        }

        var covariance = new double[channels, channels];
        var centred = new double[channels];
        for (int n = 0; n < data.Count; n++)
        {
            ReadOnlySpan<float> sample = data.Sample(n);
            for (int p = 0; p < plane; p++)
            {
                for (int c = 0; c < channels; c++)
                {
                    centred[c] = sample[c * plane + p] - mean[c];
                }

                for (int a = 0; a < channels; a++)
                {
                    for (int b = a; b < channels; b++)
                    {
                        covariance[a, b] += centred[a] * centred[b];
                    }
                }
            }
        }

        for (int a = 0; a < channels; a++)
        {
            for (int b = a; b < channels; b++)
            {
                covariance[a, b] /= pixels;
                covariance[b, a] = covariance[a, b];
            }
        }

        return covariance;
    }

    private static void RefuseSingleChannel(int channels, string name)
    {
        if (channels < 2)
        {
            throw new ArgumentException($"PCA colour augmentation mixes the channels along their principal axes; data with {channels} channel has no colour to shift (use BrightnessJitter for a grayscale image).", name);
        }
    }
}
