namespace NetGen.Graph.Tests;

/// <summary>The interpreter's own backward pass against central finite differences, for every op kind.</summary>
public class GradientTests
{
    [Fact]
    public void Dense_ops_norms_and_activations_match_finite_differences()
    {
        GraphNetwork network = new GraphBuilder(5).BatchSize(4)
            .Dense(6).BatchNorm().ELU(0.7f)
            .Dense(6).LayerNorm().SiLU()
            .Dense(4).WeightNorm().PReLU()
            .Dense(6).GroupNorm(3).Sigmoid()
            .Dense(3).Maxout(2)
            .Dense(3).LeakyReLU(0.1f)
            .Dense(2)
            .SoftmaxCrossEntropy(0.1f).Sgd(0.1f)
            .Build(seed: 1);
        Check(network, batch: 4);
    }

    [Fact]
    public void Convolution_pooling_and_channel_forms_match_finite_differences()
    {
        GraphNetwork network = new GraphBuilder(2, 6, 6).BatchSize(3)
            .Conv2D(3, 3, padding: 1).InstanceNorm().GELU()
            .MaxPool(2)
            .Conv2D(2, 2).WeightNorm().Maxout(2)
            .AvgPool(2)
            .Flatten()
            .Dense(3).Tanh()
            .Dense(2)
            .MeanSquaredError().Adam()
            .Build(seed: 2);
        Check(network, batch: 3, targets: true);
    }

    private static void Check(GraphNetwork network, int batch, bool targets = false)
    {
        float[] inputs = ConstructionTests.Inputs(batch * network.InputSize, seed: 7);
        int[] labels = Enumerable.Range(0, batch).Select(i => i % network.OutputSize).ToArray();
        float[] answers = ConstructionTests.Inputs(batch * network.OutputSize, seed: 8);
        var analytic = new float[network.ParameterCount];
        var scratch = new float[network.ParameterCount];
        float Loss(float[] g) => targets ? network.ComputeGradients(inputs, answers, g) : network.ComputeGradients(inputs, labels, g);
        Loss(analytic);
        const float h = 1e-3f;
        Span<float> parameters = network.Parameters;
        double differenceNorm = 0, sumNorm = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            float original = parameters[i];
            parameters[i] = original + h;
            double plus = Loss(scratch);
            parameters[i] = original - h;
            double minus = Loss(scratch);
            parameters[i] = original;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(analytic[i] - numeric) <= 2e-3 + 2e-2 * Math.Abs(numeric), $"parameter {i}: analytic {analytic[i]}, numeric {numeric}");
            differenceNorm += Math.Pow(analytic[i] - numeric, 2);
            sumNorm += Math.Pow(analytic[i] + numeric, 2);
        }

        Assert.True(Math.Sqrt(differenceNorm / sumNorm) < 5e-3);
        Assert.Contains(analytic, g => g != 0f);
    }
}
