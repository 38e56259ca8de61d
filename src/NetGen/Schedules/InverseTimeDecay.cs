namespace NetGen.Schedules;

/// <summary>1/t decay α_t = α0 / (1 + kt).</summary>
public sealed class InverseTimeDecay : LearningRateSchedule
{
    private readonly double _k;

    /// <param name="initialRate">α0.</param>
    /// <param name="k">The decay constant, ≥ 0.</param>
    public InverseTimeDecay(double initialRate, double k)
        : base(initialRate)
    {
        Require(k, 0, double.MaxValue, nameof(k), "a finite value ≥ 0");
        _k = k;
    }

    /// <inheritdoc/>
    protected override double Next(long period, double previousRate) => InitialRate / (1 + _k * period);
}
