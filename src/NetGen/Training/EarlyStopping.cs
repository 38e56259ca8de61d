namespace NetGen.Training;

/// <summary>
/// Stops <see cref="Trainer.Fit"/> when the monitored validation value has not improved for <see cref="Patience"/>
/// epochs in a row: improved means lower than the best by more than <see cref="MinDelta"/> (loss), or higher by more
/// than it (accuracy). Needs a validation set.
/// </summary>
public sealed record EarlyStopping
{
    /// <summary>Epochs without improvement tolerated; the run stops after the Patience-th. ≥ 1.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>The smallest change that counts as an improvement; ≥ 0.</summary>
    public double MinDelta { get; init; }

    /// <summary>The value watched.</summary>
    public MonitoredMetric Monitor { get; init; } = MonitoredMetric.ValidationLoss;

    /// <summary>
    /// Keep the whole training state of the best epoch (an in-memory checkpoint, <c>network.Save(MemoryStream)</c>,
    /// after each improvement) and load it back at the end, when the last epoch is not the best: parameters, optimizer
    /// state, Step and learning rate are then those of the end of <see cref="FitResult.BestEpoch"/>.
    /// </summary>
    public bool RestoreBest { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Patience, 1, nameof(Patience));
        if (!(MinDelta >= 0) || double.IsInfinity(MinDelta))
        {
            throw new ArgumentOutOfRangeException(nameof(MinDelta), MinDelta, "MinDelta must be finite and ≥ 0.");
        }

        if (!Enum.IsDefined(Monitor))
        {
            throw new ArgumentOutOfRangeException(nameof(Monitor), Monitor, "not a MonitoredMetric value.");
        }
    }
}
