using NetGen.Initialization;
using NetGen.Randomness;

namespace NetGen.Tests;

/// <summary>Each init scheme's empirical statistics against its formula, and the schemes the generator picks.</summary>
public class InitializationTests
{
    [Fact]
    public void He_normal_has_the_kaiming_standard_deviation()
    {
        var network = new WideMlp(seed: 1); // Auto before ReLU: He normal, std = √2/√784
        AssertMoments(network.Hidden1.Weight, 0.0, Math.Sqrt(2.0 / 784));
        AssertMoments(network.Hidden2.Weight, 0.0, Math.Sqrt(2.0 / 256));
        Assert.All(network.Hidden1.Bias.ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void Xavier_uniform_stays_within_its_bound_and_has_its_variance()
    {
        var values = new float[200_000];
        Initializers.XavierUniform(values, fanIn: 300, fanOut: 100, gain: 1f, new SeededRandom(1));
        double bound = Math.Sqrt(6.0 / 400);
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        AssertMoments(values, 0.0, bound / Math.Sqrt(3));
    }

    [Fact]
    public void Every_scheme_matches_its_formula()
    {
        var random = new SeededRandom(2);
        var values = new float[200_000];
        Initializers.XavierNormal(values, 300, 100, gain: 5f / 3f, random);
        AssertMoments(values, 0, 5.0 / 3.0 * Math.Sqrt(2.0 / 400));
        Initializers.HeUniform(values, 300, gain: Initializers.LeakyReluGain(0.1f), random);
        AssertMoments(values, 0, Math.Sqrt(2.0 / 1.01) / Math.Sqrt(300));
        Initializers.LeCunNormal(values, 300, random);
        AssertMoments(values, 0, 1 / Math.Sqrt(300));
        Initializers.PyTorchDefault(values, 300, random);
        Assert.All(values, v => Assert.InRange(v, -1 / Math.Sqrt(300), 1 / Math.Sqrt(300)));
        AssertMoments(values, 0, 1 / Math.Sqrt(300) / Math.Sqrt(3));
        Initializers.Normal(values, 0.01f, random);
        AssertMoments(values, 0, 0.01);
    }

    [Fact]
    public void Generated_constructors_apply_the_declared_schemes()
    {
        var zoo = new ActivationZoo(seed: 3);
        float pyTorchBound = 1f / MathF.Sqrt(5);
        Assert.All(zoo.Output.Weight.ToArray(), v => Assert.InRange(v, -pyTorchBound, pyTorchBound));
        Assert.Contains(zoo.Output.Bias.ToArray(), b => b != 0f); // PyTorchDefault draws the bias too
        var regressor = new Regressor(seed: 3);
        Assert.All(regressor.Output.Weight.ToArray(), v => Assert.InRange(v, -0.06f, 0.06f)); // σ = 0.01
    }

    [Fact]
    public void Truncated_normal_stays_within_two_sigma_with_the_truncated_spread()
    {
        var values = new float[200_000];
        Initializers.TruncatedNormal(values, fanIn: 400, gain: 2f, new SeededRandom(6));
        double sigma = 2.0 / Math.Sqrt(400);
        Assert.All(values, v => Assert.InRange(v, -2 * sigma, 2 * sigma));
        AssertMoments(values, 0, sigma * 0.8796); // std of N(0, 1) truncated to [-2, 2]
    }

    [Theory]
    [InlineData(64, 16, 1f)]
    [InlineData(16, 64, 1f)]
    [InlineData(40, 40, 1.6666666f)]
    public void Orthogonal_weights_have_orthonormal_rows_or_columns_times_the_gain(int rows, int columns, float gain)
    {
        var w = new float[rows * columns];
        Initializers.Orthogonal(w, rows, columns, gain, new SeededRandom(rows * 100 + columns));
        bool tall = rows >= columns;
        int n = tall ? columns : rows, m = tall ? rows : columns;
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++)
                {
                    dot += tall ? (double)w[i * columns + a] * w[i * columns + b] : (double)w[a * columns + i] * w[b * columns + i];
                }

                Assert.Equal(a == b ? gain * gain : 0, dot, 1e-5);
            }
        }
    }

    [Fact]
    public void Lsuv_brings_every_Lsuv_layer_to_unit_output_variance_on_a_batch()
    {
        var network = new LsuvStack(seed: 4);
        float[] hidden3Before = network.Hidden3.Weight.ToArray();
        var random = new SeededRandom(10);
        var batch = new float[256 * LsuvStack.InputSize];
        for (int i = 0; i < batch.Length; i++)
        {
            batch[i] = random.NextUniform(0f, 3f); // pixel-like: positive, not unit variance
        }

        float[] variances = network.InitializeLsuv(batch);
        Assert.Equal(3, variances.Length);
        Assert.All(variances, v => Assert.InRange(v, 0.9f, 1.1f));
        Assert.Equal(hidden3Before, network.Hidden3.Weight.ToArray()); // Init.Orthogonal layers are left alone
        Assert.Equal(variances, new LsuvStack(seed: 4).InitializeLsuv(batch)); // deterministic

        // The variances are measured, not assumed: recompute Hidden1's output variance from its weights.
        var z = new float[256 * 30];
        NetGen.Runtime.Gemm.MultiplyTransposedB(batch, network.Hidden1.Weight, 256, 30, 20, z, new NetGen.Runtime.GemmScratch());
        NetGen.Runtime.Epilogue.BiasActivation(network.Hidden1.Bias, default(NetGen.Runtime.Identity), 256, z);
        Assert.Equal(variances[0], Lsuv.Variance(z), 1e-4);
        Assert.Throws<ArgumentException>(() => network.InitializeLsuv(new float[257 * LsuvStack.InputSize]));
    }

    [Fact]
    public void Random_stream_is_fixed_by_its_seed()
    {
        var a = new SeededRandom(123);
        var b = new SeededRandom(123);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }

        // Pinned values: a change to the generator would silently change every network's initial weights.
        var pinned = new SeededRandom(0);
        Assert.Equal(0x99EC5F36CB75F2B4UL, pinned.NextUInt64());
    }

    [Fact]
    public void Orthogonal_convolution_filters_are_orthonormal_rows_of_the_flattened_weight()
    {
        // Conv2D [F, C, K, K] is orthogonalized as the [F, C·K·K] matrix torch.nn.init.orthogonal_ flattens it to.
        var network = new OrthogonalCnn(seed: 3);
        ReadOnlySpan<float> w = network.Conv.Weight;
        const int filters = 4, patch = 3 * 3 * 3;
        double gain = Math.Sqrt(2); // ReLU follows
        for (int a = 0; a < filters; a++)
        {
            for (int b = 0; b < filters; b++)
            {
                double dot = 0;
                for (int k = 0; k < patch; k++)
                {
                    dot += (double)w[a * patch + k] * w[b * patch + k];
                }

                Assert.Equal(a == b ? gain * gain : 0, dot, 1e-4);
            }
        }
    }

    private static void AssertMoments(ReadOnlySpan<float> values, double mean, double std)
    {
        double sum = 0, sumSquares = 0;
        foreach (float v in values)
        {
            sum += v;
            sumSquares += (double)v * v;
        }

        double m = sum / values.Length;
        double s = Math.Sqrt(sumSquares / values.Length - m * m);
        Assert.True(Math.Abs(m - mean) < 4 * std / Math.Sqrt(values.Length) + 1e-9, $"mean {m}, expected {mean}");
        Assert.True(Math.Abs(s / std - 1) < 0.03, $"std {s}, expected {std}");
    }
}
