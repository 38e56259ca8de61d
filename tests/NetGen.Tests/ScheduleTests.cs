using NetGen.Schedules;

namespace NetGen.Tests;

/// <summary>Each schedule against its closed form (PyTorch parity for the recursive forms is in NetGen.Parity.Tests).</summary>
public class ScheduleTests
{
    [Fact]
    public void Step_decay_multiplies_every_step_size_periods()
    {
        var schedule = new StepDecay(0.1, stepSize: 3, gamma: 0.5);
        double[] rates = [schedule.Rate, .. Enumerable.Range(0, 7).Select(_ => schedule.Advance())];
        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025], rates, new Close(1e-15));
    }

    [Fact]
    public void Exponential_and_inverse_time_decay_follow_their_formulas()
    {
        var exponential = new ExponentialDecay(0.2, k: 0.3);
        var inverse = new InverseTimeDecay(0.2, k: 0.3);
        for (int t = 1; t <= 10; t++)
        {
            Assert.Equal(0.2 * Math.Exp(-0.3 * t), exponential.Advance(), 1e-15);
            Assert.Equal(0.2 / (1 + 0.3 * t), inverse.Advance(), 1e-15);
        }
    }

    [Fact]
    public void Cosine_annealing_recursive_form_equals_the_closed_form_within_its_period_and_restarts()
    {
        var schedule = new CosineAnnealing(1.0, periods: 10, minimumRate: 0.1);
        for (int t = 1; t <= 10; t++)
        {
            Assert.Equal(0.1 + 0.9 * (1 + Math.Cos(Math.PI * t / 10)) / 2, schedule.Advance(), 1e-12);
        }

        Assert.Equal(0.1, schedule.Rate, 1e-12);
        Assert.True(schedule.Advance() > 0.1); // past T the rate climbs back, as PyTorch's recursive form does
    }

    [Fact]
    public void Linear_warmup_scales_the_wrapped_schedule_then_lets_it_run()
    {
        var warmup = new LinearWarmup(new ExponentialDecay(1.0, k: 0.1), warmupPeriods: 4, startFactor: 0.25);
        Assert.Equal(0.25, warmup.Rate, 1e-15);
        for (int t = 1; t <= 8; t++)
        {
            double factor = t >= 4 ? 1 : 0.25 + 0.75 * t / 4;
            Assert.Equal(Math.Exp(-0.1 * t) * factor, warmup.Advance(), 1e-15);
        }

        var constant = new LinearWarmup(0.5, warmupPeriods: 2, startFactor: 0.5);
        Assert.Equal([0.25, 0.375, 0.5, 0.5], [constant.Rate, constant.Advance(), constant.Advance(), constant.Advance()]);
    }

    [Fact]
    public void Reduce_on_plateau_waits_for_patience_then_reduces_and_cools_down()
    {
        var schedule = new ReduceOnPlateau(1.0, factor: 0.5, patience: 2, cooldown: 1);
        double[] metrics = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
        double[] rates = metrics.Select(schedule.Advance).ToArray();
        // improvements at 1 and 2; 3 bad periods (> patience 2) → halve at the 5th; one cooldown period, then count again.
        Assert.Equal([1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5], rates);
        Assert.Equal(0.25, schedule.Advance(0.9));
    }

    [Fact]
    public void Schedules_apply_their_rate_to_a_network()
    {
        var network = new ReluClassifier();
        var schedule = new StepDecay(network.LearningRate, stepSize: 1, gamma: 0.5);
        schedule.Advance();
        schedule.ApplyTo(network);
        Assert.Equal(0.05f, network.LearningRate);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0, 1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0.1, 0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealing(0.1, 10, minimumRate: 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmup(0.1, 5, startFactor: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(0.1, factor: 1.5));
        Assert.Throws<ArgumentException>(() => new ReduceOnPlateau(0.1).Advance(double.NaN));
    }

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
