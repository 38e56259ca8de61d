namespace NetGen.Runtime.Tests;

/// <summary>
/// Max and average pooling forward and backward against <see cref="PoolingReference"/>: the 2 × 2 stride-2 window
/// (its vector path) at every output row width 1..20 (fewer than 4, 4 to 7, whole and partial groups of 8), and the
/// general loop at other windows and strides, and every combination of padding 0/1 (2 for a 5-wide window), ceil mode
/// on and off and count_include_pad on and off over odd and even sizes with strides equal to and other than the size.
/// Inputs are multiples of 1/4, so ties are common and must go to the first.
/// </summary>
public class PoolingReferenceTests
{
    public static TheoryData<int, int, int, int, int, int, bool> Shapes()
    {
        var shapes = new TheoryData<int, int, int, int, int, int, bool>(); // channels, height, width, kernel, stride, padding, ceil mode
        for (int width = 2; width <= 41; width++) // 1 to 20 windows a row: the 4-, 8-wide and overlapping steps, and the scalar rows
        {
            shapes.Add(2, 2 + width % 5, width, 2, 2, 0, false);
        }

        shapes.Add(3, 9, 11, 3, 1, 0, false);
        shapes.Add(2, 10, 13, 3, 2, 0, false);
        shapes.Add(1, 7, 7, 2, 1, 0, false);
        shapes.Add(2, 12, 12, 4, 4, 0, false);
        shapes.Add(1, 5, 8, 1, 1, 0, false);
        foreach ((int kernel, int stride) in new[] { (2, 2), (3, 2), (3, 3), (2, 1), (3, 1), (4, 3), (5, 2), (1, 3) })
        {
            foreach ((int height, int width) in new[] { (7, 8), (8, 9), (6, 6), (5, 11) })
            {
                for (int padding = 0; padding <= Math.Min(kernel / 2, kernel == 5 ? 2 : 1); padding++)
                {
                    foreach (bool ceil in new[] { false, true })
                    {
                        if (padding > 0 || ceil)
                        {
                            shapes.Add(2, height, width, kernel, stride, padding, ceil);
                        }
                    }
                }
            }
        }

        shapes.Add(1, 2, 2, 3, 2, 0, true); // ceil mode: one window larger than its input, as PyTorch allows
        shapes.Add(1, 2, 3, 5, 2, 2, true);
        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Max_pooling_matches_the_reference(int channels, int height, int width, int kernel, int stride, int padding, bool ceil)
    {
        var shape = new ConvShape(channels, height, width, channels, kernel, stride, padding, ceil);
        const int batch = 2;
        float[] x = Quarters(batch * shape.InputSize, seed: width * 31 + kernel);
        float[] y = new float[batch * shape.OutputSize], expectedY = new float[y.Length];
        int[] winners = new int[y.Length], expectedWinners = new int[y.Length];
        PoolingReference.MaxForward(x, shape, batch, expectedY, expectedWinners);
        foreach (SimdWidth simd in new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            Pooling.MaxForward(x, shape, batch, y, winners, simd);
            Assert.Equal(expectedY, y);
            Assert.Equal(expectedWinners, winners);
        }

        float[] dy = TestData.Uniform(y.Length, seed: width), dx = new float[x.Length], expectedDx = new float[x.Length];
        Array.Fill(dx, float.NaN); // overwritten, not accumulated into
        Pooling.MaxBackward(dy, winners, shape, batch, dx);
        PoolingReference.MaxBackward(dy, expectedWinners, shape, batch, expectedDx);
        Close.All(expectedDx, dx, 1e-6f, $"max dx {shape}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Average_pooling_matches_the_reference(int channels, int height, int width, int kernel, int stride, int padding, bool ceil)
    {
        foreach (bool countIncludePad in new[] { true, false })
        {
            var shape = new ConvShape(channels, height, width, channels, kernel, stride, padding, ceil, countIncludePad);
            const int batch = 2;
            float[] x = TestData.Uniform(batch * shape.InputSize, seed: width * 17 + kernel);
            float[] y = new float[batch * shape.OutputSize], expectedY = new float[y.Length];
            Pooling.AverageForward(x, shape, batch, y);
            PoolingReference.AverageForward(x, shape, batch, expectedY);
            Close.All(expectedY, y, 1e-6f, $"average y {shape}");

            float[] dy = TestData.Uniform(y.Length, seed: width + 5), dx = new float[x.Length], expectedDx = new float[x.Length];
            Array.Fill(dx, float.NaN);
            Pooling.AverageBackward(dy, shape, batch, dx);
            PoolingReference.AverageBackward(dy, shape, batch, expectedDx);
            Close.All(expectedDx, dx, 1e-6f, $"average dx {shape}");
        }
    }

    /// <summary>Output sizes as torch 1.13 gives them (nn.MaxPool2d on a 1 × 1 × size × size input).</summary>
    [Theory]
    [InlineData(5, 2, 2, 0, true, 3)] // ceil: the third window starts at row 4, inside the input
    [InlineData(5, 2, 2, 0, false, 2)]
    [InlineData(6, 2, 2, 1, true, 4)] // (6 + 2 − 2)/2 + 1 = 4; a fifth would start in the right padding
    [InlineData(5, 3, 2, 1, true, 3)]
    [InlineData(5, 1, 3, 0, true, 2)] // the ceil window at row 6 would start past the input: dropped
    [InlineData(2, 3, 2, 0, true, 1)] // a window larger than the input, kept by ceil mode
    [InlineData(7, 3, 3, 1, false, 3)]
    [InlineData(7, 3, 3, 1, true, 3)]
    public void Output_sizes_follow_pytorch(int size, int kernel, int stride, int padding, bool ceil, int expected) =>
        Assert.Equal(expected, new ConvShape(1, size, size, 1, kernel, stride, padding, ceil).OutHeight);

    /// <summary>
    /// torch 1.13's values on x = arange(30) as [1, 1, 5, 6]: AvgPool2d(3, 2, padding 1, ceil_mode) with and without
    /// count_include_pad (the last column's window reaches past the right padding: its divisor is 3 × 2, not 3 × 3),
    /// and MaxPool2d of −x with the same window (its winners are return_indices).
    /// </summary>
    [Fact]
    public void Padded_ceil_mode_pooling_gives_pytorchs_values()
    {
        float[] x = Enumerable.Range(0, 30).Select(i => (float)i).ToArray();
        var included = new ConvShape(1, 5, 6, 1, 3, 2, 1, CeilMode: true);
        float[] y = new float[included.OutputSize];
        Pooling.AverageForward(x, included, 1, y);
        Close.All([1.5555556f, 3.3333333f, 4.6666665f, 2.6666667f, 8.333333f, 14f, 16f, 8.5f, 9.555555f, 15.333333f, 16.666666f, 8.666667f], y, 1e-6f, "count_include_pad");
        Pooling.AverageForward(x, included with { CountIncludePad = false }, 1, y);
        Close.All([3.5f, 5f, 7f, 8f, 12.5f, 14f, 16f, 17f, 21.5f, 23f, 25f, 26f], y, 1e-6f, "without count_include_pad");

        int[] winners = new int[y.Length];
        Pooling.MaxForward(x.Select(v => -v).ToArray(), included, 1, y, winners);
        Assert.Equal([0, 1, 3, 5, 6, 7, 9, 11, 18, 19, 21, 23], winners);
        Assert.Equal(winners.Select(i => -(float)i), y);
    }

    /// <summary>
    /// Max pooling split over the cores by samples gives the one-thread bits: LeNet-5's two 2 × 2 layers (the vector
    /// rows) and a padded 3 × 3 stride-2 window (the general loop), at an odd batch so the shares differ in size, with
    /// the reference checked too. Runs the split itself, so it fails if a large batch stops being split.
    /// </summary>
    [Theory]
    [InlineData(6, 28, 28, 2, 2, 0, 11)]
    [InlineData(16, 10, 10, 2, 2, 0, 41)]
    [InlineData(4, 17, 15, 3, 2, 1, 37)]
    public void Max_pooling_split_over_cores_gives_the_single_threaded_bits(int channels, int height, int width, int kernel, int stride, int padding, int batch)
    {
        var shape = new ConvShape(channels, height, width, channels, kernel, stride, padding);
        Assert.True((long)batch * shape.InputSize >= PoolingSplit.MinimumInputs);
        float[] x = Quarters(batch * shape.InputSize, seed: channels + height);
        float[] y = new float[batch * shape.OutputSize], expectedY = new float[y.Length], splitY = new float[y.Length];
        int[] winners = new int[y.Length], expectedWinners = new int[y.Length], splitWinners = new int[y.Length];
        PoolingReference.MaxForward(x, shape, batch, expectedY, expectedWinners);
        float[] dy = TestData.Uniform(y.Length, seed: width), dx = new float[x.Length], splitDx = new float[x.Length];
        Array.Fill(splitDx, float.NaN); // overwritten, not accumulated into
        lock (GemmTests.ParallelSwitch)
        {
            Pooling.MaxForwardSamples(x, shape, batch, y, winners, Simd.Width);
            Pooling.MaxBackwardSamples(dy, winners, shape, batch, dx);
            bool split = PoolingSplit.TryMaxForward(x, shape, batch, splitY, splitWinners, Simd.Width);
            split &= PoolingSplit.TryMaxBackward(dy, splitWinners, shape, batch, splitDx);
            Assert.Equal(CoreSplit.Threads > 1, split);
        }

        Assert.Equal(expectedY, splitY);
        Assert.Equal(expectedWinners, splitWinners);
        Assert.Equal(y, splitY);
        Assert.Equal(winners, splitWinners);
        Assert.Equal(dx, splitDx);
    }

    /// <summary>Spans shorter than the batch needs are refused with their lengths named, before anything is written.</summary>
    [Fact]
    public void Max_pooling_refuses_short_spans_and_writes_nothing()
    {
        var shape = new ConvShape(2, 8, 8, 2, 2, 2, 0);
        float[] x = new float[3 * shape.InputSize], y = new float[3 * shape.OutputSize - 1];
        int[] winners = new int[3 * shape.OutputSize];
        Array.Fill(winners, -7);
        var error = Assert.Throws<ArgumentException>(() => Pooling.MaxForward(x, shape, 3, y, winners));
        Assert.Contains($"x of {3 * shape.InputSize} and y and winners of {3 * shape.OutputSize}", error.Message);
        Assert.All(winners, w => Assert.Equal(-7, w));
        Assert.Throws<ArgumentException>(() => Pooling.MaxForward(x.AsSpan(1), shape, 3, new float[3 * shape.OutputSize], winners));
        Assert.Throws<ArgumentException>(() => Pooling.MaxForward(x, shape, -1, y, winners));
        Assert.All(winners, w => Assert.Equal(-7, w));
    }

    /// <summary>Values in {−1, −0.75, …, 1}: nine levels, so most windows hold a tie.</summary>
    private static float[] Quarters(int length, int seed) => TestData.Uniform(length, seed).Select(v => MathF.Round(v * 4f) / 4f).ToArray();
}
