using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>
/// The public <see cref="NetworkArchitecture"/> of a valid description, from the rules the generator uses too
/// (<see cref="TorchModules"/>, <see cref="SpecFingerprint"/>), so both engines name the same tensors alike.
/// </summary>
internal static class GraphArchitecture
{
    public static NetworkArchitecture Of(ValidatedNetwork validated)
    {
        NetworkSpec spec = validated.Spec;
        List<List<ModuleSpec>> modules = TorchModules.Of(validated);
        var layers = new LayerModules[modules.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            LayerShape shape = validated.Shapes[i];
            layers[i] = new LayerModules(spec.Layers[i].Name, Dimensions(shape.In), Dimensions(shape.Out), modules[i].Select(Describe).ToArray());
        }

        PredictOutput output = spec.Losses[0].Kind switch
        {
            LossKind.SoftmaxCrossEntropy => PredictOutput.Softmax,
            LossKind.BinaryCrossEntropy => PredictOutput.Sigmoid,
            _ => PredictOutput.Identity,
        };
        return new NetworkArchitecture(spec.ClassName, SpecFingerprint.Of(spec), Dimensions(validated.Shapes[0].In), output, layers);
    }

    /// <summary>A sample's shape: [C, H, W] when spatial, else [features].</summary>
    private static int[] Dimensions(TensorShape shape) => shape.Spatial ? [shape.Channels, shape.Height, shape.Width] : [shape.Size];

    private static ModuleDescription Describe(ModuleSpec m) => new(Enum.Parse<ModuleKind>(m.Kind))
    {
        InFeatures = m.InFeatures,
        OutFeatures = m.OutFeatures,
        Bias = m.Bias,
        WeightNorm = m.WeightNorm,
        KernelSize = m.KernelSize,
        Stride = m.Stride,
        Padding = m.Padding,
        CeilMode = m.CeilMode,
        CountIncludePad = m.CountIncludePad,
        NumFeatures = m.NumFeatures,
        NormalizedShape = m.NormalizedShape.ToArray(),
        NumGroups = m.NumGroups,
        Epsilon = m.Epsilon,
        Momentum = m.Momentum,
        NegativeSlope = m.NegativeSlope,
        Alpha = m.Alpha,
        Pieces = m.Pieces,
        P = m.P,
        MaxNorm = m.MaxNorm,
        Std = m.Std,
        Lambda = m.Lambda,
        Spatial = m.Spatial,
    };
}
