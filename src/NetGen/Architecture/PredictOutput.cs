namespace NetGen;

/// <summary>What <c>Predict</c> applies to the last layer's output, from the loss.</summary>
public enum PredictOutput
{
    /// <summary>Raw values (mean squared error).</summary>
    Identity,

    /// <summary>Probabilities over the outputs of each sample (softmax cross-entropy).</summary>
    Softmax,

    /// <summary>A probability per output (binary cross-entropy on logits).</summary>
    Sigmoid,
}
