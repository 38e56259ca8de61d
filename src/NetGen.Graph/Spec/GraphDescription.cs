using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>
/// A whole network as data: what a NetGen attribute spec says, held in the spec model the generator compiles from
/// (one set of op kinds, records and rules for both engines). Made by <see cref="GraphBuilder"/>, <see cref="GraphJson"/>
/// or <see cref="GraphAttributes"/> and checked against the spec language's rules as it is made: <see cref="Diagnostics"/>
/// lists what the generator would report for the same network, with the same NGxxxx ids and messages, and
/// <see cref="GraphNetwork.Create"/> refuses a description with errors.
/// </summary>
public sealed class GraphDescription
{
    internal GraphDescription(NetworkSpec spec)
    {
        Validated = NetworkValidator.Validate(spec);
        Diagnostics = Validated.Diagnostics
            .Where(d => d.Rule.Scope == RuleScope.Spec)
            .Select(d => new GraphDiagnostic(d.Rule.Id, d.IsError, d.Message))
            .ToArray();
    }

    /// <summary>[features] or [channels, height, width].</summary>
    public IReadOnlyList<int> InputShape => Spec.InputShape;

    /// <summary>The largest batch one call takes (Predict works through larger inputs in chunks of it).</summary>
    public int BatchSize => Spec.BatchSize;

    /// <summary>The loss as its attribute is named (SoftmaxCrossEntropy, BinaryCrossEntropy, MeanSquaredError); empty when there is none.</summary>
    public string LossName => Spec.Losses.FirstOrDefault()?.Kind.ToString() ?? "";

    /// <summary>The layers' names, in order.</summary>
    public IReadOnlyList<string> LayerNames => Spec.Layers.Select(l => l.Name).ToArray();

    /// <summary>Every rule of the spec language the description breaks, errors and warnings, in the order found.</summary>
    public IReadOnlyList<GraphDiagnostic> Diagnostics { get; }

    internal NetworkSpec Spec => Validated.Spec;

    /// <summary>The spec with its inferred shapes, one per layer when there are no errors.</summary>
    internal ValidatedNetwork Validated { get; }

    /// <summary>One line per layer, as the generated summary names its ops, e.g. "Hidden1: Dense(256) → BatchNorm → ReLU".</summary>
    public override string ToString() => string.Join(Environment.NewLine, Spec.Layers.Select(l => $"{l.Name}: {LayerText.Describe(l)}"));
}

/// <summary>A broken rule: its id (NG0007), whether it is an error (else a warning) and the generator's message.</summary>
public sealed record GraphDiagnostic(string Id, bool IsError, string Message)
{
    /// <summary>"NG0007: Dense units of layer 'Out' is 0; it must be at least 1".</summary>
    public override string ToString() => $"{Id}: {Message}";
}
