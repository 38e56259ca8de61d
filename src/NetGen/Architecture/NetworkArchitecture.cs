namespace NetGen;

/// <summary>
/// The torch.nn model a network is equivalent to, which names its checkpoint tensors (PyTorch's state_dict keys, see
/// docs/checkpoints.md) and the nodes of its ONNX export: one torch.nn.Sequential per layer, in declaration order.
/// Generated networks and the interpreter build it from the same rules, so either engine reads the other's checkpoints.
/// </summary>
/// <param name="Name">The network class (or the interpreter's description name), as checkpoint messages name it.</param>
/// <param name="Fingerprint">
/// 32 hex digits over the input shape, the layers and their ops, the loss and the optimizer kind (not the
/// hyperparameters a resumed run may change): a full load refuses a checkpoint whose fingerprint differs.
/// </param>
/// <param name="InputShape">A sample in: [features] or [C, H, W].</param>
/// <param name="Output">What Predict applies to the last layer's output.</param>
/// <param name="Layers">The layers in declaration order.</param>
public sealed record NetworkArchitecture(string Name, string Fingerprint, IReadOnlyList<int> InputShape, PredictOutput Output, IReadOnlyList<LayerModules> Layers);
