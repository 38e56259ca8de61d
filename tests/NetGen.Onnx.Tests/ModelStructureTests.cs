using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace NetGen.Onnx.Tests;

/// <summary>What the model says about itself: names, shapes, opset, producer, metadata.</summary>
public sealed class ModelStructureTests
{
    private static ModelProto Parse(INetwork network, OnnxExportOptions? options = null) => ModelProto.Parser.ParseFrom(network.ToOnnx(options));

    [Fact]
    public void Input_and_output_have_a_symbolic_batch_and_the_sample_shapes()
    {
        INetwork network = LayerCases.ChannelForms();
        using var session = new InferenceSession(network.ToOnnx());
        NodeMetadata input = session.InputMetadata[OnnxExport.InputName];
        Assert.Equal([-1, 2, 8, 8], input.Dimensions);
        Assert.Equal("N", input.SymbolicDimensions[0]);
        NodeMetadata output = session.OutputMetadata[OnnxExport.OutputName];
        Assert.Equal([-1, 10], output.Dimensions);
        Assert.Equal("N", output.SymbolicDimensions[0]);
    }

    [Fact]
    public void Opset_producer_names_and_metadata()
    {
        INetwork network = LayerCases.Trained("GELU");
        ModelProto model = Parse(network);
        Assert.Equal(17, model.OpsetImport.Single().Version);
        Assert.Equal("", model.OpsetImport.Single().Domain);
        Assert.Equal("NetGen", model.ProducerName);
        Assert.False(string.IsNullOrEmpty(model.ProducerVersion));
        Assert.Equal(network.Architecture.Name, model.Graph.Name);
        Assert.Contains(network.Architecture.Fingerprint, model.Graph.DocString);
        var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(network.Architecture.Fingerprint, metadata["netgen.fingerprint"]);
        Assert.Equal(network.Architecture.Name, metadata["netgen.network"]);
        Assert.Equal("Renamed", Parse(network, new OnnxExportOptions { GraphName = "Renamed" }).Graph.Name);
        Assert.Equal(13, Parse(network, new OnnxExportOptions { Opset = 13 }).OpsetImport.Single().Version);
    }

    [Fact]
    public void Initializers_carry_the_state_dict_names_and_nodes_the_module_names()
    {
        INetwork network = LayerCases.ChannelForms();
        ModelProto model = Parse(network);
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet();
        foreach (StateTensor tensor in StateDict.Of(network).Where(t => t.Kind != StateTensorKind.Optimizer && t.DType == "F32"))
        {
            if (tensor.Name.EndsWith(".weight_g", StringComparison.Ordinal) || tensor.Name.EndsWith(".weight_v", StringComparison.Ordinal))
            {
                // WeightNorm's g and v are composed into the module's weight.
                Assert.Contains(tensor.Name[..tensor.Name.LastIndexOf('_')], initializers);
            }
            else
            {
                Assert.Contains(tensor.Name, initializers);
            }
        }

        var modules = network.Architecture.Layers.SelectMany(l => l.Modules.Select((m, i) => (Name: $"{l.Name}.{i}", m.Kind)));
        var nodes = model.Graph.Node.Select(n => n.Name).ToHashSet();
        foreach ((string name, ModuleKind kind) in modules)
        {
            Assert.True(kind == ModuleKind.Dropout || nodes.Contains(name), $"no node named {name} ({kind})");
        }

        Assert.Equal(model.Graph.Node.Count, nodes.Count);
    }

    [Fact]
    public void Weight_norm_exports_the_composed_weight()
    {
        INetwork network = LayerCases.ChannelForms();
        Layer output = network.Layers[^1];
        // A Dense reading a spatial input: Flatten at index 0, the Linear at 1.
        int linear = network.Architecture.Layers[^1].Modules.ToList().FindIndex(m => m.Kind == ModuleKind.Linear);
        Assert.True(network.Architecture.Layers[^1].Modules[linear].WeightNorm);
        TensorProto weight = Parse(network).Graph.Initializer.Single(t => t.Name == $"Output.{linear}.weight");
        float[] stored = new float[output.WeightLength];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(weight.RawData.Span).CopyTo(stored);
        int row = output.WeightShape[1];
        for (int r = 0; r < output.WeightShape[0]; r++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, row).Sum(i => (double)output.Weight[r * row + i] * output.Weight[r * row + i]));
            for (int i = 0; i < row; i++)
            {
                // In float64, rounded once: g / ‖v‖ · v.
                Assert.Equal((float)(output.Gamma[r] / norm * output.Weight[r * row + i]), stored[r * row + i]);
            }
        }
    }
}
