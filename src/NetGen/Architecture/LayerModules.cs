namespace NetGen;

/// <summary>
/// One layer as a torch.nn.Sequential: an attribute of the model named as the layer's property, its modules in order.
/// </summary>
/// <param name="Name">The layer's property name, the first part of its tensors' names.</param>
/// <param name="InputShape">A sample in: [features] or [C, H, W].</param>
/// <param name="OutputShape">A sample out.</param>
/// <param name="Modules">The Sequential's modules; the index of each is the second part of its tensors' names.</param>
public sealed record LayerModules(string Name, IReadOnlyList<int> InputShape, IReadOnlyList<int> OutputShape, IReadOnlyList<ModuleDescription> Modules);
