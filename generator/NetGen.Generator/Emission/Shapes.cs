using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>Shapes as the comments show them: [C, H, W] where a tensor is spatial, flat sizes where it is not.</summary>
internal static class Shapes
{
    /// <summary>A sample's input, e.g. "1, 28, 28" into a window layer or Flatten, "784" into Dense.</summary>
    public static string Input(NetworkPlan plan, LayerPlan layer)
    {
        if (layer.Window is { } w)
        {
            return Dims(w.Channels, w.Height, w.Width);
        }

        return layer.Kind == OpKind.Flatten && layer.Index > 0 && plan.Layers[layer.Index - 1].Window is not null
            ? Output(plan.Layers[layer.Index - 1])
            : Literals.Int(layer.InputSize);
    }

    /// <summary>A sample's output, e.g. "8, 14, 14" out of a window layer (after Maxout's pieces), "10" out of Dense.</summary>
    public static string Output(LayerPlan layer) => layer.Window is { } w
        ? Dims(w.Filters / layer.Activation.Pieces, w.OutHeight, w.OutWidth)
        : Literals.Int(layer.Units);

    /// <summary>The weight's shape, e.g. "[256, 784]" or "[16, 1, 3, 3]"; "no weight" for pooling and flatten.</summary>
    public static string WeightText(LayerPlan layer) => string.Join(", ", Weight(layer).Select(Literals.Int)) is { Length: > 0 } dims ? $"[{dims}]" : "no weight";

    /// <summary>The weight's dimensions: Dense [out, in], Conv2D [F, C, K, K] (PyTorch's layouts), none otherwise.</summary>
    public static int[] Weight(LayerPlan layer) => layer.Kind switch
    {
        OpKind.Dense => [layer.WeightRows, layer.WeightColumns],
        OpKind.Conv2D => [layer.Window!.Filters, layer.Window.Channels, layer.Window.Kernel, layer.Window.Kernel],
        _ => [],
    };

    private static string Dims(int channels, int height, int width) => $"{Literals.Int(channels)}, {Literals.Int(height)}, {Literals.Int(width)}";
}
