namespace NetGen.Training;

/// <summary>What Fit's loop reads batches from: <see cref="Minibatches"/>, or <see cref="AugmentedMinibatches"/> with augmentation.</summary>
internal interface IBatchSource
{
    /// <summary>Batches in one epoch.</summary>
    int BatchesPerEpoch { get; }

    /// <summary>Starts an epoch.</summary>
    void Shuffle();

    /// <summary>The next batch with labels, false at the epoch's end.</summary>
    bool TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels);

    /// <summary>The next batch with targets, false at the epoch's end.</summary>
    bool TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<float> targets);
}
