namespace NetGen;

/// <summary>The export's preconditions: a network whose Architecture and Layers describe the same model.</summary>
internal static class ArchitectureCheck
{
    public static void Verify(INetwork network, NetworkArchitecture architecture)
    {
        static string Shape(IReadOnlyList<int> shape) => $"[{string.Join(", ", shape)}]";
        static int Size(IReadOnlyList<int> shape) => shape.Aggregate(1, (p, d) => p * d);
        static InvalidOperationException Inconsistent(string what) => new($"The network's Architecture is inconsistent with its Layers: {what}.");

        if (architecture.InputShape is not { Count: 1 or 3 } || architecture.InputShape.Any(d => d < 1))
        {
            throw Inconsistent($"the input shape {Shape(architecture.InputShape ?? [])} is neither [features] nor [C, H, W]");
        }

        if (Size(architecture.InputShape) != network.InputSize)
        {
            throw Inconsistent($"the input shape {Shape(architecture.InputShape)} holds {Size(architecture.InputShape)} floats, InputSize is {network.InputSize}");
        }

        if (architecture.Layers.Count != network.Layers.Count || architecture.Layers.Count == 0)
        {
            throw Inconsistent($"{architecture.Layers.Count} layers in the Architecture, {network.Layers.Count} in Layers");
        }

        IReadOnlyList<int> previous = architecture.InputShape;
        for (int i = 0; i < architecture.Layers.Count; i++)
        {
            LayerModules modules = architecture.Layers[i];
            Layer layer = network.Layers[i];
            if (modules.Name != layer.Name)
            {
                throw Inconsistent($"layer {i} is {modules.Name} in the Architecture, {layer.Name} in Layers");
            }

            if (!modules.InputShape.SequenceEqual(previous))
            {
                throw Inconsistent($"layer {modules.Name} reads {Shape(modules.InputShape)} after {Shape(previous)}");
            }

            if (Size(modules.InputShape) != layer.InputSize || Size(modules.OutputShape) != layer.OutputSize)
            {
                throw Inconsistent($"layer {modules.Name} maps {Shape(modules.InputShape)} → {Shape(modules.OutputShape)} in the Architecture, {layer.InputSize} → {layer.OutputSize} floats in Layers");
            }

            if (modules.Modules.Count == 0)
            {
                throw Inconsistent($"layer {modules.Name} has no modules");
            }

            previous = modules.OutputShape;
        }

        if (Size(previous) != network.OutputSize)
        {
            throw Inconsistent($"the last layer gives {Shape(previous)}, OutputSize is {network.OutputSize}");
        }
    }
}
