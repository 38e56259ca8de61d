using NetGen.Schedules;

namespace NetGen.Parity.Tests;

/// <summary>
/// One parity case: a generated network, the same configuration spelled out for the PyTorch side, an optional
/// schedule (advanced after every step, as scheduler.step() after optimizer.step()), and the tolerance it must meet.
/// </summary>
/// <param name="Name">The network class name; also the case's folder.</param>
/// <param name="Create">Builds the network from a seed.</param>
/// <param name="Activations">Per layer: "tanh", "relu", "sigmoid", "gelu", "silu", "prelu", "leaky_relu:α", "elu:α", "maxout:k" or "none".</param>
/// <param name="Loss">"cross_entropy" or "mse".</param>
/// <param name="Optimizer">torch.optim's name and keyword arguments, e.g. ("SGD", {lr: 0.1, momentum: 0.9}).</param>
/// <param name="Schedule">Builds the NetGen schedule from the initial rate; null for a constant rate.</param>
/// <param name="TorchSchedule">The same schedule for the PyTorch side (see torch_reference.py), or null.</param>
/// <param name="Ops">
/// Per layer: "dense", "conv:C:F:K:S:P", "maxpool:K:S[:P:ceil]", "avgpool:K:S[:P:ceil:count_include_pad]" (flags 0 or
/// 1, PyTorch's defaults when left out) or "flatten"; null for all dense.
/// </param>
/// <param name="InputShape">The sample shape for PyTorch, e.g. [2, 6, 6]; null for flat.</param>
/// <param name="Norms">Per layer: "none", "batch:momentum:ε" or "layer:ε"; null for none anywhere.</param>
/// <param name="Regularizers">
/// Per layer: "none" or layer regularizers joined by "+": "max_norm:c", "noise:σ", "activity_l1:λ" (in that order of
/// application: renorm after the step; noise, then the penalty, on the layer's output); null for none anywhere.
/// </param>
/// <param name="Batch">Samples per step (at most the network's BatchSize).</param>
/// <param name="Tolerance">Relative tolerance: |ours − torch| ≤ Tolerance·(|torch| + 0.1) for every parameter at every step.</param>
public sealed record ParityCase(
    string Name,
    Func<int, INetwork> Create,
    string[] Activations,
    string Loss,
    string OptimizerName,
    IReadOnlyDictionary<string, object> Optimizer,
    bool DecayWeightsOnly = false,
    float L1 = 0f,
    float ClipNorm = 0f,
    float ClipValue = 0f,
    Func<double, LearningRateSchedule>? Schedule = null,
    IReadOnlyDictionary<string, object>? TorchSchedule = null,
    double Tolerance = 1e-5,
    string[]? Norms = null,
    string[]? Ops = null,
    int[]? InputShape = null,
    string[]? Regularizers = null,
    int Batch = ParityRun.DefaultBatch)
{
    public override string ToString() => Name;
}
