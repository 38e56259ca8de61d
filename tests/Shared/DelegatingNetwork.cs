namespace NetGen.Testing;

/// <summary>
/// An <see cref="INetwork"/> that hands every member to another network, for tests that change one member's behaviour
/// (a wrong gradient, another architecture) by overriding it. One place to extend when INetwork grows.
/// </summary>
internal abstract class DelegatingNetwork(INetwork inner) : INetwork
{
    protected INetwork Inner { get; } = inner;

    public virtual int InputSize => Inner.InputSize;
    public virtual int OutputSize => Inner.OutputSize;
    public virtual int BatchSize => Inner.BatchSize;
    public virtual int ParameterCount => Inner.ParameterCount;
    public virtual IReadOnlyList<Layer> Layers => Inner.Layers;
    public virtual Span<float> Parameters => Inner.Parameters;
    public virtual float LearningRate { get => Inner.LearningRate; set => Inner.LearningRate = value; }
    public virtual float WeightDecay { get => Inner.WeightDecay; set => Inner.WeightDecay = value; }
    public virtual float Momentum { get => Inner.Momentum; set => Inner.Momentum = value; }
    public virtual long Step => Inner.Step;
    public virtual NetworkArchitecture Architecture => Inner.Architecture;
    public virtual IReadOnlyList<OptimizerBuffer> OptimizerState => Inner.OptimizerState;
    public virtual TrainingPosition Position { get => Inner.Position; set => Inner.Position = value; }
    public virtual float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels) => Inner.TrainStep(inputs, labels);
    public virtual float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => Inner.TrainStep(inputs, targets);
    public virtual void Predict(ReadOnlySpan<float> inputs, Span<float> outputs) => Inner.Predict(inputs, outputs);
    public virtual void PredictWithDropout(ReadOnlySpan<float> inputs, Span<float> outputs) => Inner.PredictWithDropout(inputs, outputs);
    public virtual float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients) => Inner.ComputeGradients(inputs, labels, gradients);
    public virtual float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients) => Inner.ComputeGradients(inputs, targets, gradients);
    public virtual void ApplyGradients(ReadOnlySpan<float> gradients) => Inner.ApplyGradients(gradients);
    public virtual void RecordActivations(ReadOnlySpan<float> inputs, IActivationRecorder recorder) => Inner.RecordActivations(inputs, recorder);
}
