using NetGen.Graph;
using NetGen.Testing;
using NetGen.Training;

namespace NetGen.Tests.Babysitting;

/// <summary>RecordActivations (both engines) and the babysitting diagnostics built on it, against known answers.</summary>
public class BabysittingTests
{
    private sealed class Copying : IActivationRecorder
    {
        public List<(int Layer, float[] Values, int Batch)> Records { get; } = [];

        public void Record(int layer, ReadOnlySpan<float> activations, int batch) => Records.Add((layer, activations.ToArray(), batch));
    }

    private static byte[] State(INetwork network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void A_relu_layer_with_bias_minus_100_is_dead_with_mean_0()
    {
        var network = new DeadReluNet(1);
        IReadOnlyList<LayerActivationStatistics> stats = ActivationStatistics.Of(network, TestBatches.Inputs(6, 5, seed: 3));
        Assert.Equal(3, stats.Count);
        Assert.Equal(1.0, stats[0].DeadFraction);
        Assert.Equal(0.0, stats[0].Mean);
        Assert.Equal(0.0, stats[0].StandardDeviation);
        Assert.True(double.IsNaN(stats[0].SaturatedFraction));
        Assert.True(double.IsNaN(stats[1].DeadFraction));
        Assert.Equal(48, stats[0].Counts.Sum());
        Assert.Equal(51, stats[0].Edges.Length);
    }

    [Fact]
    public void The_rest_of_the_relu_family_is_dead_where_its_input_is_negative_for_every_sample()
    {
        IReadOnlyList<LayerActivationStatistics> stats = ActivationStatistics.Of(new DeadLeakyNet(1), TestBatches.Inputs(6, 5, seed: 3));
        Assert.Equal(1.0, stats[0].DeadFraction); // LeakyReLU outputs −10 and below: off, not zero
        Assert.Equal(1.0, stats[1].DeadFraction); // ELU saturates at −1
        Assert.Equal(0.0, stats[2].DeadFraction); // SiLU behind +100 is on everywhere
        Assert.True(double.IsNaN(stats[3].DeadFraction));
    }

    [Fact]
    public void A_tanh_layer_after_huge_weights_saturates()
    {
        var network = new ActivationZoo(1);
        network.TanhLayer.Weight.Fill(50f);
        float[] inputs = TestBatches.Inputs(4, 6, seed: 2).Select(v => MathF.Abs(v) + 0.5f).ToArray();
        IReadOnlyList<LayerActivationStatistics> stats = ActivationStatistics.Of(network, inputs);
        Assert.True(stats[0].SaturatedFraction > 0.99, $"{stats[0].SaturatedFraction}");
        Assert.False(double.IsNaN(stats[2].SaturatedFraction)); // sigmoid
        Assert.True(double.IsNaN(stats[1].SaturatedFraction)); // leaky ReLU
    }

    [Fact]
    public void Mean_and_standard_deviation_equal_a_hand_computation_from_the_recorded_spans()
    {
        var network = new BabysitNormDropNet(4);
        float[] inputs = TestBatches.Inputs(5, 5, seed: 4);
        var recorder = new Copying();
        network.RecordActivations(inputs, recorder);
        IReadOnlyList<LayerActivationStatistics> stats = ActivationStatistics.Of(network, inputs);
        Assert.Equal([0, 1, 2, 3], recorder.Records.Select(r => r.Layer));
        for (int i = 0; i < 4; i++)
        {
            float[] v = recorder.Records[i].Values;
            Assert.Equal(5 * network.Layers[i].OutputSize, v.Length);
            double mean = v.Select(x => (double)x).Average();
            double std = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average());
            Assert.Equal(mean, stats[i].Mean, 1e-9);
            Assert.Equal(std, stats[i].StandardDeviation, 1e-9);
        }
    }

    [Fact]
    public void RecordActivations_changes_nothing_and_both_engines_record_the_same_values()
    {
        var generated = new BabysitNormDropNet(7);
        GraphNetwork interpreted = GraphNetwork.Create(GraphAttributes.Read(typeof(BabysitNormDropNet)), 7);
        float[] inputs = TestBatches.Inputs(6, 5, seed: 5);
        int[] labels = TestBatches.Labels(6, 3, seed: 5);
        generated.TrainStep(inputs, labels); // moved statistics, a batch count and a used dropout stream
        interpreted.TrainStep(inputs, labels);
        byte[] before = State(generated);
        var a = new Copying();
        var b = new Copying();
        generated.RecordActivations(inputs, a);
        interpreted.RecordActivations(inputs, b);
        Assert.Equal(before, State(generated));
        Assert.Equal(State(interpreted), State(generated));
        Assert.Equal(4, a.Records.Count);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(a.Records[i].Layer, b.Records[i].Layer);
            Assert.Equal(6, a.Records[i].Batch);
            Assert.Equal(a.Records[i].Values, b.Records[i].Values);
        }

