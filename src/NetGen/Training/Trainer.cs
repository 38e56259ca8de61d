using NetGen.Data;
using Spectre.Console;

namespace NetGen.Training;

/// <summary>The training loop every sample used to write: <see cref="Fit"/> (docs/training.md).</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="train"/> for <see cref="FitOptions.Epochs"/> epochs of
    /// shuffled minibatches: TrainStep with labels for a labelled set, with targets for a set with targets (gradient
    /// accumulation for a logical batch above the network's BatchSize), the schedule advanced per step or per epoch,
    /// the validation set scored after each epoch, early stopping, callbacks, the log file and progress as the options
    /// say, the training batches augmented by <see cref="FitOptions.Augmentation"/> (prepared on a background thread
    /// that ends before Fit returns or throws). Buffers are allocated once per call; a step of the loop allocates nothing (with <see cref="ProgressMode.Live"/>
    /// the redraw, at most 10 times a second, does). The network is left as trained (or at its best epoch, see
    /// <see cref="EarlyStopping.RestoreBest"/>). Exceptions from the network (a non-finite loss) propagate, with the
    /// log holding the epochs finished.
    /// </summary>
    public static FitResult Fit(INetwork network, DataSet train, FitOptions options) => FitAsRank(network, train, options, group: null);

    /// <summary>
    /// <see cref="Fit(INetwork, DataSet, FitOptions)"/> as one rank of a data-parallel job (NetGen.Distributed's
    /// DistributedTrainer), every rank calling it with the same data and options: the steps through
    /// <see cref="DataParallelStep"/>, progress, the log and the callbacks on rank 0 only (see <see cref="FitRun"/>).
    /// </summary>
    internal static FitResult FitAsRank(INetwork network, DataSet train, FitOptions options, IDataParallelGroup? group)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        FitOptions.CheckData(network, train, nameof(train));
        if (train.Count == 0)
        {
            throw new ArgumentException("the training set is empty.", nameof(train));
        }

        options.Validate(network, train);
        DataSet training = train;
        DataSet? validation = options.Validation;
        if (options.ValidationFraction is { } fraction)
        {
            (training, validation) = train.Split(fraction, options.Seed);
        }

        using var run = new FitRun(network, training, validation, options, group);
        if (group is { Rank: not 0 })
        {
            return run.Run(FitProgress.None);
        }

        return Resolve(options) switch
        {
            ProgressMode.Live => LiveProgress.Run(options.Epochs, run.Run),
            ProgressMode.Plain => run.Run(new PlainProgress(options.ProgressWriter ?? Console.Out, options.Epochs)),
            _ => run.Run(FitProgress.None),
        };
    }

    /// <summary>Auto: Live on an interactive console whose output is not redirected (and no ProgressWriter given), else Plain.</summary>
    private static ProgressMode Resolve(FitOptions options)
    {
        if (options.Progress != ProgressMode.Auto)
        {
            return options.Progress;
        }

        return options.ProgressWriter is null && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? ProgressMode.Live
            : ProgressMode.Plain;
    }
}
