using NetGen.Data;

namespace NetGen.Training;

/// <summary>
/// The learning-rate range test (Smith 2015; fastai's lr_find): train for up to <see cref="LearningRateFinderOptions.Steps"/>
/// steps while the rate grows exponentially from Min to Max, record the loss smoothed by an EMA with bias correction
/// (avg = β·avg + (1 − β)·loss, smoothed = avg / (1 − β^(t+1))), and stop once the smoothed loss exceeds
/// DivergenceFactor × the best so far (or a step's loss is not finite). The network's whole training state is saved with
/// <see cref="Checkpoint.Save(INetwork, Stream)"/> into memory first and loaded back afterwards, so it ends exactly as it
/// started (parameters, optimizer state, step, learning rate, dropout stream, BatchNorm buffers).
/// <para>
/// The suggestion is the rate at the steepest descent of the smoothed loss against log(rate) (fastai's "steep"), found by
/// central differences, ignoring the first 10% and the last 5% of the points, where the EMA is still warming up and the loss is
/// diverging. <see cref="LearningRateRange.MinimumOverTen"/> (the rate of the lowest smoothed loss divided by ten, the
/// older rule) is given too.
/// </para>
/// </summary>
public static class LearningRateFinder
{
    /// <summary>Runs the range test on <paramref name="network"/> with shuffled batches of <paramref name="data"/>.</summary>
    public static LearningRateRange Run(INetwork network, DataSet data, LearningRateFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new LearningRateFinderOptions();
        if (!(options.MinRate > 0 && options.MaxRate > options.MinRate && double.IsFinite(options.MaxRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "need 0 < MinRate < MaxRate.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 5, nameof(options));
        if (!(options.Smoothing is >= 0 and < 1) || !(options.DivergenceFactor > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Smoothing must be in [0, 1) and DivergenceFactor > 1.");
        }

        if (data.FeatureSize != network.InputSize || data.Count == 0)
        {
            throw new ArgumentException($"need a non-empty data set of {network.InputSize} features per sample.", nameof(data));
        }

        using var saved = new MemoryStream();
        network.Save(saved);
        var rates = new List<double>(options.Steps);
        var losses = new List<double>(options.Steps);
        var raw = new List<double>(options.Steps);
        try
        {
            var batches = new Minibatches(data, network.BatchSize, options.Seed);
            double ratio = Math.Log(options.MaxRate / options.MinRate), average = 0, best = double.PositiveInfinity;
            for (int t = 0; t < options.Steps; t++)
            {
                double rate = options.MinRate * Math.Exp(ratio * t / (options.Steps - 1));
                if (!batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels))
                {
                    batches.Shuffle();
                    batches.TryNext(out inputs, out labels);
                }

                network.LearningRate = (float)rate;
                float loss;
                try
                {
                    loss = network.TrainStep(inputs, labels);
                }
                catch (NotFiniteNumberException)
                {
                    break;
                }

                average = options.Smoothing * average + (1 - options.Smoothing) * loss;
                double smoothed = average / (1 - Math.Pow(options.Smoothing, t + 1));
                rates.Add(rate);
                raw.Add(loss);
                losses.Add(smoothed);
                best = Math.Min(best, smoothed);
                if (t > 0 && smoothed > options.DivergenceFactor * best)
                {
                    break;
                }
            }
        }
        finally
        {
            saved.Position = 0;
            network.Load(saved);
        }

        return new LearningRateRange(rates, losses, raw, Steepest(rates, losses), MinimumOverTen(rates, losses));
    }

    private static double Steepest(List<double> rates, List<double> losses)
    {
        int skipStart = Math.Max(1, losses.Count / 10), skipEnd = Math.Max(1, losses.Count / 20);
        int best = -1;
        double steepest = double.PositiveInfinity;
        for (int i = Math.Max(1, skipStart); i < losses.Count - 1 - skipEnd; i++)
        {
            double slope = (losses[i + 1] - losses[i - 1]) / (Math.Log(rates[i + 1]) - Math.Log(rates[i - 1]));
            if (slope < steepest)
            {
                steepest = slope;
                best = i;
            }
        }

        return best < 0 ? double.NaN : rates[best];
    }

    private static double MinimumOverTen(List<double> rates, List<double> losses)
    {
        if (losses.Count == 0)
        {
            return double.NaN;
        }

        int best = 0;
        for (int i = 1; i < losses.Count; i++)
        {
            if (losses[i] < losses[best])
            {
                best = i;
            }
        }

        return rates[best] / 10;
    }
}

/// <summary>Settings of <see cref="LearningRateFinder"/> (fastai's defaults: 1e-7 to 10 over 100 steps, β = 0.98, stop at 4× the best).</summary>
public sealed record LearningRateFinderOptions
{
    /// <summary>The first rate.</summary>
    public double MinRate { get; init; } = 1e-7;

    /// <summary>The last rate.</summary>
    public double MaxRate { get; init; } = 10;

    /// <summary>Steps of the sweep (at least 5).</summary>
    public int Steps { get; init; } = 100;

    /// <summary>The EMA factor β of the smoothed loss.</summary>
    public double Smoothing { get; init; } = 0.98;

    /// <summary>Stop when the smoothed loss exceeds this many times the best.</summary>
    public double DivergenceFactor { get; init; } = 4;

    /// <summary>Seeds the batch order.</summary>
    public long Seed { get; init; }
}

/// <summary>The curve of a range test and its suggestions.</summary>
/// <param name="Rates">The rate of each step taken.</param>
/// <param name="Losses">The smoothed loss after each step.</param>
/// <param name="RawLosses">Each step's own loss.</param>
/// <param name="Suggested">The rate of the steepest descent of the smoothed loss (NaN when the curve is too short).</param>
/// <param name="MinimumOverTen">The rate of the lowest smoothed loss, divided by ten.</param>
public sealed record LearningRateRange(IReadOnlyList<double> Rates, IReadOnlyList<double> Losses, IReadOnlyList<double> RawLosses, double Suggested, double MinimumOverTen);
