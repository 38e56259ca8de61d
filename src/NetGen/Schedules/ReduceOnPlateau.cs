namespace NetGen.Schedules;

/// <summary>
/// Reduce-on-plateau, as torch's ReduceLROnPlateau in "min" mode with a relative threshold: when the monitored metric
/// has not improved on its best by more than <c>threshold</c>·best for more than <c>patience</c> periods, the rate is
/// multiplied by <c>factor</c> (not below <c>minimumRate</c>), then <c>cooldown</c> periods pass before counting again.
/// Advance it with <see cref="Advance(double)"/>, giving the metric (e.g. validation loss) of the period just ended.
/// </summary>
public sealed class ReduceOnPlateau : LearningRateSchedule
{
    private readonly double _factor;
    private readonly int _patience;
    private readonly double _threshold;
    private readonly int _cooldown;
    private readonly double _minimumRate;
    private double _best = double.PositiveInfinity;
    private int _badPeriods;
    private int _cooldownLeft;
    private double _metric;

    /// <param name="initialRate">α0.</param>
    /// <param name="factor">The reduction factor, in (0, 1).</param>
    /// <param name="patience">Periods without improvement tolerated, ≥ 0.</param>
    /// <param name="threshold">Relative improvement that counts, ≥ 0.</param>
    /// <param name="cooldown">Periods to wait after a reduction, ≥ 0.</param>
    /// <param name="minimumRate">The floor, ≥ 0.</param>
    public ReduceOnPlateau(double initialRate, double factor = 0.1, int patience = 10, double threshold = 1e-4, int cooldown = 0, double minimumRate = 0)
        : base(initialRate)
    {
        Require(factor, double.Epsilon, 1 - 1e-12, nameof(factor), "a value in (0, 1)");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        Require(threshold, 0, double.MaxValue, nameof(threshold), "a finite value ≥ 0");
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        Require(minimumRate, 0, double.MaxValue, nameof(minimumRate), "a finite value ≥ 0");
        _factor = factor;
        _patience = patience;
        _threshold = threshold;
        _cooldown = cooldown;
        _minimumRate = minimumRate;
    }

    /// <summary>Ends a period whose monitored metric was <paramref name="metric"/>; returns the rate for the next one.</summary>
    public double Advance(double metric)
    {
        if (double.IsNaN(metric))
        {
            throw new ArgumentException("the monitored metric is NaN.", nameof(metric));
        }

        _metric = metric;
        return Advance();
    }

    /// <inheritdoc/>
    protected override double Next(long period, double previousRate)
    {
        if (_metric < _best * (1 - _threshold))
        {
            _best = _metric;
            _badPeriods = 0;
        }
        else
        {
            _badPeriods++;
        }

        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badPeriods = 0;
        }

        if (_badPeriods <= _patience)
        {
            return previousRate;
        }

        _cooldownLeft = _cooldown;
        _badPeriods = 0;
        double reduced = Math.Max(previousRate * _factor, _minimumRate);
        // PyTorch ignores reductions smaller than eps = 1e-8.
        return previousRate - reduced > 1e-8 ? reduced : previousRate;
    }
}
