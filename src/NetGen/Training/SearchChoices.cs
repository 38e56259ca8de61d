using NetGen.Schedules;

namespace NetGen.Training;

/// <summary>
/// A named network class for <see cref="RandomSearch.NetworkName"/>: the architecture choice of a search. The name is what
/// the results table shows (a lambda's compiler-made method name says nothing).
/// </summary>
/// <param name="Name">Shown in the results table, e.g. "mlp-256".</param>
/// <param name="Create">Builds the network from a trial's seed (its initialization).</param>
public sealed record NetworkChoice(string Name, Func<int, INetwork> Create)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// A named learning-rate schedule for <see cref="RandomSearch.ScheduleName"/>, built per trial because a schedule starts
/// at the trial's drawn learning rate and spans its number of epochs; stepped per epoch by <see cref="Trainer.Fit"/>.
/// </summary>
/// <param name="Name">Shown in the results table, e.g. "cosine".</param>
/// <param name="Create">(initial rate, epochs) → the schedule, or null for a constant rate.</param>
public sealed record ScheduleChoice(string Name, Func<double, int, LearningRateSchedule?> Create)
{
    /// <summary>No schedule: the rate stays where the trial set it.</summary>
    public static ScheduleChoice Constant { get; } = new("constant", (_, _) => null);

    /// <summary>Cosine annealing from the rate to 0 over the run (torch's CosineAnnealingLR with T_max = epochs).</summary>
    public static ScheduleChoice Cosine { get; } = new("cosine", (rate, epochs) => new CosineAnnealing(rate, epochs));

    /// <inheritdoc/>
    public override string ToString() => Name;
}
