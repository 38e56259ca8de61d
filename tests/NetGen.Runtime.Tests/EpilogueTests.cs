namespace NetGen.Runtime.Tests;

/// <summary>The vectorized epilogue kernels against their scalar reference at every length 0..257 and every width.</summary>
public class EpilogueTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    [Theory]
    [MemberData(nameof(Widths))]
    public void BiasActivation_matches_reference_for_every_activation_and_length(SimdWidth width)
    {
        CheckBiasActivation(new Identity(), width);
        CheckBiasActivation(new Relu(), width);
        CheckBiasActivation(new LeakyRelu(0.01f), width);
        CheckBiasActivation(new LeakyRelu(0.3f), width);
        CheckBiasActivation(new Tanh(), width);
        CheckBiasActivation(new Sigmoid(), width);
        CheckBiasActivation(new Elu(1f), width);
        CheckBiasActivation(new Elu(0.5f), width);
        CheckBiasActivation(new Gelu(), width);
        CheckBiasActivation(new Silu(), width);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void ActivationBackward_matches_reference_for_every_activation_and_length(SimdWidth width)
    {
        CheckBackward(new Identity(), width);
        CheckBackward(new Relu(), width);
        CheckBackward(new LeakyRelu(0.01f), width);
        CheckBackward(new LeakyRelu(0.3f), width);
        CheckBackward(new Tanh(), width);
        CheckBackward(new Sigmoid(), width);
        CheckBackward(new Elu(1f), width);
        CheckBackward(new Gelu(), width);
        CheckBackward(new Silu(), width);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Activation_without_bias_matches_scalar_form(SimdWidth width)
    {
        for (int length = 0; length <= 257; length++)
        {
            float[] y = TestData.Uniform(length, seed: length, -6f, 6f);
            float[] expected = y.Select(v => new Tanh().Apply(v)).ToArray();
            Assert.Equal(ExpectedCoverage.Of(width, length), Epilogue.Activation(new Tanh(), y, width));
            Close.All(expected, y, 3e-7f, $"tanh length {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Out_of_place_bias_activation_keeps_z_and_writes_y(SimdWidth width)
    {
        for (int cols = 0; cols <= 257; cols += 7)
        {
            float[] bias = TestData.Uniform(cols, seed: cols);
            float[] z = TestData.Uniform(3 * cols, seed: cols + 1, -4f, 4f);
            float[] expectedZ = z.Select((v, i) => v + bias[i % Math.Max(cols, 1)]).ToArray();
            var y = new float[z.Length];
            Assert.Equal(ExpectedCoverage.Of(width, 3, cols), Epilogue.BiasActivation(bias, new Gelu(), 3, z, y, width));
            Close.All(expectedZ, z, 0f, $"z at {cols}");
            Close.All(expectedZ.Select(v => new Gelu().Apply(v)).ToArray(), y, 3e-7f, $"y at {cols}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Out_of_place_activation_without_bias_leaves_z_and_writes_y(SimdWidth width)
    {
        for (int length = 0; length <= 100; length++)
        {
            float[] z = TestData.Uniform(length, seed: length + 5, -4f, 4f);
            float[] before = (float[])z.Clone();
            var y = new float[length];
            Assert.Equal(ExpectedCoverage.Of(width, length), Epilogue.BiasActivation(ReadOnlySpan<float>.Empty, new Silu(), 4, z, y, width));
            Close.All(before, z, 0f, $"z at {length}");
            Close.All(before.Select(v => new Silu().Apply(v)).ToArray(), y, 3e-7f, $"y at {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void SumRows_matches_reference_at_every_width_and_length(SimdWidth width)
    {
        foreach (int rows in new[] { 1, 3, 32 })
        {
            for (int cols = 0; cols <= 257; cols++)
            {
                float[] dy = TestData.Uniform(rows * cols, seed: rows * 1000 + cols);
                var expected = new float[cols];
                var actual = new float[cols];
                EpilogueReference.SumRows(dy, rows, expected);
                Assert.Equal(ExpectedCoverage.Of(width, rows, cols), Epilogue.SumRows(dy, rows, actual, width));
                Close.All(expected, actual, 1e-5f, $"{rows} rows × {cols}");
            }
        }
    }

    private static void CheckBiasActivation<T>(T activation, SimdWidth width)
        where T : struct, IActivation
    {
        foreach (int rows in new[] { 1, 2, 5 })
        {
            for (int cols = 0; cols <= 257; cols++)
            {
                float[] bias = TestData.Uniform(cols, seed: cols);
                float[] y = TestData.Uniform(rows * cols, seed: rows * 7 + cols, -8f, 8f);
                float[] expected = (float[])y.Clone();
                EpilogueReference.BiasActivation(bias, activation, rows, expected);
                Assert.Equal(ExpectedCoverage.Of(width, rows, cols), Epilogue.BiasActivation(bias, activation, rows, y, width));
                Close.All(expected, y, 3e-7f, $"{typeof(T).Name} {rows}×{cols}");
            }
        }
    }

    private static void CheckBackward<T>(T activation, SimdWidth width)
        where T : struct, IActivation
    {
        for (int length = 0; length <= 257; length++)
        {
            float[] x = TestData.Uniform(length, seed: length, -5f, 5f);
            float[] through = activation.DerivativeThroughInput ? x : x.Select(v => activation.Apply(v)).ToArray();
            float[] dy = TestData.Uniform(length, seed: length + 999);
            float[] expected = (float[])dy.Clone();
            EpilogueReference.ActivationBackward(through, activation, expected);
            Assert.Equal(ExpectedCoverage.Of(width, length), Epilogue.ActivationBackward(through, activation, dy, width));
            Close.All(expected, dy, 1e-6f, $"{typeof(T).Name} backward length {length}");
        }
    }
}
