namespace NetGen.Training;

/// <summary>
/// One epoch of <see cref="Trainer.Fit"/>. A value that was not measured is NaN (no validation set; training accuracy
/// not asked for; accuracy of a mean-squared-error network).
/// </summary>
/// <param name="Epoch">1-based.</param>
/// <param name="TrainLoss">The mean of the epoch's TrainStep losses (per optimizer step, unweighted; with gradient accumulation each step's loss is its chunks' losses weighted by size).</param>
/// <param name="TrainAccuracy">
/// With <see cref="FitOptions.MeasureTrainAccuracy"/>: the accuracy on the whole training set after the epoch,
/// through Predict (<see cref="Metrics.Accuracy"/>; inference mode), not a running accuracy of the steps. Else NaN.
/// </param>
/// <param name="ValidationLoss"><see cref="Metrics.Loss"/> on the validation set after the epoch.</param>
/// <param name="ValidationAccuracy"><see cref="Metrics.Accuracy"/> on the validation set after the epoch (binary accuracy for a sigmoid network with targets; NaN for MSE).</param>
/// <param name="LearningRate">The rate of the epoch's last step.</param>
/// <param name="Seconds">The epoch's wall time: training, evaluation, callbacks and the log.</param>
/// <param name="SamplesPerSecond">Training samples over the time spent in the training steps alone.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double Seconds,
    double SamplesPerSecond);
