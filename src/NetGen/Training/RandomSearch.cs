using System.Globalization;
using System.Text;
using NetGen.Data;
using NetGen.Randomness;
using NetGen.Schedules;

namespace NetGen.Training;

/// <summary>One trial's hyperparameters.</summary>
public sealed class TrialConfig
{
    internal TrialConfig(int trial, long seed, IReadOnlyDictionary<string, object> values) => (Trial, Seed, Values) = (trial, seed, values);

    /// <summary>The trial's index.</summary>
    public int Trial { get; }

    /// <summary>The seed its draws came from (the search's seed + the trial index); also for its network and batches.</summary>
    public long Seed { get; }

    /// <summary>Every drawn value by name: doubles for LogUniform and Uniform, the chosen object for Choice.</summary>
    public IReadOnlyDictionary<string, object> Values { get; }

    /// <summary>A numeric value.</summary>
    public double Double(string name) => Convert.ToDouble(Get<object>(name), CultureInfo.InvariantCulture);

    /// <summary>A numeric value as a float (for network properties such as LearningRate).</summary>
    public float Float(string name) => (float)Double(name);

    /// <summary>A value of type <typeparamref name="T"/>, e.g. a chosen <c>Func&lt;int, INetwork&gt;</c>.</summary>
    public T Get<T>(string name) => Values.TryGetValue(name, out object? value)
        ? value is T t ? t : throw new InvalidCastException($"hyperparameter '{name}' is a {value.GetType().Name}, not a {typeof(T).Name}.")
        : throw new KeyNotFoundException($"trial {Trial} has no hyperparameter named '{name}'.");

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", Values.Select(kv => $"{kv.Key}={Format(kv.Value)}"));

    internal static string Format(object value) => value switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        Delegate f => f.Method.Name,
        _ => value.ToString() ?? "",
    };
}

/// <summary>What an objective may need besides the hyperparameters.</summary>
public sealed class TrialContext
{
    internal TrialContext(int trial, long seed, CancellationToken cancellation) => (Trial, Seed, Cancellation) = (trial, seed, cancellation);

    /// <summary>The trial's index.</summary>
    public int Trial { get; }

    /// <summary>A seed of the trial's own (for its network's initialization and batch order).</summary>
    public long Seed { get; }

    /// <summary>Cancelled when the search is.</summary>
    public CancellationToken Cancellation { get; }
}

/// <summary>One row of a search's results.</summary>
public sealed record TrialResult(int Trial, TrialConfig Config, double Score)
{
    /// <inheritdoc/>
    public override string ToString() => $"#{Trial} score {Score.ToString("G5", CultureInfo.InvariantCulture)}: {Config}";
}

/// <summary>Settings of <see cref="RandomSearch.Run"/>.</summary>
public sealed record RandomSearchOptions
{
    /// <summary>Trial i draws from <c>new SeededRandom(Seed + i)</c>.</summary>
    public long Seed { get; init; }

    /// <summary>Trials run at once (default: every core).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Stops starting trials.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// Random search (Bergstra and Bengio 2012): independent trials, each with its own draws from a <see cref="SearchSpace"/>,
/// scored by an objective (higher is better: return −loss for a loss), run in parallel, reported best first; then
/// <see cref="Refine"/> narrows the space around the best trials for a finer search.
/// <para>
/// Determinism: trial i draws from seed + i whatever the thread that runs it, and the table is sorted by score then trial
/// index, so the same seed gives the same table when the objective is itself deterministic (NetGen's kernels give the same
/// results on any thread count).
/// </para>
/// <para>
/// Threads: trials run on up to MaxDegreeOfParallelism threads (Parallel.For), each building its own network. NetGen's
/// split kernels share one set of compute workers (<c>NetGen.Runtime.ComputeThreads</c>): a trial that finds them busy
/// runs its product on its own thread, so parallel trials never wait on each other and results do not change. The search
/// leaves ComputeThreads.Count alone (it is process-wide); with as many trials running as cores, setting it to 1 yourself
/// avoids oversubscription for networks large enough to split.
/// </para>
/// <para>
/// Hyperparameters by name: <see cref="Apply"/> (which the built-in <see cref="TrainingObjective"/> and <see cref="Retrain"/>
/// call) sets the run-time properties a network has from <see cref="LearningRateName"/>, <see cref="WeightDecayName"/>,
/// <see cref="MomentumName"/> and <see cref="DropoutName"/>; <see cref="ScheduleName"/> chooses a
/// <see cref="ScheduleChoice"/> and <see cref="NetworkName"/> a network class (a <see cref="NetworkChoice"/> or a
/// <c>Func&lt;int, INetwork&gt;</c> of the seed). Any other name is the objective's to read.
/// </para>
/// </summary>
public static class RandomSearch
{
    /// <summary>The hyperparameter the built-in objective reads as the learning rate.</summary>
    public const string LearningRateName = "learning_rate";

