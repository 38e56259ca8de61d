namespace NetGen;

/// <summary>
/// A counter a generated network bumps whenever its parameters or running statistics may have changed (a training step,
/// an <c>ApplyGradients</c>, handing out a writable span). Cached derived values, such as batch norm folded into the
/// producer's weights for <c>Predict</c>, are rebuilt when the version they were built at is stale.
/// </summary>
public sealed class ParameterVersion
{
    /// <summary>The current version.</summary>
    public long Value { get; private set; }

    /// <summary>Marks every cached derived value stale.</summary>
    public void Bump() => Value++;
}
