namespace NetGen;

/// <summary>Where one tensor of a layer lives in the network's parameter array: [Offset, Offset + Length). Default: absent.</summary>
public readonly record struct ParameterSlice(int Offset, int Length);
