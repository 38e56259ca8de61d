namespace NetGen.Schedules;

/// <summary>
/// Cosine annealing in torch's CosineAnnealingLR recursive form (so rates match it exactly, restarts included):
/// α_t = η_min + (α_{t-1} − η_min)·(1 + cos(πt/T))/(1 + cos(π(t−1)/T)), and at the restart points
/// α_t = α_{t-1} + (α0 − η_min)(1 − cos(π/T))/2.
/// </summary>
public sealed class CosineAnnealing : LearningRateSchedule
{
    private readonly int _periods;
    private readonly double _minimumRate;

    /// <param name="initialRate">α0.</param>
    /// <param name="periods">T, the half-period in periods, ≥ 1.</param>
    /// <param name="minimumRate">η_min, in [0, α0].</param>
    public CosineAnnealing(double initialRate, int periods, double minimumRate = 0)
        : base(initialRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        Require(minimumRate, 0, initialRate, nameof(minimumRate), "a value in [0, initialRate]");
        _periods = periods;
        _minimumRate = minimumRate;
    }

    /// <inheritdoc/>
    protected override double Next(long period, double previousRate)
    {
        if ((period - 1 - _periods) % (2L * _periods) == 0)
        {
            return previousRate + (InitialRate - _minimumRate) * (1 - Math.Cos(Math.PI / _periods)) / 2;
        }

        return (1 + Math.Cos(Math.PI * period / _periods)) / (1 + Math.Cos(Math.PI * (period - 1) / _periods))
            * (previousRate - _minimumRate) + _minimumRate;
    }
}
