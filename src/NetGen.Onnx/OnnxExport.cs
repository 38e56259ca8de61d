using System.Reflection;
using Google.Protobuf;
using NetGen.Data.Preprocessing;
using Onnx;

namespace NetGen;

/// <summary>
/// Writes a network's inference graph as an ONNX model that computes what <c>Predict</c> does: input "input"
/// [N, features] or [N, C, H, W], output "output" [N, OutputSize], N symbolic; initializers named as PyTorch's
/// state_dict (see docs/onnx.md for the opset and the module-to-node mapping).
/// </summary>
public static class OnnxExport
{
    /// <summary>The graph's input value.</summary>
    public const string InputName = "input";

    /// <summary>The graph's output value.</summary>
    public const string OutputName = "output";

    /// <summary>
    /// Writes <paramref name="network"/>'s inference graph to <paramref name="path"/>, replacing the file atomically as
    /// checkpoints are (a temporary file in the same folder, flushed to disk, then renamed over it).
    /// </summary>
    /// <exception cref="ArgumentException">The path is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The network's Architecture is inconsistent with its Layers.</exception>
    public static void ExportOnnx(this INetwork network, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Build first, so a network that cannot be exported leaves no file behind.
        ModelProto model = Build(network, options ?? new OnnxExportOptions());
        AtomicFile.Write(path, model.WriteTo);
    }

    /// <summary>Writes <paramref name="network"/>'s inference graph to <paramref name="stream"/> (left open).</summary>
    /// <exception cref="ArgumentException">The stream cannot be written.</exception>
    /// <exception cref="InvalidOperationException">The network's Architecture is inconsistent with its Layers.</exception>
    public static void ExportOnnx(this INetwork network, Stream stream, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written.", nameof(stream));
        }

