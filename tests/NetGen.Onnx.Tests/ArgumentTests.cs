
namespace NetGen.Onnx.Tests;

/// <summary>Bad arguments and networks whose Architecture does not describe their Layers.</summary>
public sealed class ArgumentTests
{
    [Fact]
    public void A_null_or_empty_path_is_an_argument_error()
    {
        INetwork network = LayerCases.Trained("IdentityOutput");
        Assert.ThrowsAny<ArgumentException>(() => network.ExportOnnx((string)null!));
        Assert.Throws<ArgumentException>(() => network.ExportOnnx(""));
    }

    [Fact]
    public void A_null_network_or_stream_and_an_unwritable_stream_are_argument_errors()
    {
        Assert.Throws<ArgumentNullException>(() => ((INetwork)null!).ExportOnnx("x.onnx"));
        Assert.Throws<ArgumentNullException>(() => LayerCases.Trained("IdentityOutput").ExportOnnx((Stream)null!));
        using var readOnly = new MemoryStream([], writable: false);
        Assert.Throws<ArgumentException>(() => LayerCases.Trained("IdentityOutput").ExportOnnx(readOnly));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(18)]
    public void An_opset_outside_13_to_17_is_refused(int opset)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerCases.Trained("IdentityOutput").ToOnnx(new OnnxExportOptions { Opset = opset }));
    }

    [Fact]
    public void An_architecture_inconsistent_with_the_layers_is_refused_and_writes_nothing()
    {
        INetwork real = LayerCases.Trained("GELU");
        NetworkArchitecture a = real.Architecture;
        string folder = Directory.CreateTempSubdirectory("netgen-onnx-args-").FullName;
        try
        {
            string path = Path.Combine(folder, "bad.onnx");
            NetworkArchitecture[] broken =
            [
                a with { InputShape = [13] },
                a with { Layers = a.Layers.Take(1).ToArray() },
                a with { Layers = [a.Layers[0] with { Name = "Renamed" }, .. a.Layers.Skip(1)] },
                a with { Layers = [a.Layers[0] with { Modules = [a.Layers[0].Modules[0] with { InFeatures = 5 }, .. a.Layers[0].Modules.Skip(1)] }, .. a.Layers.Skip(1)] },
                a with { Layers = [a.Layers[0] with { Modules = [] }, .. a.Layers.Skip(1)] },
            ];
            foreach (NetworkArchitecture architecture in broken)
            {
                var exception = Assert.Throws<InvalidOperationException>(() => new Pretending(real, architecture).ExportOnnx(path));
                Assert.Contains("inconsistent", exception.Message);
                Assert.Empty(Directory.GetFiles(folder));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A network reporting another Architecture than its own.</summary>
    private sealed class Pretending(INetwork inner, NetworkArchitecture architecture) : INetwork
    {
        public int InputSize => inner.InputSize;
        public int OutputSize => inner.OutputSize;
        public int BatchSize => inner.BatchSize;
        public int ParameterCount => inner.ParameterCount;
        public IReadOnlyList<Layer> Layers => inner.Layers;
        public Span<float> Parameters => inner.Parameters;
        public float LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }
        public float WeightDecay { get => inner.WeightDecay; set => inner.WeightDecay = value; }
        public float Momentum { get => inner.Momentum; set => inner.Momentum = value; }
        public long Step => inner.Step;
        public NetworkArchitecture Architecture => architecture;
        public IReadOnlyList<OptimizerBuffer> OptimizerState => inner.OptimizerState;
        public TrainingPosition Position { get => inner.Position; set => inner.Position = value; }
        public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels) => inner.TrainStep(inputs, labels);
        public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => inner.TrainStep(inputs, targets);
        public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs) => inner.Predict(inputs, outputs);
        public void PredictWithDropout(ReadOnlySpan<float> inputs, Span<float> outputs) => inner.PredictWithDropout(inputs, outputs);
        public void RecordActivations(ReadOnlySpan<float> inputs, IActivationRecorder recorder) => inner.RecordActivations(inputs, recorder);
        public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients) => inner.ComputeGradients(inputs, labels, gradients);
        public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients) => inner.ComputeGradients(inputs, targets, gradients);
        public void ApplyGradients(ReadOnlySpan<float> gradients) => inner.ApplyGradients(gradients);
    }
}