    /// <summary>The hyperparameter read as the network class: a <see cref="NetworkChoice"/> or a <c>Func&lt;int, INetwork&gt;</c> of the seed.</summary>
    public const string NetworkName = "network";

    /// <summary>The hyperparameter <see cref="Apply"/> sets as <see cref="INetwork.WeightDecay"/>.</summary>
    public const string WeightDecayName = "weight_decay";

    /// <summary>The hyperparameter <see cref="Apply"/> sets as <see cref="INetwork.Momentum"/> (the network must declare momentum).</summary>
    public const string MomentumName = "momentum";

    /// <summary>The hyperparameter <see cref="Apply"/> sets as the <see cref="Layer.DropoutRate"/> of every layer with dropout.</summary>
    public const string DropoutName = "dropout";

    /// <summary>The hyperparameter read as the learning-rate schedule: a <see cref="ScheduleChoice"/>, stepped per epoch.</summary>
    public const string ScheduleName = "schedule";

    /// <summary>Runs <paramref name="trials"/> trials of <paramref name="objective"/>; the results best first.</summary>
    public static IReadOnlyList<TrialResult> Run(SearchSpace space, int trials, Func<TrialConfig, TrialContext, double> objective, RandomSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        options ??= new RandomSearchOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxDegreeOfParallelism, nameof(options));
        var results = new TrialResult[trials];
        var configs = new TrialConfig[trials];
        for (int i = 0; i < trials; i++)
        {
            long seed = options.Seed + i;
            configs[i] = new TrialConfig(i, seed, space.Draw(new SeededRandom(seed)));
        }

        Parallel.For(0, trials, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = options.Cancellation }, i =>
        {
            double score = objective(configs[i], new TrialContext(i, configs[i].Seed, options.Cancellation));
            results[i] = new TrialResult(i, configs[i], score);
        });

