namespace NetGen;

/// <summary>
/// Receives each layer's activations from <see cref="INetwork.RecordActivations"/>: babysitting diagnostics (dead units,
/// saturation, histograms; see <c>NetGen.Training.ActivationStatistics</c>).
/// </summary>
public interface IActivationRecorder
{
    /// <summary>
    /// Layer <paramref name="layer"/>'s output activations[batch, units] (units = that layer's OutputSize): after its
    /// activation, before its dropout. The span is the network's own buffer, valid only during the call: copy what you keep.
    /// </summary>
    void Record(int layer, ReadOnlySpan<float> activations, int batch);
}
