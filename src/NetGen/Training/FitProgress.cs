using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace NetGen.Training;

/// <summary>What <see cref="Trainer.Fit"/> shows while it runs (<see cref="ProgressMode"/>): silent by default.</summary>
internal class FitProgress
{
    public static readonly FitProgress None = new();

    /// <summary>An epoch of <paramref name="steps"/> optimizer steps begins.</summary>
    public virtual void EpochStarted(int epoch, int steps)
    {
    }

    /// <summary>After each step: steps done, the running mean loss, training samples done and the epoch's start timestamp.</summary>
    public virtual void Stepped(int done, double meanLoss, long samples, long startTimestamp)
    {
    }

    public virtual void EpochEnded(EpochRecord record)
    {
    }

    /// <summary>The summary line of an epoch (invariant culture).</summary>
    public static string Summary(EpochRecord r, int epochs)
    {
        var line = new System.Text.StringBuilder();
        int width = epochs.ToString(CultureInfo.InvariantCulture).Length;
        line.Append(CultureInfo.InvariantCulture, $"epoch {r.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{epochs}  loss {r.TrainLoss:F4}");
        if (double.IsFinite(r.TrainAccuracy))
        {
            line.Append(CultureInfo.InvariantCulture, $"  accuracy {r.TrainAccuracy * 100:F2}%");
        }

        if (double.IsFinite(r.ValidationLoss))
        {
            line.Append(CultureInfo.InvariantCulture, $"  validation loss {r.ValidationLoss:F4}");
        }

        if (double.IsFinite(r.ValidationAccuracy))
        {
            line.Append(CultureInfo.InvariantCulture, $"  validation accuracy {r.ValidationAccuracy * 100:F2}%");
        }

        line.Append(CultureInfo.InvariantCulture, $"  lr {r.LearningRate:G4}  {r.Seconds:F1} s  {r.SamplesPerSecond:N0} samples/s");
        return line.ToString();
    }
}

/// <summary>One line per epoch to a writer.</summary>
internal sealed class PlainProgress(TextWriter writer, int epochs) : FitProgress
{
    public override void EpochEnded(EpochRecord record)
    {
        writer.WriteLine(Summary(record, epochs));
        writer.Flush();
    }
}

/// <summary>A Spectre.Console task per epoch: a bar, percentage, elapsed time and ETA, the running loss and rate redrawn at most 10 times a second.</summary>
internal sealed class LiveProgress(ProgressContext context, int epochs) : FitProgress
{
    private static readonly long Interval = Stopwatch.Frequency / 10;
    private ProgressTask? _task;
    private long _drawn;
    private int _epoch;

    public static FitResult Run(int epochs, Func<FitProgress, FitResult> run)
    {
        FitResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => result = run(new LiveProgress(context, epochs)));
        return result!;
    }

    public override void EpochStarted(int epoch, int steps)
    {
        _epoch = epoch;
        _task = context.AddTask(Markup.Escape($"epoch {epoch}/{epochs}"), maxValue: Math.Max(steps, 1));
        _drawn = 0;
    }

    public override void Stepped(int done, double meanLoss, long samples, long startTimestamp)
    {
        long now = Stopwatch.GetTimestamp();
        if (now - _drawn < Interval)
        {
            return;
        }

        _drawn = now;
        double seconds = (double)(now - startTimestamp) / Stopwatch.Frequency;
        _task!.Value = done;
        _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"epoch {_epoch}/{epochs}  loss {meanLoss:F4}  {samples / Math.Max(seconds, 1e-9):N0} samples/s"));
    }

    public override void EpochEnded(EpochRecord record)
    {
        _task!.Value = _task.MaxValue;
        _task.Description = Markup.Escape(Summary(record, epochs));
        _task.StopTask();
    }
}
