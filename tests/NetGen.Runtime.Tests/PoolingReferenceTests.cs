namespace NetGen.Runtime.Tests;

/// <summary>
/// Max and average pooling forward and backward against <see cref="PoolingReference"/>: the 2 × 2 stride-2 window
/// (its vector path) at every output row width 1..20 (fewer than 4, 4 to 7, whole and partial groups of 8), and the
/// general loop at other windows and strides. Inputs are multiples of 1/4, so ties are common and must go to the first.
/// </summary>
public class PoolingReferenceTests
{
    public static TheoryData<int, int, int, int, int> Shapes()
    {
        var shapes = new TheoryData<int, int, int, int, int>(); // channels, height, width, kernel, stride
        for (int width = 2; width <= 41; width++)
        {
            shapes.Add(2, 2 + width % 5, width, 2, 2);
        }

        shapes.Add(3, 9, 11, 3, 1);
        shapes.Add(2, 10, 13, 3, 2);
        shapes.Add(1, 7, 7, 2, 1);
        shapes.Add(2, 12, 12, 4, 4);
        shapes.Add(1, 5, 8, 1, 1);
        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Max_pooling_matches_the_reference(int channels, int height, int width, int kernel, int stride)
    {
        var shape = new ConvShape(channels, height, width, channels, kernel, stride, 0);
        const int batch = 2;
        float[] x = Quarters(batch * shape.InputSize, seed: width * 31 + kernel);
        float[] y = new float[batch * shape.OutputSize], expectedY = new float[y.Length];
        int[] winners = new int[y.Length], expectedWinners = new int[y.Length];
        Pooling.MaxForward(x, shape, batch, y, winners);
        PoolingReference.MaxForward(x, shape, batch, expectedY, expectedWinners);
        Assert.Equal(expectedY, y);
        Assert.Equal(expectedWinners, winners);

        float[] dy = TestData.Uniform(y.Length, seed: width), dx = new float[x.Length], expectedDx = new float[x.Length];
        Array.Fill(dx, float.NaN); // overwritten, not accumulated into
        Pooling.MaxBackward(dy, winners, shape, batch, dx);
        PoolingReference.MaxBackward(dy, expectedWinners, shape, batch, expectedDx);
        Close.All(expectedDx, dx, 1e-6f, $"max dx {shape}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Average_pooling_matches_the_reference(int channels, int height, int width, int kernel, int stride)
    {
        var shape = new ConvShape(channels, height, width, channels, kernel, stride, 0);
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

    /// <summary>Values in {−1, −0.75, …, 1}: nine levels, so most windows hold a tie.</summary>
    private static float[] Quarters(int length, int seed) => TestData.Uniform(length, seed).Select(v => MathF.Round(v * 4f) / 4f).ToArray();
}
