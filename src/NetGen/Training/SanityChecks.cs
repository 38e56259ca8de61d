using NetGen.Data;

namespace NetGen.Training;

/// <summary>
/// Checks to run before a long training run (course notes, "babysitting the learning process"): the loss at
/// initialization should be about ln C for C classes, and a network should be able to overfit a handful of samples.
/// The gradient check is <see cref="GradientCheck"/>.
/// </summary>
public static class SanityChecks
{
    /// <summary>
    /// The mean cross-entropy −mean log p(label) of a softmax network's Predict outputs on the first
    /// <paramref name="samples"/> samples of <paramref name="data"/>, against ln C, the loss of a uniform guess. Inference
    /// only, so nothing in the network moves. Label smoothing is not included (the measured value is the plain
    /// cross-entropy). The default tolerance is 25% of ln C.
    /// </summary>
    public static InitialLossCheck InitialLoss(INetwork network, DataSet data, int samples = 1000, double? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        if (network.Architecture.Output != PredictOutput.Softmax)
        {
            throw new NotSupportedException($"the initial-loss check is for softmax classifiers; this network's Predict gives {network.Architecture.Output} outputs.");
        }

        CheckShape(network, data);
        int n = Math.Min(samples, data.Count);
        if (n == 0)
        {
            throw new ArgumentException("the data set is empty.", nameof(data));
        }

        int classes = network.OutputSize;
        var outputs = new float[n * classes];
        network.Predict(data.Features.AsSpan(0, n * data.FeatureSize), outputs);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum -= Math.Log(Math.Max(outputs[i * classes + data.Labels[i]], 1e-30));
        }

        double measured = sum / n, expected = Math.Log(classes), allowed = tolerance ?? 0.25 * expected;
        bool passed = Math.Abs(measured - expected) <= allowed;
        string message = passed
            ? $"initial loss {measured:F4} is within {allowed:F3} of ln {classes} = {expected:F4}."
            : $"initial loss {measured:F4} is {measured - expected:+0.000;-0.000} from ln {classes} = {expected:F4} (tolerance {allowed:F3}): "
              + (measured > expected ? "the initial outputs are too confident (initial weights too large, or the labels do not match the outputs)." : "the network already favours the labels (a data leak, or labels that are all one class?).");
        return new InitialLossCheck(expected, measured, allowed, passed, message);
    }

    /// <summary>
    /// Trains a fresh network from <paramref name="factory"/> on its first <paramref name="samples"/> samples of
    /// <paramref name="data"/> (default: one batch, <see cref="INetwork.BatchSize"/>) for <paramref name="steps"/> steps,
    /// each a TrainStep over the next at most BatchSize of them in turn. Passes when the training accuracy on those samples
    /// (Predict, argmax) is 100% and the mean training loss of the last pass over them is at most
    /// <paramref name="lossBound"/>. A network that cannot do this has a bug or too small a learning rate.
    /// </summary>
    public static OverfitCheck OverfitTinySubset(Func<INetwork> factory, DataSet data, int? samples = null, int steps = 300, double lossBound = 0.05)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        INetwork network = factory();
        CheckShape(network, data);
        int k = Math.Min(samples ?? network.BatchSize, data.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k, nameof(samples));
        var subset = new DataSet(data.Features.AsSpan(0, k * data.FeatureSize).ToArray(), data.Labels.AsSpan(0, k).ToArray(), data.FeatureSize);
        int batch = network.BatchSize, batchesPerPass = (k + batch - 1) / batch;
        var last = new double[batchesPerPass];
        int start = 0;
        for (int step = 0; step < steps; step++)
        {
            int count = Math.Min(batch, k - start);
            float loss = network.TrainStep(subset.Features.AsSpan(start * subset.FeatureSize, count * subset.FeatureSize), subset.Labels.AsSpan(start, count));
            last[start / batch] = loss * count;
            start = start + count >= k ? 0 : start + count;
        }

        double finalLoss = last.Sum() / (steps >= batchesPerPass ? k : Math.Min(k, steps * batch));
        double accuracy = Evaluation.Accuracy(network, subset);
        bool passed = accuracy >= 1.0 && finalLoss <= lossBound;
        string message = passed
            ? $"overfit {k} samples in {steps} steps: accuracy 100%, loss {finalLoss:G4}."
            : $"could not overfit {k} samples in {steps} steps: accuracy {accuracy:P1}, loss {finalLoss:G4} (bound {lossBound:G3}); check the gradients, the learning rate and the labels.";
        return new OverfitCheck(k, steps, accuracy, finalLoss, passed, message);
    }

    private static void CheckShape(INetwork network, DataSet data)
    {
        if (data.FeatureSize != network.InputSize)
        {
            throw new ArgumentException($"the data has {data.FeatureSize} features per sample but the network takes {network.InputSize}.", nameof(data));
        }
    }
}

/// <summary>The loss at initialization against ln C.</summary>
public sealed record InitialLossCheck(double Expected, double Measured, double Tolerance, bool Passed, string Message);

/// <summary>Whether a fresh network overfit a tiny subset.</summary>
public sealed record OverfitCheck(int Samples, int Steps, double TrainingAccuracy, double FinalLoss, bool Passed, string Message);
