namespace NetGen.Runtime.Tests;

/// <summary>PReLU and Maxout against <see cref="PReluReference"/> and <see cref="MaxoutReference"/> over many shapes, and Maxout by hand.</summary>
public class PReluMaxoutTests
{
    [Fact]
    public void Maxout_takes_the_max_of_consecutive_pieces_and_routes_the_gradient_to_the_winner()
    {
        float[] z = [1f, 5f, 3f, -1f, -4f, -2f, 7f, 7f];
        var y = new float[4];
        var winners = new int[4];
        Maxout.Forward([], pieces: 2, rows: 2, positions: 1, z, y, winners);
        Assert.Equal([5f, 3f, -2f, 7f], y);
        Assert.Equal([1, 0, 1, 0], winners); // ties go to the first piece
        var dz = new float[8];
        Maxout.Backward([0.1f, 0.2f, 0.3f, 0.4f], winners, 2, positions: 1, dz);
        Assert.Equal([0f, 0.1f, 0.2f, 0f, 0f, 0.3f, 0.4f, 0f], dz);
    }

    public static TheoryData<int, int, int> Shapes()
    {
        var shapes = new TheoryData<int, int, int>(); // rows, units (or channels), positions
        for (int units = 0; units <= 67; units++)
        {
            shapes.Add(3, units, 1);
        }

        for (int positions = 2; positions <= 67; positions++)
        {
            shapes.Add(2, 3, positions);
        }

        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PRelu_matches_the_reference(int rows, int units, int positions)
    {
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            CheckPRelu(width, rows, units, positions);
        }
    }

    private static void CheckPRelu(SimdWidth width, int rows, int units, int positions)
    {
        int length = rows * units * positions;
        float[] z = TestData.Uniform(length, seed: units * 100 + positions, -2f, 2f), expectedZ = (float[])z.Clone();
        float[] bias = positions == 1 ? TestData.Uniform(units, seed: units) : []; // a per-unit bias only after Dense
        float[] slopes = TestData.Uniform(units, seed: units + 1, 0f, 0.5f);
        float[] y = new float[length], expectedY = new float[length];
        SimdCoverage perRowOrPlane = ExpectedCoverage.Of(width, positions == 1 ? rows : rows * units, positions == 1 ? units : positions);
        Assert.Equal(perRowOrPlane, PRelu.Forward(bias, slopes, rows, positions, z, y, width));
        PReluReference.Forward(bias, slopes, rows, positions, expectedZ, expectedY);
        Assert.Equal(expectedZ, z);
        Assert.Equal(expectedY, y);

        float[] dy = TestData.Uniform(length, seed: units + 2), expectedDy = (float[])dy.Clone();
        float[] dSlopes = new float[units], expectedDSlopes = new float[units];
        PRelu.Backward(expectedZ, slopes, rows, positions, dy, dSlopes);
        PReluReference.Backward(expectedZ, slopes, rows, positions, expectedDy, expectedDSlopes);
        Assert.Equal(expectedDy, dy);
        // Each slope's gradient is a float sum over rows × positions terms: its rounding grows with their count.
        Close.All(expectedDSlopes, dSlopes, 1e-6f + 1e-7f * rows * positions, $"da [{rows}, {units}, {positions}]");
    }

    [Theory]
    [InlineData(3, 5, 1, 1)]
    [InlineData(3, 7, 2, 1)]
    [InlineData(2, 4, 3, 1)]
    [InlineData(2, 2, 3, 5)]
    [InlineData(2, 3, 2, 13)]
    public void Maxout_matches_the_reference(int rows, int units, int pieces, int positions)
    {
        int length = rows * units * pieces * positions;
        // Multiples of 1/4, so pieces often tie and the first must win.
        float[] z = TestData.Uniform(length, seed: units * 10 + pieces).Select(v => MathF.Round(v * 4f) / 4f).ToArray();
        float[] expectedZ = (float[])z.Clone();
        float[] bias = positions == 1 ? TestData.Uniform(units * pieces, seed: pieces).Select(v => MathF.Round(v * 4f) / 4f).ToArray() : [];
        float[] y = new float[rows * units * positions], expectedY = new float[y.Length];
        int[] winners = new int[y.Length], expectedWinners = new int[y.Length];
        Maxout.Forward(bias, pieces, rows, positions, z, y, winners);
        MaxoutReference.Forward(bias, pieces, rows, positions, expectedZ, expectedY, expectedWinners);
        Assert.Equal(expectedZ, z);
        Assert.Equal(expectedY, y);
        Assert.Equal(expectedWinners, winners);

        float[] dy = TestData.Uniform(y.Length, seed: units), dz = new float[length], expectedDz = new float[length];
        Array.Fill(dz, float.NaN); // overwritten, not accumulated into
        Maxout.Backward(dy, winners, pieces, positions, dz);
        MaxoutReference.Backward(dy, expectedWinners, pieces, positions, expectedDz);
        Assert.Equal(expectedDz, dz);
    }
}
