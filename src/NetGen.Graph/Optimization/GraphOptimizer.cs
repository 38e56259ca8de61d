using NetGen.Runtime;
using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>
/// torch.optim's step over every parameter tensor once backward is complete (the interpreter cannot update inside
/// backward as the generated code does), on the same runtime kernels and with the same per-step scalars and
/// regularizers: L1 and clip-by-value and clip-by-norm through <see cref="GradientTransform"/>, coupled or decoupled
/// decay, and with DecayWeightsOnly biases, norm parameters and slopes left undecayed; then MaxNorm renorms its layers'
/// weight rows (the generated code does so right after each layer's update, which no other layer's update reads).
/// </summary>
internal sealed class GraphOptimizer
{
    private readonly OptimizerSpec _o;
    private readonly float _clipNorm, _clipValue, _l1; // 0 for none
    private readonly ParameterTensor[] _tensors; // an array: foreach over it allocates no enumerator
    private readonly float[] _first, _second, _third; // the kind's state buffers, one float per parameter (or empty)
    private readonly bool _decoupled, _splitsNonWeights;
    private readonly MaxNormConstraint[] _maxNorms;

    public GraphOptimizer(NetworkSpec spec, ParameterStore parameters, MaxNormConstraint[] maxNorms)
    {
        _maxNorms = maxNorms;
        OptimizerSpec optimizer = spec.Optimizers[0];
        (_o, _tensors) = (optimizer, parameters.Tensors.ToArray());
        (_clipNorm, _clipValue, _l1) = (spec.RegularizerValue(RegularizerKind.ClipGradNorm), spec.RegularizerValue(RegularizerKind.ClipGradValue), spec.RegularizerValue(RegularizerKind.L1));
        _splitsNonWeights = OptimizerDefaults.SplitsNonWeights(optimizer);
        _decoupled = optimizer.Kind == OptimizerKind.AdamW;
        int n = parameters.Count;
        var present = new List<float[]>(3); // the buffers that exist, in order (by need, not length: a network may have no parameters)
        float[] Buffer(bool needed, float initial = 0f)
        {
            if (!needed)
            {
                return [];
            }

            var buffer = new float[n];
            buffer.AsSpan().Fill(initial);
            present.Add(buffer);
            return buffer;
        }

        switch (optimizer.Kind)
        {
            case OptimizerKind.Sgd:
                (_first, _second, _third) = (Buffer(optimizer.Momentum != 0f), [], []); // velocity
                break;
            case OptimizerKind.AdaGrad:
                (_first, _second, _third) = (Buffer(true, optimizer.InitialAccumulator), [], []); // Σ g²
                break;
            case OptimizerKind.RmsProp:
                (_first, _second, _third) = (Buffer(true), Buffer(optimizer.Centered), Buffer(optimizer.Momentum > 0f)); // v, ḡ, b
                break;
            default:
                (_first, _second, _third) = (Buffer(true), Buffer(true), Buffer(optimizer.AmsGrad)); // m, v, max v
                break;
        }

        Buffers = Named(OptimizerDefaults.StateBuffers(optimizer), present);
    }

    /// <summary>The state buffers that exist, in order, named as torch.optim names them (<see cref="OptimizerDefaults.StateBuffers"/>).</summary>
    public OptimizerBuffer[] Buffers { get; }

    private static OptimizerBuffer[] Named((string Name, float Initial)[] names, List<float[]> present)
    {
        if (present.Count != names.Length)
        {
            throw new InvalidOperationException($"The optimizer keeps {present.Count} state buffers but its state names are [{string.Join(", ", names.Select(n => n.Name))}].");
        }

        return names.Select((n, i) => new OptimizerBuffer(n.Name, present[i])).ToArray();
    }

    /// <summary>
    /// One optimizer step of θ with ∂L/∂θ, as step <paramref name="step"/> + 1 (0-based count of steps taken), with the
    /// run-time hyperparameters: γ, λ (AdamW's decoupled λ) and μ (SGD and RMSProp; ignored by the others).
    /// </summary>
    public void Apply(ReadOnlySpan<float> gradients, Span<float> parameters, long step, float learningRate, float weightDecay, float momentum)
    {
        float scale = _clipNorm > 0f ? GradientTransform.ClipCoefficient(SquaredNorm(gradients, parameters), _clipNorm) : 1f;
        foreach (ParameterTensor tensor in _tensors)
        {
            bool undecayed = _splitsNonWeights && tensor.Role != ParameterRole.Weight;
            var transform = new GradientTransform(scale, l1: undecayed ? 0f : _l1, clipValue: _clipValue, weightDecay: undecayed || _decoupled ? 0f : weightDecay);
            Update(tensor, gradients.Slice(tensor.Offset, tensor.Length), parameters.Slice(tensor.Offset, tensor.Length), transform, step, learningRate, weightDecay, momentum, undecayed);
        }

        foreach (MaxNormConstraint constraint in _maxNorms)
        {
            MaxNorm.Renorm(parameters.Slice(constraint.Weight.Offset, constraint.Weight.Length), constraint.Rows, constraint.MaxNorm);
        }
    }

    /// <summary>‖g + λ₁·sign θ‖² after clip-by-value, the norm clip_grad_norm_ sees.</summary>
    private double SquaredNorm(ReadOnlySpan<float> gradients, ReadOnlySpan<float> parameters)
    {
        double sum = 0;
        foreach (ParameterTensor tensor in _tensors)
        {
            bool undecayed = _splitsNonWeights && tensor.Role != ParameterRole.Weight;
            var transform = new GradientTransform(1f, l1: undecayed ? 0f : _l1, clipValue: _clipValue, weightDecay: 0f);
            sum += transform.SquaredNorm(gradients.Slice(tensor.Offset, tensor.Length), parameters.Slice(tensor.Offset, tensor.Length));
        }

        return sum;
    }

    private void Update(ParameterTensor tensor, ReadOnlySpan<float> g, Span<float> theta, in GradientTransform transform, long step, float rate, float weightDecay, float momentum, bool undecayed)
    {
        Span<float> State(float[] buffer) => buffer.Length == 0 ? default : buffer.AsSpan(tensor.Offset, tensor.Length);
        switch (_o.Kind)
        {
            case OptimizerKind.Sgd:
                Sgd.Update(g, transform, new SgdSettings(rate, momentum, _o.Dampening, _o.Nesterov), firstStep: step == 0, theta, State(_first));
                break;
            case OptimizerKind.AdaGrad:
                AdaGrad.Update(g, transform, AdaGrad.DecayedRate(rate, _o.LrDecay, step + 1), _o.Epsilon, theta, State(_first));
                break;
            case OptimizerKind.RmsProp:
                RmsProp.Update(g, transform, new RmsPropSettings(rate, _o.Alpha, _o.Epsilon, momentum, _o.Centered), theta, State(_first), State(_second), State(_third));
                break;
            default:
                AdamStep adam = AdamStep.At(step + 1, rate, _o.Beta1, _o.Beta2, _o.Epsilon, _decoupled ? weightDecay : 0f, _o.AmsGrad);
                Adam.Update(g, transform, undecayed ? adam with { DecayFactor = 1f } : adam, theta, State(_first), State(_second), State(_third));
                break;
        }
    }
}
