namespace NetGen.Samples.InitStudy;

/// <summary>The initializations the course compares.</summary>
internal enum Scheme
{
    /// <summary>N(0, 0.01²): the activations shrink towards 0 layer by layer.</summary>
    SmallGaussian,

    /// <summary>N(0, 1): tanh units saturate at ±1.</summary>
    UnitGaussian,

    /// <summary>Xavier normal, σ = √(2/(fan_in + fan_out)).</summary>
    Xavier,

    /// <summary>He normal, σ = √2/√fan_in.</summary>
    He,

    /// <summary>Orthogonal, then rescaled per layer to unit output variance on the batch.</summary>
    Lsuv,
}