        // The next training step is the one it would have been.
        var fresh = new BabysitNormDropNet(7);
        fresh.TrainStep(inputs, labels);
        Assert.Equal(fresh.TrainStep(inputs, labels), generated.TrainStep(inputs, labels));
        Assert.Equal(State(fresh), State(generated));
    }

    [Fact]
    public void RecordActivations_checks_its_inputs()
    {
        var network = new BabysitNormDropNet(1);
        Assert.Throws<ArgumentException>(() => network.RecordActivations(new float[7], new Copying()));
        Assert.ThrowsAny<ArgumentException>(() => network.RecordActivations(new float[5], new Copying())); // BatchNorm: one sample
        Assert.Throws<ArgumentNullException>(() => network.RecordActivations(new float[10], null!));
        float[] nan = new float[10];
        nan[3] = float.NaN;
        Assert.ThrowsAny<ArgumentException>(() => network.RecordActivations(nan, new Copying()));
    }

    [Fact]
    public void UpdateRatios_on_plain_sgd_equal_lr_times_gradient_norm_over_weight_norm_and_warn()
    {
        var network = new ReluClassifier(3);
        float[] inputs = TestBatches.Inputs(4, 5, seed: 6);
        int[] labels = TestBatches.Labels(4, 3, seed: 6);
        GradientNormReport norms = GradientNorms.Of(network, inputs, labels);
        double weightNorm = Math.Sqrt(network.Hidden.Weight.ToArray().Sum(w => (double)w * w));
        var ratios = new UpdateRatios(network);
        network.LearningRate = 1e-3f;
        ratios.TrainStep(inputs, labels);
        Assert.Equal(1e-3 * norms.Layers[0].Weight / weightNorm, ratios.Ratios[0].Ratio, 1e-6);

        network.LearningRate = 10f;
        ratios.TrainStep(inputs, labels);
        Assert.Contains("too high", ratios.Ratios[0].Warning);
        network.LearningRate = 1e-6f;
        ratios.TrainStep(inputs, labels);
        Assert.Contains("too low", ratios.Ratios[0].Warning);
    }

    [Fact]
    public void Gradient_norms_equal_the_norms_of_the_gradient_slices_and_leave_the_network_as_it_was()
    {
        var network = new BabysitNormDropNet(2);
        float[] inputs = TestBatches.Inputs(6, 5, seed: 8);
        int[] labels = TestBatches.Labels(6, 3, seed: 8);
        byte[] before = State(network);
        GradientNormReport report = GradientNorms.Of(network, inputs, labels);
        Assert.Equal(before, State(network));
        var gradients = new float[BabysitNormDropNet.ParameterCount];
        network.ComputeGradients(inputs, labels, gradients);
        static double Norm(float[] g, int offset, int length) => Math.Sqrt(g.AsSpan(offset, length).ToArray().Sum(v => (double)v * v));
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            Assert.Equal(Norm(gradients, layer.WeightOffset, layer.WeightLength), report.Layers[i].Weight, 1e-9);
            Assert.Equal(Norm(gradients, layer.BiasOffset, layer.BiasLength), report.Layers[i].Bias, 1e-9);
        }

        Assert.Equal(Norm(gradients, 0, gradients.Length), report.Global, 1e-9);
    }

    [Fact]
    public void Gradient_norms_of_a_regression_network_use_its_float_targets()
    {
        var network = new BatchNormRegressor(5);
        float[] inputs = TestBatches.Inputs(8, BatchNormRegressor.InputSize, seed: 9);
        float[] targets = TestBatches.Targets(8, BatchNormRegressor.OutputSize, seed: 9);
        byte[] before = State(network);
        GradientNormReport report = GradientNorms.Of(network, inputs, targets);
        Assert.Equal(before, State(network));
        var gradients = new float[BatchNormRegressor.ParameterCount];
        float loss = network.ComputeGradients(inputs, targets, gradients);
        Assert.Equal(loss, report.Loss);
        Layer hidden = network.Layers[0];
        Assert.Equal(Math.Sqrt(gradients.AsSpan(hidden.WeightOffset, hidden.WeightLength).ToArray().Sum(v => (double)v * v)), report.Layers[0].Weight, 1e-9);
        Assert.True(report.Global > 0);
    }
}

/// <summary>RecordActivations allocates nothing, generated or interpreted.</summary>
[Collection(Allocations.Collection)]
public class BabysittingAllocationTests
{
    private sealed class Summing : IActivationRecorder
    {
        public double Sum;

        public void Record(int layer, ReadOnlySpan<float> activations, int batch) => Sum += activations[0];
    }

    [Fact]
    public void RecordActivations_allocates_nothing()
    {
        float[] inputs = TestBatches.Inputs(6, 5, seed: 1);
        var recorder = new Summing();
        INetwork generated = new BabysitNormDropNet(1);
        INetwork interpreted = GraphNetwork.Create(GraphAttributes.Read(typeof(BabysitNormDropNet)), 1);
        Assert.Equal(0, Allocations.PerCall(() => generated.RecordActivations(inputs, recorder)));
        Assert.Equal(0, Allocations.PerCall(() => interpreted.RecordActivations(inputs, recorder)));
    }
}
