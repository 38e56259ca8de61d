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
        PRelu.Forward(bias, slopes, rows, positions: 1, z, y);
        Assert.Equal(zb, z);
        Assert.Equal(zb.Select((v, i) => v > 0 ? v : slopes[i % units] * v), y);

        float[] dy = TestData.Uniform(rows * units, seed: 4);
        float[] dz = (float[])dy.Clone();
        var dSlopes = new float[units];
        PRelu.Backward(z, slopes, rows, positions: 1, dz, dSlopes);
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
        Maxout.Forward([], pieces: 2, rows: 2, positions: 1, z, y, winners);
        Assert.Equal([5f, 3f, -2f, 7f], y);
        Assert.Equal([1, 0, 1, 0], winners); // ties go to the first piece
        var dz = new float[8];
        Maxout.Backward([0.1f, 0.2f, 0.3f, 0.4f], winners, 2, positions: 1, dz);
        Assert.Equal([0f, 0.1f, 0.2f, 0f, 0f, 0.3f, 0.4f, 0f], dz);
    }

    [Fact]
    public void PRelu_after_a_convolution_uses_one_slope_per_channel_plane()
    {
        const int rows = 2, channels = 3, positions = 11;
        float[] z = TestData.Uniform(rows * channels * positions, seed: 5, -2f, 2f);
        float[] slopes = TestData.Uniform(channels, seed: 6, 0f, 0.5f);
        var y = new float[z.Length];
        PRelu.Forward([], slopes, rows, positions, z, y);
        int ChannelOf(int i) => i / positions % channels;
        Assert.Equal(z.Select((v, i) => v > 0 ? v : slopes[ChannelOf(i)] * v), y);

        float[] dy = TestData.Uniform(z.Length, seed: 7);
        float[] dz = (float[])dy.Clone();
        var dSlopes = new float[channels];
        PRelu.Backward(z, slopes, rows, positions, dz, dSlopes);
        for (int c = 0; c < channels; c++)
        {
            double expected = Enumerable.Range(0, z.Length).Where(i => ChannelOf(i) == c && z[i] <= 0).Sum(i => (double)dy[i] * z[i]);
            Assert.Equal(expected, dSlopes[c], 1e-5);
        }

        Assert.Equal(dy.Select((g, i) => z[i] > 0 ? g : g * slopes[ChannelOf(i)]), dz);
    }

    [Fact]
    public void Maxout_after_a_convolution_takes_the_max_over_consecutive_channel_planes()
    {
        const int rows = 2, units = 2, pieces = 3, positions = 5;
        float[] z = TestData.Uniform(rows * units * pieces * positions, seed: 8);
        var y = new float[rows * units * positions];
        var winners = new int[y.Length];
        Maxout.Forward([], pieces, rows, positions, z, y, winners);
        float Z(int b, int channel, int p) => z[(b * units * pieces + channel) * positions + p];
        for (int b = 0; b < rows; b++)
        {
            for (int u = 0; u < units; u++)
            {
                for (int p = 0; p < positions; p++)
                {
                    int i = (b * units + u) * positions + p;
                    float[] candidates = Enumerable.Range(0, pieces).Select(k => Z(b, u * pieces + k, p)).ToArray();
                    Assert.Equal(candidates.Max(), y[i]);
                    Assert.Equal(Array.IndexOf(candidates, candidates.Max()), winners[i]);
                }
            }
        }

        float[] dy = TestData.Uniform(y.Length, seed: 9);
        var dz = new float[z.Length];
        Maxout.Backward(dy, winners, pieces, positions, dz);
        Assert.Equal(dy.Sum(), dz.Sum(), 1e-5);
        for (int i = 0; i < y.Length; i++)
        {
            int b = i / (units * positions), u = i / positions % units, p = i % positions;
            Assert.Equal(dy[i], dz[(b * units * pieces + u * pieces + winners[i]) * positions + p]);
        }
    }
}
