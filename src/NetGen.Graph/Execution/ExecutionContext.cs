using NetGen.Randomness;
using NetGen.Runtime;

namespace NetGen.Graph;

/// <summary>What ops share during one call: the mode, the parameters, the gradient array, the dropout stream and GEMM scratch.</summary>
internal sealed class ExecutionContext(ParameterStore parameters, SeededRandom dropoutRandom)
{
    public ParameterStore Parameters { get; } = parameters;

    /// <summary>Training mode: batch statistics, the tape records.</summary>
    public bool Training { get; set; }

    /// <summary>Dropout draws masks: in training, and in PredictWithDropout's inference.</summary>
    public bool Dropout { get; set; }

    /// <summary>∂L/∂θ of the current backward pass, in the parameters' layout.</summary>
    public float[] Gradients { get; set; } = [];

    public SeededRandom DropoutRandom { get; set; } = dropoutRandom;

    public GemmScratch Gemm { get; } = new();

    /// <summary>A tensor's slice of the gradient array.</summary>
    public Span<float> GradientOf(ParameterTensor tensor) => Gradients.AsSpan(tensor.Offset, tensor.Length);
}
