using NetGen.Data;

namespace NetGen.Training;

/// <summary>
/// Scores a network on a data set through <see cref="INetwork.Predict"/> (inference mode: no dropout, BatchNorm's
/// running statistics), in chunks of <see cref="ChunkSize"/> samples with one output buffer per call. Results are in
/// double; an empty set scores NaN. What Predict returns comes from the loss (<see cref="NetworkArchitecture.Output"/>):
/// probabilities after a softmax (softmax cross-entropy), per-output sigmoid probabilities (binary cross-entropy), raw
/// values (mean squared error).
/// </summary>
public static class Metrics
{
    /// <summary>Samples per Predict call.</summary>
    public const int ChunkSize = 1000;

    /// <summary>The smallest probability whose log the cross-entropies take (a probability of 0 costs −log 1e-7 ≈ 16.1).</summary>
    public const double ProbabilityFloor = 1e-7;

    /// <summary>
    /// The fraction of labelled samples whose highest output is their label; for a one-output sigmoid network, the
    /// fraction whose probability, thresholded at 0.5, is their 0/1 label (<see cref="BinaryAccuracy"/>).
    /// </summary>
    public static double Accuracy(INetwork network, DataSet data)
    {
        Check(network, data);
        if (network.OutputSize == 1 && network.Architecture.Output == PredictOutput.Sigmoid)
        {
            return BinaryAccuracy(network, data);
        }

        return TopKAccuracy(network, data, 1);
    }

