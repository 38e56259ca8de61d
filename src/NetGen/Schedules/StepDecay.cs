namespace NetGen.Schedules;

/// <summary>Step decay, as torch's StepLR: the rate is multiplied by γ every <c>stepSize</c> periods.</summary>
public sealed class StepDecay : LearningRateSchedule
{
    private readonly int _stepSize;
    private readonly double _gamma;

    /// <param name="initialRate">α0.</param>
    /// <param name="stepSize">Periods between decays, ≥ 1.</param>
    /// <param name="gamma">The factor, in (0, 1].</param>
    public StepDecay(double initialRate, int stepSize, double gamma)
        : base(initialRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        Require(gamma, double.Epsilon, 1, nameof(gamma), "a value in (0, 1]");
        _stepSize = stepSize;
        _gamma = gamma;
    }

    /// <inheritdoc/>
    protected override double Next(long period, double previousRate) =>
        period % _stepSize == 0 ? previousRate * _gamma : previousRate;
}
