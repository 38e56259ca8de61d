namespace NetGen.Training;

/// <summary>The validation value <see cref="EarlyStopping"/> watches.</summary>
public enum MonitoredMetric
{
    /// <summary><see cref="EpochRecord.ValidationLoss"/>, lower is better.</summary>
    ValidationLoss,

    /// <summary><see cref="EpochRecord.ValidationAccuracy"/>, higher is better.</summary>
    ValidationAccuracy,
}