    /// <summary>The fraction of labelled samples whose label is among their <paramref name="k"/> highest outputs (ties go to the lower index).</summary>
    public static double TopKAccuracy(INetwork network, DataSet data, int k)
    {
        Check(network, data);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, network.OutputSize);
        int[] labels = RequireLabels(data);
        long correct = 0;
        ForEachChunk(network, data, (start, outputs, size) =>
        {
            for (int i = 0; i < outputs.Length / size; i++)
            {
                ReadOnlySpan<float> row = outputs.Slice(i * size, size);
                int label = labels[start + i];
                float own = row[label];
                int above = 0;
                for (int j = 0; j < size; j++)
                {
                    // Outputs ranked before the label: larger, or equal at a lower index (ArgMax's tie rule).
                    if (row[j] > own || (row[j] == own && j < label))
                    {
                        above++;
                    }
                }

                if (above < k)
                {
                    correct++;
                }
            }
        });
        return Fraction(correct, data.Count);
    }

    /// <summary>
    /// counts[trueLabel, predictedLabel] over the labelled samples, predicted = the highest output (for a one-output
    /// sigmoid network, the probability thresholded at 0.5, so classes 0 and 1): rows are the true labels.
    /// </summary>
    public static int[,] ConfusionMatrix(INetwork network, DataSet data)
    {
        Check(network, data);
        int[] labels = RequireLabels(data);
        bool binary = network.OutputSize == 1 && network.Architecture.Output == PredictOutput.Sigmoid;
        int classes = binary ? 2 : network.OutputSize;
        var counts = new int[classes, classes];
        ForEachChunk(network, data, (start, outputs, size) =>
        {
            for (int i = 0; i < outputs.Length / size; i++)
            {
                int predicted = binary ? (outputs[i] >= 0.5f ? 1 : 0) : Evaluation.ArgMax(outputs.Slice(i * size, size));
                counts[labels[start + i], predicted]++;
            }
        });
        return counts;
    }

    /// <summary>Per class c: counts[c, c] / Σ_t counts[t, c], the fraction of samples predicted c that are c (0 when none is).</summary>
    public static double[] Precision(int[,] confusion) => PerClass(confusion, column: true);

    /// <summary>Per class c: counts[c, c] / Σ_p counts[c, p], the fraction of samples of class c predicted c (0 when there are none).</summary>
    public static double[] Recall(int[,] confusion) => PerClass(confusion, column: false);

    /// <summary>Per class: the harmonic mean of precision and recall, 2PR/(P + R) (0 when both are).</summary>
    public static double[] F1(int[,] confusion)
    {
        double[] precision = Precision(confusion), recall = Recall(confusion);
        var f1 = new double[precision.Length];
        for (int c = 0; c < f1.Length; c++)
        {
            double sum = precision[c] + recall[c];
            f1[c] = sum == 0 ? 0 : 2 * precision[c] * recall[c] / sum;
        }

        return f1;
    }

    /// <summary>
    /// For a sigmoid (binary cross-entropy) network: the fraction of outputs whose probability, thresholded (p ≥
    /// <paramref name="threshold"/> is 1), equals the truth: the 0/1 label of a labelled set (one output), or the
    /// target ≥ 0.5 of a set with targets (every output of every sample counts).
    /// </summary>
    public static double BinaryAccuracy(INetwork network, DataSet data, double threshold = 0.5)
    {
        Check(network, data);
        if (network.Architecture.Output != PredictOutput.Sigmoid)
        {
            throw new ArgumentException($"binary accuracy scores sigmoid probabilities, but this network's Predict returns {network.Architecture.Output} outputs.", nameof(network));
        }

        if (!(threshold >= 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the threshold must be in [0, 1].");
        }

        if (!data.HasTargets && network.OutputSize != 1)
        {
            throw new ArgumentException($"integer labels are 0/1 truths for a one-output network; this one has {network.OutputSize} outputs (give targets).", nameof(data));
        }

        long correct = 0;
        ForEachChunk(network, data, (start, outputs, size) =>
        {
            for (int i = 0; i < outputs.Length; i++)
            {
                bool truth = data.HasTargets ? data.Targets[start * size + i] >= 0.5f : data.Labels[start + i] == 1;
                if ((outputs[i] >= threshold) == truth)
                {
                    correct++;
                }
            }
        });
        return Fraction(correct, (long)data.Count * network.OutputSize);
    }

    /// <summary>Mean squared error over every sample × output against the targets (torch.nn.MSELoss).</summary>
    public static double MeanSquaredError(INetwork network, DataSet data) => Regression(network, data, squared: true);

    /// <summary>Mean absolute error over every sample × output against the targets (torch.nn.L1Loss).</summary>
    public static double MeanAbsoluteError(INetwork network, DataSet data) => Regression(network, data, squared: false);

    /// <summary>
    /// The coefficient of determination R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)², per output (ȳ that output's mean target), averaged
    /// over the outputs (scikit-learn's r2_score, multioutput="uniform_average"). An output whose targets are all
    /// equal scores 1 when predicted exactly, else 0 (scikit-learn's convention).
    /// </summary>
    public static double RSquared(INetwork network, DataSet data)
    {
        Check(network, data);
        float[] targets = RequireTargets(network, data);
        int size = network.OutputSize;
        if (data.Count == 0)
        {
            return double.NaN;
        }

        var mean = new double[size];
        for (int i = 0; i < targets.Length; i++)
        {
            mean[i % size] += targets[i];
        }

        for (int j = 0; j < size; j++)
        {
            mean[j] /= data.Count;
        }

        var residual = new double[size];
        var total = new double[size];
        ForEachChunk(network, data, (start, outputs, _) =>
        {
            for (int i = 0; i < outputs.Length; i++)
            {
                double y = targets[start * size + i];
                residual[i % size] += (y - outputs[i]) * (y - outputs[i]);
                total[i % size] += (y - mean[i % size]) * (y - mean[i % size]);
            }
        });
        double sum = 0;
        for (int j = 0; j < size; j++)
        {
            sum += total[j] == 0 ? (residual[j] == 0 ? 1 : 0) : 1 - residual[j] / total[j];
        }

        return sum / size;
    }

    /// <summary>
    /// The mean loss the network's loss would report, recomputed from Predict's outputs, by
    /// <see cref="NetworkArchitecture.Output"/>: softmax cross-entropy −log p[label] per sample (or −Σ t·log p against
    /// target distributions), binary cross-entropy −(t·log p + (1 − t)·log(1 − p)) per output (labels are 0/1 truths
    /// with one output, one-hot with several), mean squared error per output; each log's argument clamped to at least
    /// <see cref="ProbabilityFloor"/>. The data loss only: label smoothing, L1/L2 penalties and dropout are not in it,
    /// and the probabilities' rounding to float makes it differ from TrainStep's loss on the same batch in the last
    /// digits (more for a confident wrong answer, whose logit the clamp caps).
    /// </summary>
    public static double Loss(INetwork network, DataSet data)
    {
        Check(network, data);
        PredictOutput kind = network.Architecture.Output;
        int size = network.OutputSize;
        if (data.HasTargets)
        {
            RequireTargets(network, data);
        }

        double sum = 0;
        ForEachChunk(network, data, (start, outputs, _) =>
        {
            int samples = outputs.Length / size;
            for (int i = 0; i < samples; i++)
            {
                ReadOnlySpan<float> row = outputs.Slice(i * size, size);
                int label = data.HasTargets ? -1 : data.Labels[start + i];
                ReadOnlySpan<float> target = data.HasTargets ? data.Target(start + i) : default;
                for (int j = 0; j < size; j++)
                {
                    double t = data.HasTargets ? target[j] : (size == 1 && kind == PredictOutput.Sigmoid ? label : (j == label ? 1 : 0));
                    double p = row[j];
                    sum += kind switch
                    {
                        PredictOutput.Softmax => t == 0 ? 0 : -t * Math.Log(Math.Max(p, ProbabilityFloor)),
                        PredictOutput.Sigmoid => -(t == 0 ? 0 : t * Math.Log(Math.Max(p, ProbabilityFloor))) - (t == 1 ? 0 : (1 - t) * Math.Log(Math.Max(1 - p, ProbabilityFloor))),
                        _ => (p - t) * (p - t),
                    };
                }
            }
        });
        long terms = kind == PredictOutput.Softmax ? data.Count : (long)data.Count * size;
        return Fraction(sum, terms);
    }

    /// <summary>The accuracy Fit records: <see cref="Accuracy"/> for labelled sets, binary accuracy for sigmoid networks with targets, else NaN.</summary>
    internal static double DefaultAccuracy(INetwork network, DataSet data) =>
        !data.HasTargets ? Accuracy(network, data)
        : network.Architecture.Output == PredictOutput.Sigmoid ? BinaryAccuracy(network, data)
        : double.NaN;

    private delegate void ChunkAction(int start, ReadOnlySpan<float> outputs, int outputSize);

    private static void ForEachChunk(INetwork network, DataSet data, ChunkAction action)
    {
        int size = network.OutputSize;
        var buffer = new float[Math.Min(ChunkSize, Math.Max(data.Count, 1)) * size];
        for (int start = 0; start < data.Count; start += ChunkSize)
        {
            int count = Math.Min(ChunkSize, data.Count - start);
            Span<float> outputs = buffer.AsSpan(0, count * size);
            network.Predict(data.Features.AsSpan(start * data.FeatureSize, count * data.FeatureSize), outputs);
            action(start, outputs, size);
        }
    }

    private static double Regression(INetwork network, DataSet data, bool squared)
    {
        Check(network, data);
        float[] targets = RequireTargets(network, data);
        int size = network.OutputSize;
        double sum = 0;
        ForEachChunk(network, data, (start, outputs, _) =>
        {
            for (int i = 0; i < outputs.Length; i++)
            {
                double error = outputs[i] - (double)targets[start * size + i];
                sum += squared ? error * error : Math.Abs(error);
            }
        });
        return Fraction(sum, (long)data.Count * size);
    }

    private static double[] PerClass(int[,] confusion, bool column)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        int classes = confusion.GetLength(0);
        if (confusion.GetLength(1) != classes)
        {
            throw new ArgumentException($"a confusion matrix is square; this one is {classes} × {confusion.GetLength(1)}.", nameof(confusion));
        }

        var result = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            long all = 0;
            for (int other = 0; other < classes; other++)
            {
                all += column ? confusion[other, c] : confusion[c, other];
            }

            result[c] = all == 0 ? 0 : (double)confusion[c, c] / all;
        }

        return result;
    }

    private static void Check(INetwork network, DataSet data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureSize != network.InputSize)
        {
            throw new ArgumentException($"the data has {data.FeatureSize} features per sample but the network takes {network.InputSize}.", nameof(data));
        }

        if (!data.HasTargets)
        {
            int classes = network.OutputSize == 1 && network.Architecture.Output == PredictOutput.Sigmoid ? 2 : network.OutputSize;
            foreach (int label in data.Labels)
            {
                if ((uint)label >= (uint)classes)
                {
                    throw new ArgumentException($"the data holds label {label}, but the network's {network.OutputSize} output(s) score labels 0..{classes - 1}.", nameof(data));
                }
            }
        }
    }

    private static int[] RequireLabels(DataSet data) =>
        data.HasTargets ? throw new ArgumentException("this metric scores labelled data; the set holds float targets.", nameof(data)) : data.Labels;

    private static float[] RequireTargets(INetwork network, DataSet data)
    {
        if (!data.HasTargets)
        {
            throw new ArgumentException("this metric scores float targets; the set holds integer labels.", nameof(data));
        }

        if (data.TargetSize != network.OutputSize)
        {
            throw new ArgumentException($"the data has {data.TargetSize} targets per sample but the network has {network.OutputSize} outputs.", nameof(data));
        }

        return data.Targets;
    }

    private static double Fraction(double numerator, long denominator) => denominator == 0 ? double.NaN : numerator / denominator;
}
