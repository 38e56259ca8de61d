namespace NetGen;

/// <summary>
/// Softmax cross-entropy on the last layer's logits, averaged over the batch (torch.nn.CrossEntropyLoss).
/// <c>Predict</c> then returns probabilities.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SoftmaxCrossEntropyAttribute : Attribute
{
    /// <summary>ε in [0, 1): the target becomes (1-ε)·onehot + ε/classes.</summary>
    public float LabelSmoothing { get; set; }
}

/// <summary>Mean squared error averaged over every batch × output element (torch.nn.MSELoss).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MeanSquaredErrorAttribute : Attribute;

/// <summary>
/// Binary cross-entropy on logits (torch.nn.BCEWithLogitsLoss): the sigmoid is fused into the loss, computed as
/// max(x, 0) − x·t + log(1 + e^(−|x|)) so it is stable for any |x|; averaged over batch × outputs. <c>Predict</c> returns
/// sigmoid probabilities. Integer labels are 0/1 targets with one output, one-hot targets with several.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BinaryCrossEntropyAttribute : Attribute;
