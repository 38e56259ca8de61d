namespace NetGen.Training;

/// <summary>How <see cref="Trainer.Fit"/> shows progress.</summary>
public enum ProgressMode
{
    /// <summary><see cref="Live"/> when the console is interactive and its output not redirected, else <see cref="Plain"/>.</summary>
    Auto,

    /// <summary>Nothing.</summary>
    None,

    /// <summary>One line per epoch to <see cref="FitOptions.ProgressWriter"/> (the console's output by default).</summary>
    Plain,

    /// <summary>A live Spectre.Console bar per epoch on the console: steps, rate, ETA and the running loss; the epoch's summary stays.</summary>
    Live,
}
