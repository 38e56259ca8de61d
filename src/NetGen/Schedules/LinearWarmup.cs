namespace NetGen.Schedules;

/// <summary>
/// Linear warmup, alone or around any schedule: for the first W periods the rate is scaled by a factor rising
/// linearly from <c>startFactor</c> to 1 (torch's LinearLR shape), then used unchanged. A wrapped schedule advances
/// every period, so warmup and decay run concurrently, as a ChainedScheduler of the two would.
/// </summary>
public sealed class LinearWarmup : LearningRateSchedule
{
    private readonly LearningRateSchedule? _inner;
    private readonly int _warmupPeriods;
    private readonly double _startFactor;

    /// <summary>Warms up to the constant rate <paramref name="rate"/>.</summary>
    /// <param name="rate">The rate after warmup.</param>
    /// <param name="warmupPeriods">W ≥ 1.</param>
    /// <param name="startFactor">The factor at period 0, in (0, 1].</param>
    public LinearWarmup(double rate, int warmupPeriods, double startFactor)
        : this(null, rate, warmupPeriods, startFactor)
    {
    }

    /// <summary>Warms up <paramref name="inner"/>: its rate, scaled by the warmup factor.</summary>
    public LinearWarmup(LearningRateSchedule inner, int warmupPeriods, double startFactor)
        : this(inner ?? throw new ArgumentNullException(nameof(inner)), inner.Rate, warmupPeriods, startFactor)
    {
    }

    private LinearWarmup(LearningRateSchedule? inner, double rate, int warmupPeriods, double startFactor)
        : base(rate, rate * CheckedFactor(startFactor))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warmupPeriods, 1);
        _inner = inner;
        _warmupPeriods = warmupPeriods;
        _startFactor = startFactor;
    }

    /// <inheritdoc/>
    protected override double Next(long period, double previousRate)
    {
        _inner?.Advance();
        double scale = period >= _warmupPeriods ? 1 : _startFactor + (1 - _startFactor) * period / _warmupPeriods;
        return (_inner?.Rate ?? InitialRate) * scale;
    }

    private static double CheckedFactor(double startFactor)
    {
        Require(startFactor, double.Epsilon, 1, nameof(startFactor), "a value in (0, 1]");
        return startFactor;
    }
}
