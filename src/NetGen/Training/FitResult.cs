namespace NetGen.Training;

/// <summary>What <see cref="Trainer.Fit"/> did.</summary>
/// <param name="History">One record per epoch run, in order.</param>
/// <param name="BestEpoch">
/// The epoch with the best monitored value: <see cref="EarlyStopping.Monitor"/>'s with early stopping, else the
/// validation loss, else (no validation) the training loss. The first one on ties.
/// </param>
/// <param name="StoppedEarly">Early stopping ended the run before <see cref="FitOptions.Epochs"/>.</param>
/// <param name="StoppedByCallback">A callback asked to stop.</param>
/// <param name="RestoredBest">The state saved at the end of <paramref name="BestEpoch"/> was loaded back at the end (<see cref="EarlyStopping.RestoreBest"/>).</param>
public sealed record FitResult(IReadOnlyList<EpochRecord> History, int BestEpoch, bool StoppedEarly, bool StoppedByCallback, bool RestoredBest);
