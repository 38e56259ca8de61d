namespace NetGen;

/// <summary>
/// What every generated network offers, so training loops, evaluation and tools can take any network.
/// Generated classes also expose the sizes as <c>const</c>s; these members are the same values.
/// </summary>
public interface INetwork
{
    /// <summary>Floats per input sample.</summary>
    int InputSize { get; }

    /// <summary>Floats per output sample.</summary>
    int OutputSize { get; }

    /// <summary>The largest batch one training call takes.</summary>
    int BatchSize { get; }

    /// <summary>Length of <see cref="Parameters"/>.</summary>
    int ParameterCount { get; }

    /// <summary>The layers in declaration order.</summary>
    IReadOnlyList<Layer> Layers { get; }

    /// <summary>Every learned parameter in one span: layers in order, each weight then bias.</summary>
    Span<float> Parameters { get; }

    /// <summary>The optimizer's learning rate, read at the start of every step; finite and ≥ 0.</summary>
    float LearningRate { get; set; }

    /// <summary>
    /// The optimizer's weight decay λ (AdamW's decoupled λ), the attribute's value until set; read at the start of every
    /// step, as the attribute's value is (DecayWeightsOnly still leaves biases, norm parameters and slopes undecayed).
    /// Finite and ≥ 0, else ArgumentOutOfRangeException. Every optimizer takes it.
    /// </summary>
    float WeightDecay { get; set; }

    /// <summary>
    /// The optimizer's momentum μ (SGD, RMSProp), the attribute's value until set; read at the start of every step. In
    /// [0, 1), else ArgumentOutOfRangeException. A nonzero μ needs the momentum buffer, which exists only when the attribute
    /// declares a nonzero momentum: on a network declared without one, setting μ ≠ 0 throws InvalidOperationException
    /// (setting 0 on a momentum network is allowed, and keeps the buffer as it is). Nesterov networks refuse 0. Optimizers
    /// without momentum (Adam, AdamW, AdaGrad) read 0 and refuse a nonzero set with NotSupportedException.
    /// </summary>
    float Momentum { get; set; }

    /// <summary>Optimizer steps taken.</summary>
    long Step { get; }

    /// <summary>One training step on a batch of labels[batch] with inputs[batch, InputSize]; returns the mean loss.</summary>
    float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);

    /// <summary>One training step on targets[batch, OutputSize]; returns the mean loss.</summary>
    float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    /// <summary>Inference on any number of samples: outputs[n, OutputSize] from inputs[n, InputSize].</summary>
    void Predict(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>
    /// Inference as <see cref="Predict"/> (BatchNorm's running statistics, no update of anything it keeps) but with every
    /// Dropout layer drawing a fresh mask at its <see cref="Layer.DropoutRate"/>, from the network's dropout stream: each
    /// call advances the stream (so a later TrainStep draws other masks than it would have; <see cref="Position"/> saves
    /// and restores it). One Monte Carlo dropout pass; see <see cref="MonteCarloDropout"/>. Without Dropout it equals Predict.
    /// </summary>
    void PredictWithDropout(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>
    /// The mean loss and its gradient w.r.t. every parameter (laid out as <see cref="Parameters"/>); changes no parameter
    /// and no optimizer state. It is a training pass: BatchNorm's running statistics and batch count move and dropout
    /// masks are drawn, as in <see cref="TrainStep(ReadOnlySpan{float}, ReadOnlySpan{int})"/>.
    /// </summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients);

    /// <summary>As the label overload, against targets[batch, OutputSize].</summary>
    float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients);

    /// <summary>One optimizer step with the given gradients: ComputeGradients then ApplyGradients equals TrainStep.</summary>
    void ApplyGradients(ReadOnlySpan<float> gradients);

    /// <summary>
    /// One training-mode forward pass over inputs[batch, InputSize] (batch in 1..BatchSize, finite, checked as TrainStep's):
    /// batch statistics and dropout masks as training sees them, <paramref name="recorder"/> called once per layer in order
    /// with the layer's output after its activation, before its dropout. Changes nothing: BatchNorm's running statistics
    /// and batch count, the dropout stream and every parameter are put back as they were. Allocates nothing.
    /// </summary>
    void RecordActivations(ReadOnlySpan<float> inputs, IActivationRecorder recorder);

    /// <summary>
    /// The torch.nn model this network is equivalent to: its modules name the checkpoint's tensors and the ONNX export's
    /// nodes (see <see cref="NetworkArchitecture"/>).
    /// </summary>
    NetworkArchitecture Architecture { get; }

    /// <summary>The optimizer's state buffers, each laid out as <see cref="Parameters"/>, in a fixed order; empty for plain SGD.</summary>
    IReadOnlyList<OptimizerBuffer> OptimizerState { get; }

    /// <summary>
    /// The step count, the dropout stream and BatchNorm's batch count: read and written by checkpoints
    /// (<see cref="Checkpoint"/>). Setting it puts training back where it was read; Step must be ≥ 0.
    /// </summary>
    TrainingPosition Position { get; set; }
}
