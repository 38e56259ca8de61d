namespace NetGen;

/// <summary>
/// One instance serves one caller at a time. Every public call of a network (generated or interpreted) that reads or
/// writes its buffers claims the instance with one <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/> of the
/// member's name into a field, and releases it when it returns or throws; a call that finds the field taken throws
/// <see cref="InvalidOperationException"/> at once, having changed nothing. No allocation on either path but the throw.
/// </summary>
public static class CallGuard
{
    /// <summary>Claims the instance for <paramref name="member"/>, or throws when another call holds it.</summary>
    /// <param name="running">The instance's field: the name of the call in progress, or null.</param>
    /// <param name="network">The network's type name, for the message.</param>
    /// <param name="member">The member being called (a literal: no allocation).</param>
    public static void Enter(ref string? running, string network, string member)
    {
        string? other = Interlocked.CompareExchange(ref running, member, null);
        if (other is not null)
        {
            throw Busy(network, member, other);
        }
    }

    /// <summary>Releases the instance; called in the <c>finally</c> of the call that claimed it.</summary>
    public static void Exit(ref string? running) => Volatile.Write(ref running, null);

    private static InvalidOperationException Busy(string network, string member, string other) => new(
        $"{network}.{member} was called while {network}.{other} is already running on another thread; one instance serves one "
        + "caller at a time (its buffers hold the call in progress). Give each thread its own instance, e.g. "
        + "CreateInferenceCopy() for Predict, or serialize the calls.");
}

/// <summary>Copies what inference reads from one network into another of the same shape.</summary>
public static class InferenceState
{
    /// <summary>
    /// Copies <paramref name="source"/>'s parameters and every layer's BatchNorm running statistics into
    /// <paramref name="target"/>, which must be a network of the same layout. Optimizer state, Step and the dropout
    /// stream are not copied: the target predicts exactly as the source does and shares nothing mutable with it.
    /// </summary>
    public static void Copy(INetwork source, INetwork target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.ParameterCount != target.ParameterCount || source.Layers.Count != target.Layers.Count)
        {
            throw new ArgumentException($"target has {target.ParameterCount} parameters in {target.Layers.Count} layers; the source has {source.ParameterCount} in {source.Layers.Count}.", nameof(target));
        }

        source.Parameters.CopyTo(target.Parameters);
        for (int i = 0; i < source.Layers.Count; i++)
        {
            source.Layers[i].RunningMean.CopyTo(target.Layers[i].RunningMean);
            source.Layers[i].RunningVariance.CopyTo(target.Layers[i].RunningVariance);
        }
    }
}
