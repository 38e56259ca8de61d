namespace NetGen.Runtime.Tests;

/// <summary>PReLU and Maxout against their definitions.</summary>
public class PReluMaxoutTests
{
    [Fact]
    public void PRelu_forward_and_backward_follow_the_definition()
    {
        const int rows = 3, units = 19;
        float[] z = TestData.Uniform(rows * units, seed: 1, -2f, 2f);
        float[] bias = TestData.Uniform(units, seed: 2);
        float[] slopes = TestData.Uniform(units, seed: 3, 0f, 0.5f);
        float[] zb = z.Select((v, i) => v + bias[i % units]).ToArray();
        var y = new float[rows * units];
        PRelu.Forward(bias, slopes, rows, z, y);
        Assert.Equal(zb, z);
        Assert.Equal(zb.Select((v, i) => v > 0 ? v : slopes[i % units] * v), y);

        float[] dy = TestData.Uniform(rows * units, seed: 4);
        float[] dz = (float[])dy.Clone();
        var dSlopes = new float[units];
        PRelu.Backward(z, slopes, rows, dz, dSlopes);
        for (int j = 0; j < units; j++)
        {
            double expected = Enumerable.Range(0, rows).Where(i => zb[i * units + j] <= 0).Sum(i => (double)dy[i * units + j] * zb[i * units + j]);
            Assert.Equal(expected, dSlopes[j], 1e-6);
        }

        Assert.Equal(dy.Select((g, i) => zb[i] > 0 ? g : g * slopes[i % units]), dz);
    }

    [Fact]
    public void Maxout_takes_the_max_of_consecutive_pieces_and_routes_the_gradient_to_the_winner()
    {
        float[] z = [1f, 5f, 3f, -1f, -4f, -2f, 7f, 7f];
        var y = new float[4];
        var winners = new int[4];
        Maxout.Forward([], pieces: 2, rows: 2, z, y, winners);
        Assert.Equal([5f, 3f, -2f, 7f], y);
        Assert.Equal([1, 0, 1, 0], winners); // ties go to the first piece
        var dz = new float[8];
        Maxout.Backward([0.1f, 0.2f, 0.3f, 0.4f], winners, 2, dz);
        Assert.Equal([0f, 0.1f, 0.2f, 0f, 0f, 0.3f, 0.4f, 0f], dz);
    }
}
