namespace NetGen.Generator.Parsing;

/// <summary>Fully qualified names of the spec attributes in NetGen (the generator matches them by name, not by type).</summary>
internal static class AttributeNames
{
    public const string Network = "NetGen.NetworkAttribute";
    public const string Input = "NetGen.InputAttribute";
    public const string Dense = "NetGen.DenseAttribute";
    public const string Conv2D = "NetGen.Conv2DAttribute";
    public const string MaxPool = "NetGen.MaxPoolAttribute";
    public const string AvgPool = "NetGen.AvgPoolAttribute";
    public const string Flatten = "NetGen.FlattenAttribute";
    public const string ReLU = "NetGen.ReLUAttribute";
    public const string LeakyReLU = "NetGen.LeakyReLUAttribute";
    public const string Tanh = "NetGen.TanhAttribute";
    public const string Sigmoid = "NetGen.SigmoidAttribute";
    public const string ELU = "NetGen.ELUAttribute";
    public const string GELU = "NetGen.GELUAttribute";
    public const string SiLU = "NetGen.SiLUAttribute";
    public const string PReLU = "NetGen.PReLUAttribute";
    public const string Maxout = "NetGen.MaxoutAttribute";
    public const string SoftmaxCrossEntropy = "NetGen.SoftmaxCrossEntropyAttribute";
    public const string MeanSquaredError = "NetGen.MeanSquaredErrorAttribute";
    public const string BinaryCrossEntropy = "NetGen.BinaryCrossEntropyAttribute";
    public const string Dropout = "NetGen.DropoutAttribute";
    public const string BatchNorm = "NetGen.BatchNormAttribute";
    public const string LayerNorm = "NetGen.LayerNormAttribute";
    public const string GroupNorm = "NetGen.GroupNormAttribute";
    public const string InstanceNorm = "NetGen.InstanceNormAttribute";
    public const string WeightNorm = "NetGen.WeightNormAttribute";
    public const string MaxNorm = "NetGen.MaxNormAttribute";
    public const string GaussianNoise = "NetGen.GaussianNoiseAttribute";
    public const string ActivityL1 = "NetGen.ActivityL1Attribute";
    public const string Sgd = "NetGen.SgdAttribute";
    public const string AdaGrad = "NetGen.AdaGradAttribute";
    public const string RmsProp = "NetGen.RmsPropAttribute";
    public const string Adam = "NetGen.AdamAttribute";
    public const string AdamW = "NetGen.AdamWAttribute";
    public const string ClipGradNorm = "NetGen.ClipGradNormAttribute";
    public const string ClipGradValue = "NetGen.ClipGradValueAttribute";
    public const string L1 = "NetGen.L1Attribute";
    public const string LayerType = "NetGen.Layer";
}
