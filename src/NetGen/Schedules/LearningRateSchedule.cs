namespace NetGen.Schedules;

/// <summary>
/// A learning-rate schedule: a run-time object advanced once per period (a step or an epoch, as the caller chooses),
/// mirroring torch.optim.lr_scheduler: call <see cref="Advance"/> after each optimizer step (or epoch) and give the
/// network the new <see cref="Rate"/>. Rates are carried in double, like PyTorch's Python floats.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>A schedule starting at <paramref name="initialRate"/>.</summary>
    protected LearningRateSchedule(double initialRate)
        : this(initialRate, initialRate)
    {
    }

    /// <summary>A schedule whose period-0 rate differs from α0 (a warmup starts below it).</summary>
    protected LearningRateSchedule(double initialRate, double startRate)
    {
        if (!double.IsFinite(initialRate) || initialRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(initialRate), initialRate, "the initial learning rate must be finite and greater than 0.");
        }

        InitialRate = initialRate;
        Rate = startRate;
    }

    /// <summary>α0, the rate at period 0.</summary>
    public double InitialRate { get; }

    /// <summary>The rate for the current period.</summary>
    public double Rate { get; private set; }

    /// <summary>Periods advanced so far (PyTorch's last_epoch).</summary>
    public long Period { get; private set; }

    /// <summary>Moves to the next period and returns its rate.</summary>
    public double Advance()
    {
        Period++;
        Rate = Next(Period, Rate);
        return Rate;
    }

    /// <summary>Sets the network's learning rate to <see cref="Rate"/>.</summary>
    public void ApplyTo(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.LearningRate = (float)Rate;
    }

    /// <summary>The rate of period <paramref name="period"/> given the previous period's rate.</summary>
    protected abstract double Next(long period, double previousRate);

    /// <summary>Throws unless <paramref name="value"/> is finite and within the bounds.</summary>
    protected static void Require(double value, double low, double high, string name, string expected)
    {
        if (!double.IsFinite(value) || value < low || value > high)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value} is out of range; expected {expected}.");
        }
    }
}