        return Sort(results);
    }

    /// <summary>Results best first: by score descending (NaN last), then by trial index.</summary>
    public static IReadOnlyList<TrialResult> Sort(IEnumerable<TrialResult> results) =>
        results.OrderBy(r => double.IsNaN(r.Score) ? 1 : 0).ThenByDescending(r => double.IsNaN(r.Score) ? 0 : r.Score).ThenBy(r => r.Trial).ToArray();

    /// <summary>
    /// Coarse to fine: a space whose every numeric range spans the values of the top <paramref name="topK"/> results,
    /// widened on each side by <paramref name="margin"/> × that span (in log space for <see cref="LogUniform"/>; by
    /// margin × the old span when the top values coincide) and clipped to the old range; a <see cref="Choice"/> keeps the
    /// values the top results chose, in their old order.
    /// </summary>
    public static SearchSpace Refine(SearchSpace space, IReadOnlyList<TrialResult> results, int topK, double margin = 0.25)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topK);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        TrialResult[] top = Sort(results).Where(r => !double.IsNaN(r.Score)).Take(topK).ToArray();
        if (top.Length == 0)
        {
            throw new ArgumentException("no result has a score to refine around.", nameof(results));
        }

        var refined = new SearchSpace();
        foreach (Hyperparameter p in space)
        {
            refined.Add(p switch
            {
                LogUniform l => Narrow(l.Name, top, Math.Log(l.Min), Math.Log(l.Max), margin, log: true),
                Uniform u => Narrow(u.Name, top, u.Min, u.Max, margin, log: false),
                Choice c => new Choice(c.Name, c.Values.Where(v => top.Any(r => Equals(r.Config.Values[c.Name], v))).ToArray()),
                _ => p,
            });
        }

        return refined;
    }

    private static Hyperparameter Narrow(string name, TrialResult[] top, double min, double max, double margin, bool log)
    {
        double[] values = top.Select(r => r.Config.Double(name)).Select(v => log ? Math.Log(v) : v).ToArray();
        double low = values.Min(), high = values.Max();
        double widen = margin * (high > low ? high - low : max - min);
        low = Math.Max(min, low - widen);
        high = Math.Min(max, high + widen);
        return log ? new LogUniform(name, Math.Exp(low), Math.Exp(high)) : new Uniform(name, low, high);
    }

    /// <summary>
    /// Sets the run-time hyperparameters <paramref name="config"/> names on <paramref name="network"/>: the learning rate,
    /// weight decay, momentum and dropout rate (on every layer that has dropout; a network without any refuses a
    /// <see cref="DropoutName"/> with InvalidOperationException, as it refuses a momentum it was not declared with). Each
    /// is validated by the network's own setter.
    /// </summary>
    public static void Apply(INetwork network, TrialConfig config)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(config);
        if (config.Values.ContainsKey(LearningRateName))
        {
            network.LearningRate = config.Float(LearningRateName);
        }

        if (config.Values.ContainsKey(WeightDecayName))
        {
            network.WeightDecay = config.Float(WeightDecayName);
        }

        if (config.Values.ContainsKey(MomentumName))
        {
            network.Momentum = config.Float(MomentumName);
        }

        if (config.Values.ContainsKey(DropoutName))
        {
            Layer[] dropout = network.Layers.Where(l => l.HasDropout).ToArray();
            if (dropout.Length == 0)
            {
                throw new InvalidOperationException($"trial {config.Trial} sets '{DropoutName}', but the network has no layer with Dropout(p > 0) to apply it to.");
            }

            foreach (Layer layer in dropout)
            {
                layer.DropoutRate = config.Float(DropoutName);
            }
        }
    }

    /// <summary>The trial's network: the <see cref="NetworkName"/> choice built with <paramref name="seed"/>, its hyperparameters applied.</summary>
    public static INetwork Build(TrialConfig config, int seed)
    {
        INetwork network = Create(config, seed);
        Apply(network, config);
        return network;
    }

    /// <summary>The <see cref="NetworkName"/> choice built with <paramref name="seed"/>, at its declared hyperparameters.</summary>
    private static INetwork Create(TrialConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Get<object>(NetworkName) switch
        {
            NetworkChoice choice => choice.Create(seed),
            Func<int, INetwork> create => create(seed),
            object other => throw new InvalidCastException($"hyperparameter '{NetworkName}' is a {other.GetType().Name}; expected a NetworkChoice or a Func<int, INetwork>."),
        };
    }

    /// <summary>
    /// The trial's schedule for a run of <paramref name="epochs"/> epochs starting at the network's learning rate, or
    /// null when the space has no <see cref="ScheduleName"/> (or it chose a constant rate).
    /// </summary>
    public static LearningRateSchedule? Schedule(TrialConfig config, INetwork network, int epochs)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(network);
        return config.Values.ContainsKey(ScheduleName) ? config.Get<ScheduleChoice>(ScheduleName).Create(network.LearningRate, epochs) : null;
    }

    /// <summary>
    /// The built-in objective: builds the trial's network (<paramref name="build"/>, or else the <see cref="NetworkName"/>
    /// choice with the trial's seed), applies its hyperparameters (<see cref="Apply"/>), lets <paramref name="configure"/> apply anything
    /// else, trains it with <see cref="Trainer.Fit"/> for <paramref name="epochs"/> epochs of <paramref name="train"/>
    /// (seeded by the trial, the trial's schedule per epoch, no progress output) and returns the accuracy on
    /// <paramref name="validation"/>. A step whose loss is not finite (a diverging rate) ends the training early; the
    /// score is then the accuracy reached.
    /// </summary>
    public static Func<TrialConfig, TrialContext, double> TrainingObjective(DataSet train, DataSet validation, int epochs, Func<TrialConfig, TrialContext, INetwork>? build = null, Action<INetwork, TrialConfig>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        build ??= (config, context) => Create(config, (int)context.Seed); // Apply follows, for a custom build too
        return (config, context) =>
        {
            INetwork network = build(config, context);
            Apply(network, config);
            configure?.Invoke(network, config);
            var options = new FitOptions
            {
                Epochs = epochs,
                Seed = context.Seed,
                Schedule = Schedule(config, network, epochs),
                Progress = ProgressMode.None,
                OnStep = (_, _) => context.Cancellation.ThrowIfCancellationRequested(),
            };
            try
            {
                Trainer.Fit(network, train, options);
            }
            catch (NotFiniteNumberException)
            {
                // The rate diverged: score what the network reached (chance, usually), so the trial ranks last.
            }

            return Evaluation.Accuracy(network, validation);
        };
    }

    /// <summary>
    /// The best configuration retrained, the search's last step: builds <paramref name="config"/>'s network with its own
    /// seed, applies its hyperparameters and trains it with <paramref name="options"/> (typically more epochs, on the
    /// training and validation data together or with early stopping), using the trial's schedule when the options give
    /// none. Returns the trained network and the run's history.
    /// </summary>
    public static (INetwork Network, FitResult Fit) Retrain(TrialConfig config, DataSet train, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        INetwork network = Build(config, (int)config.Seed);
        FitResult result = Trainer.Fit(network, train, options.Schedule is null ? options with { Schedule = Schedule(config, network, options.Epochs) } : options);
        return (network, result);
    }

    /// <summary>The results as a text table, one row per trial, best first.</summary>
    public static string Format(IReadOnlyList<TrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        string[] names = results.SelectMany(r => r.Config.Values.Keys).Distinct().ToArray();
        text.AppendLine(string.Join("\t", new[] { "trial", "score" }.Concat(names)));
        foreach (TrialResult r in results)
        {
            text.AppendLine(string.Join("\t", new[] { r.Trial.ToString(CultureInfo.InvariantCulture), r.Score.ToString("G5", CultureInfo.InvariantCulture) }
                .Concat(names.Select(n => r.Config.Values.TryGetValue(n, out object? v) ? TrialConfig.Format(v) : ""))));
        }

        return text.ToString();
    }
}
