namespace NetGen.Tests.Training;

/// <summary>
/// A network whose Predict returns fixed rows: a sample's one feature is its index i, its output row i mod rows.
/// For the metrics' known answers; every training member throws.
/// </summary>
internal sealed class ScriptedNetwork(PredictOutput output, float[][] rows) : INetwork
{
    public int InputSize => 1;

    public int OutputSize => rows[0].Length;

    public int BatchSize => 8;

    public int ParameterCount => 0;

    public IReadOnlyList<Layer> Layers => [];

    public Span<float> Parameters => default;

    public float LearningRate { get; set; }

    public float WeightDecay { get; set; }

    public float Momentum { get; set; }

    public long Step => 0;

    public NetworkArchitecture Architecture { get; } = new("Scripted", new string('0', 32), [1], output, []);

    public IReadOnlyList<OptimizerBuffer> OptimizerState => [];

    public TrainingPosition Position { get => default; set => throw new NotSupportedException(); }

    public int PredictCalls { get; private set; }

    /// <summary>Features 0, 1, …, count − 1: sample i gets row i mod rows.</summary>
    public static float[] Indices(int count) => [.. Enumerable.Range(0, count).Select(i => (float)i)];

    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        PredictCalls++;
        for (int i = 0; i < inputs.Length; i++)
        {
            rows[(int)inputs[i] % rows.Length].CopyTo(outputs.Slice(i * OutputSize, OutputSize));
        }
    }

    public void PredictWithDropout(ReadOnlySpan<float> inputs, Span<float> outputs) => Predict(inputs, outputs);

    public void RecordActivations(ReadOnlySpan<float> inputs, IActivationRecorder recorder) => throw new NotSupportedException();

    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels) => throw new NotSupportedException();

    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => throw new NotSupportedException();

    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients) => throw new NotSupportedException();

    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients) => throw new NotSupportedException();

    public void ApplyGradients(ReadOnlySpan<float> gradients) => throw new NotSupportedException();
}
