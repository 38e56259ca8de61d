namespace NetGen.Training;

/// <summary>When <see cref="Trainer.Fit"/> advances <see cref="FitOptions.Schedule"/>.</summary>
public enum SchedulePeriod
{
    /// <summary>After every optimizer step (one per logical batch).</summary>
    Step,

    /// <summary>After every epoch; a <see cref="Schedules.ReduceOnPlateau"/> is given the validation loss (the training loss without validation).</summary>
    Epoch,
}
