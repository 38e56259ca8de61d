namespace NetGen.Runtime.Tests;

/// <summary>The losses' edge cases and hand-computed values (<see cref="LossReferenceTests"/> compares them with their definitions).</summary>
public class LossTests
{
    [Fact]
    public void Softmax_cross_entropy_is_stable_for_huge_logits()
    {
        float[] logits = [1000f, -1000f, 0f, 500f, 500f, -3e38f];
        var gradient = new float[6];
        float loss = SoftmaxCrossEntropy.Forward(logits, [0, 1], 3, 0f, gradient);
        Assert.True(float.IsFinite(loss));
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
        Assert.Equal(0.5 * Math.Log(2), loss, 1e-5); // row 0 costs 0, row 1 costs log 2
    }

    [Fact]
    public void Probability_targets_equal_label_targets_when_one_hot()
    {
        float[] logits = TestData.Uniform(3 * 4, seed: 9);
        float[] oneHot = [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1];
        var fromLabels = new float[12];
        var fromTargets = new float[12];
        float a = SoftmaxCrossEntropy.Forward(logits, [1, 0, 3], 4, 0.05f, fromLabels);
        float b = SoftmaxCrossEntropy.Forward(logits, oneHot, 4, 0.05f, fromTargets);
        Assert.Equal(a, b, 1e-6f);
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(fromLabels[i], fromTargets[i], 1e-7f);
        }
    }

    [Fact]
    public void Softmax_rows_sum_to_one()
    {
        float[] logits = TestData.Uniform(4 * 10, seed: 5, -30f, 30f);
        var p = new float[40];
        SoftmaxCrossEntropy.Softmax(logits, 10, p);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(1f, p.Skip(i * 10).Take(10).Sum(), 1e-6f);
        }
    }

    [Fact]
    public void Mean_squared_error_matches_torch_definition()
    {
        float[] y = [1f, 2f, 3f, 4f];
        float[] t = [0f, 2f, 5f, 3f];
        var d = new float[4];
        float loss = MeanSquaredError.Forward(y, t, d);
        Assert.Equal((1 + 0 + 4 + 1) / 4f, loss);
        Assert.Equal([0.5f, 0f, -1f, 0.5f], d);
    }
}
