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

    /// <summary>Optimizer steps taken.</summary>
    long Step { get; }

    /// <summary>One training step on a batch of labels[batch] with inputs[batch, InputSize]; returns the mean loss.</summary>
    float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);

    /// <summary>One training step on targets[batch, OutputSize]; returns the mean loss.</summary>
    float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

    /// <summary>Inference on any number of samples: outputs[n, OutputSize] from inputs[n, InputSize].</summary>
    void Predict(ReadOnlySpan<float> inputs, Span<float> outputs);

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
