using NetGen.Runtime;

namespace NetGen.Graph;

/// <summary>
/// torch.optim's step over every parameter tensor once backward is complete (the interpreter cannot update inside
/// backward as the generated code does), on the same runtime kernels and with the same per-step scalars and
/// regularizers: L1 and clip-by-value and clip-by-norm through <see cref="GradientTransform"/>, coupled or decoupled
/// decay, and with DecayWeightsOnly biases, norm parameters and slopes left undecayed.
/// </summary>
internal sealed class GraphOptimizer
{
    private readonly OptimizerDescription _o;
    private readonly RegularizationDescription _r;
    private readonly ParameterTensor[] _tensors; // an array: foreach over it allocates no enumerator
    private readonly float[] _first, _second, _third; // the kind's state buffers, one float per parameter (or empty)
    private readonly bool _decoupled;

    public GraphOptimizer(OptimizerDescription optimizer, RegularizationDescription regularization, ParameterStore parameters)
    {
        (_o, _r, _tensors) = (optimizer, regularization, parameters.Tensors.ToArray());
        _decoupled = optimizer.Kind == GraphOptimizerKind.AdamW;
        int n = parameters.Count;
        float[] Buffer(bool needed, float initial = 0f)
        {
            if (!needed)
            {
                return [];
            }

            var buffer = new float[n];
            buffer.AsSpan().Fill(initial);
            return buffer;
        }

        switch (optimizer.Kind)
        {
            case GraphOptimizerKind.Sgd:
                (_first, _second, _third) = (Buffer(optimizer.Momentum != 0f), [], []); // velocity
                break;
            case GraphOptimizerKind.AdaGrad:
                (_first, _second, _third) = (Buffer(true, optimizer.InitialAccumulator), [], []); // Σ g²
                break;
            case GraphOptimizerKind.RmsProp:
                (_first, _second, _third) = (Buffer(true), Buffer(optimizer.Centered), Buffer(optimizer.Momentum > 0f)); // v, ḡ, b
                break;
            default:
                (_first, _second, _third) = (Buffer(true), Buffer(true), Buffer(optimizer.AmsGrad)); // m, v, max v
                break;
        }
    }

    /// <summary>Biases and other non-weights get their own transform when decay or L1 must skip them.</summary>
    private bool SplitsWeights => _o.DecayWeightsOnly && (_o.WeightDecay != 0f || _r.L1 != 0f);

    /// <summary>One optimizer step of θ with ∂L/∂θ, as step <paramref name="step"/> + 1 (0-based count of steps taken).</summary>
    public void Apply(ReadOnlySpan<float> gradients, Span<float> parameters, long step, float learningRate)
    {
        float scale = _r.ClipGradNorm > 0f ? GradientTransform.ClipCoefficient(SquaredNorm(gradients, parameters), _r.ClipGradNorm) : 1f;
        foreach (ParameterTensor tensor in _tensors)
        {
            bool undecayed = SplitsWeights && tensor.Role != ParameterRole.Weight;
            var transform = new GradientTransform(scale, l1: undecayed ? 0f : _r.L1, clipValue: _r.ClipGradValue, weightDecay: undecayed || _decoupled ? 0f : _o.WeightDecay);
            Update(tensor, gradients.Slice(tensor.Offset, tensor.Length), parameters.Slice(tensor.Offset, tensor.Length), transform, step, learningRate, undecayed);
        }
    }

    /// <summary>‖g + λ₁·sign θ‖² after clip-by-value, the norm clip_grad_norm_ sees.</summary>
    private double SquaredNorm(ReadOnlySpan<float> gradients, ReadOnlySpan<float> parameters)
    {
        double sum = 0;
        foreach (ParameterTensor tensor in _tensors)
        {
            bool undecayed = SplitsWeights && tensor.Role != ParameterRole.Weight;
            var transform = new GradientTransform(1f, l1: undecayed ? 0f : _r.L1, clipValue: _r.ClipGradValue, weightDecay: 0f);
            sum += transform.SquaredNorm(gradients.Slice(tensor.Offset, tensor.Length), parameters.Slice(tensor.Offset, tensor.Length));
        }

        return sum;
    }

    private void Update(ParameterTensor tensor, ReadOnlySpan<float> g, Span<float> theta, in GradientTransform transform, long step, float rate, bool undecayed)
    {
        Span<float> State(float[] buffer) => buffer.Length == 0 ? default : buffer.AsSpan(tensor.Offset, tensor.Length);
        switch (_o.Kind)
        {
            case GraphOptimizerKind.Sgd:
                Sgd.Update(g, transform, new SgdSettings(rate, _o.Momentum, _o.Dampening, _o.Nesterov), firstStep: step == 0, theta, State(_first));
                break;
            case GraphOptimizerKind.AdaGrad:
                AdaGrad.Update(g, transform, AdaGrad.DecayedRate(rate, _o.LrDecay, step + 1), _o.Epsilon, theta, State(_first));
                break;
            case GraphOptimizerKind.RmsProp:
                RmsProp.Update(g, transform, new RmsPropSettings(rate, _o.Alpha, _o.Epsilon, _o.Momentum, _o.Centered), theta, State(_first), State(_second), State(_third));
                break;
            default:
                AdamStep adam = AdamStep.At(step + 1, rate, _o.Beta1, _o.Beta2, _o.Epsilon, _decoupled ? _o.WeightDecay : 0f, _o.AmsGrad);
                Adam.Update(g, transform, undecayed ? adam with { DecayFactor = 1f } : adam, theta, State(_first), State(_second), State(_third));
                break;
        }
    }
}