        ModelProto model = Build(network, options ?? new OnnxExportOptions());
        model.WriteTo(stream);
        stream.Flush();
    }

    /// <summary>The model as bytes, as <see cref="ExportOnnx(INetwork, Stream, OnnxExportOptions?)"/> writes it.</summary>
    public static byte[] ToOnnx(this INetwork network, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Build(network, options ?? new OnnxExportOptions()).ToByteArray();
    }

    /// <summary>
    /// As <see cref="ExportOnnx(INetwork, string, OnnxExportOptions?)"/>, with the fitted <paramref name="preprocessing"/>
    /// prepended as nodes (docs/onnx.md): the model's "input" is a raw sample, [N, *preprocessing.InputShape], and its
    /// output equals <c>Predict</c> on the preprocessed sample.
    /// </summary>
    /// <exception cref="ArgumentException">The preprocessing's output is not the network's input size.</exception>
    public static void ExportOnnx(this INetwork network, string path, Preprocessor preprocessing, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ModelProto model = Build(network, options ?? new OnnxExportOptions(), preprocessing);
        AtomicFile.Write(path, model.WriteTo);
    }

    /// <summary>As <see cref="ExportOnnx(INetwork, string, Preprocessor, OnnxExportOptions?)"/>, to <paramref name="stream"/> (left open).</summary>
    public static void ExportOnnx(this INetwork network, Stream stream, Preprocessor preprocessing, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written.", nameof(stream));
        }

        ModelProto model = Build(network, options ?? new OnnxExportOptions(), preprocessing);
        model.WriteTo(stream);
        stream.Flush();
    }

    /// <summary>The model with <paramref name="preprocessing"/> prepended, as bytes.</summary>
    public static byte[] ToOnnx(this INetwork network, Preprocessor preprocessing, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(preprocessing);
        return Build(network, options ?? new OnnxExportOptions(), preprocessing).ToByteArray();
    }

    private static ModelProto Build(INetwork network, OnnxExportOptions options, Preprocessor? preprocessing = null)
    {
        if (options.Opset is < OnnxExportOptions.MinimumOpset or > OnnxExportOptions.MaximumOpset)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Opset, $"The ONNX export writes opsets {OnnxExportOptions.MinimumOpset} to {OnnxExportOptions.MaximumOpset}.");
        }

        NetworkArchitecture architecture = network.Architecture ?? throw new InvalidOperationException("The network has no Architecture to export.");
        ArchitectureCheck.Verify(network, architecture);

        var graph = new OnnxGraphBuilder(string.IsNullOrEmpty(options.GraphName) ? architecture.Name : options.GraphName);
        graph.Value(InputName);
        graph.Value(OutputName);
        graph.Graph.DocString = $"NetGen network {architecture.Name} (fingerprint {architecture.Fingerprint}): the inference graph of Predict"
            + (options.OutputActivation ? "" : ", without its output activation") + ".";
        graph.Graph.Input.Add(OnnxGraphBuilder.BatchedFloat(InputName, preprocessing?.InputShape ?? architecture.InputShape));
        string input = InputName;
        if (preprocessing is not null)
        {
            if (preprocessing.OutputSize != network.InputSize)
            {
                throw new ArgumentException($"the preprocessing ({preprocessing.Describe()}) gives {preprocessing.OutputSize} values per sample, but {architecture.Name} takes {network.InputSize}.", nameof(preprocessing));
            }

            input = PreprocessingExport.Add(graph, preprocessing, InputName, architecture.InputShape);
            graph.Graph.DocString += $" Preprocessing of raw inputs first: {preprocessing.Describe()}.";
        }

        var tensors = StateDict.Of(network)
            .Where(t => t.Kind != StateTensorKind.Optimizer && t.DType == "F32")
            .ToDictionary(t => t.Name, t => t.Floats(network).ToArray(), StringComparer.Ordinal);
        var modules = new ModuleExport(graph, tensors, options.Opset, input, architecture.InputShape);
        foreach (LayerModules layer in architecture.Layers)
        {
            for (int i = 0; i < layer.Modules.Count; i++)
            {
                modules.Add($"{layer.Name}.{i}", layer.Modules[i]);
            }

            if (!modules.Shape.SequenceEqual(layer.OutputShape))
            {
                throw new InvalidOperationException($"Layer {layer.Name}'s modules give [{string.Join(", ", modules.Shape)}] but its OutputShape is [{string.Join(", ", layer.OutputShape)}]: the network's Architecture is inconsistent with its Layers.");
            }
        }

        // Predict's outputs are flat per sample: a spatial last layer is flattened channel-major.
        modules.Flatten("output.flatten");
        string current = modules.Current;
        if (options.OutputActivation)
        {
            current = architecture.Output switch
            {
                PredictOutput.Softmax => graph.Node("Softmax", "output.softmax", [current], OnnxGraphBuilder.Int("axis", 1)),
                PredictOutput.Sigmoid => graph.Node("Sigmoid", "output.sigmoid", [current]),
                _ => current,
            };
        }

        graph.NameOutput(current, OutputName);
        graph.Graph.Output.Add(OnnxGraphBuilder.BatchedFloat(OutputName, [network.OutputSize]));

        var model = new ModelProto
        {
            IrVersion = 8, // ONNX 1.10 – 1.12; opsets up to 17
            ProducerName = "NetGen",
            ProducerVersion = ProducerVersion(),
            Domain = "",
            ModelVersion = 1,
            DocString = graph.Graph.DocString,
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "netgen.network", Value = architecture.Name });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "netgen.fingerprint", Value = architecture.Fingerprint });
        if (preprocessing is not null)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = "netgen.preprocessing", Value = preprocessing.Describe() });
        }
        return model;
    }

    /// <summary>NetGen's version (its informational version without the source revision).</summary>
    private static string ProducerVersion()
    {
        Assembly assembly = typeof(INetwork).Assembly;
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString();
        return version is null ? "" : version.Split('+')[0];
    }
}
