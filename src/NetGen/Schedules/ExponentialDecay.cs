namespace NetGen.Schedules;

/// <summary>Exponential decay α_t = α0·e^(−kt) (torch's ExponentialLR with γ = e^(−k)).</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    private readonly double _k;

    /// <param name="initialRate">α0.</param>
    /// <param name="k">The decay constant, ≥ 0.</param>
    public ExponentialDecay(double initialRate, double k)
        : base(initialRate)
    {
        Require(k, 0, double.MaxValue, nameof(k), "a finite value ≥ 0");
        _k = k;
    }

    /// <inheritdoc/>
    protected override double Next(long period, double previousRate) => InitialRate * Math.Exp(-_k * period);
}
