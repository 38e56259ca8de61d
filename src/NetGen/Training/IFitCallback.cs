namespace NetGen.Training;

/// <summary>
/// Called by <see cref="Trainer.Fit"/>; return false to stop training (after the step's epoch is recorded, for
/// <see cref="OnStep"/>; at once, for <see cref="OnEpoch"/>). Both have a default that continues. Called on Fit's
/// thread, inside the hot loop for OnStep: keep it cheap and allocation-free.
/// </summary>
public interface IFitCallback
{
    /// <summary>After each optimizer step: <paramref name="step"/> is the network's Step after it, <paramref name="loss"/> the step's mean loss.</summary>
    bool OnStep(long step, float loss) => true;

    /// <summary>After each epoch is evaluated (and logged).</summary>
    bool OnEpoch(EpochRecord record) => true;
}
