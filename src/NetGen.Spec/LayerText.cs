using System.Linq;
using static NetGen.Spec.SpecText;

namespace NetGen.Spec;

/// <summary>A layer's ops as the generated summary and both engines' <c>Layer.Description</c> name them.</summary>
internal static class LayerText
{
    /// <summary>e.g. "Dense(256) → BatchNorm → ReLU", "Conv2D(16, 3, pad 1) → GroupNorm(4) → SiLU" or "AvgPool(3, stride 2, pad 1, ceil, pad not counted)".</summary>
    public static string Describe(LayerSpec layer) => string.Join(" → ", layer.Ops.Select(Describe));

    private static string Describe(OpSpec o) => o.Kind switch
    {
        OpKind.Dense => $"Dense({Format(o.Units)})",
        OpKind.Conv2D => $"Conv2D({Format(o.Units)}, {Format(o.Kernel)}{(o.Stride != 1 ? $", stride {Format(o.Stride)}" : "")}{(o.Padding != 0 ? $", pad {Format(o.Padding)}" : "")})",
        OpKind.MaxPool or OpKind.AvgPool => $"{o.Kind}({Format(o.Kernel)}{(o.Stride != o.Kernel ? $", stride {Format(o.Stride)}" : "")}{(o.Padding != 0 ? $", pad {Format(o.Padding)}" : "")}{(o.CeilMode ? ", ceil" : "")}{(o.CountIncludePad ? "" : ", pad not counted")})",
        OpKind.LeakyReLU => $"LeakyReLU({Format(o.Slope)})",
        OpKind.ELU => $"ELU({Format(o.Alpha)})",
        OpKind.Maxout => $"Maxout({Format(o.Pieces)})",
        OpKind.GroupNorm => $"GroupNorm({Format(o.Pieces)})",
        OpKind.Dropout => $"Dropout({Format(o.Probability)})",
        OpKind.MaxNorm or OpKind.GaussianNoise or OpKind.ActivityL1 => $"{o.Kind}({Format(o.Value)})",
        _ => o.Kind.ToString(),
    };
}
