using System.Globalization;
using NetGen.Data.Preprocessing;

namespace NetGen;

/// <summary>What Save writes: the network's state tensors in state_dict order, checked finite, with NetGen's metadata.</summary>
internal sealed class CheckpointContents
{
    private readonly INetwork _network;
    private readonly IReadOnlyList<StateTensor> _tensors;
    private readonly IReadOnlyList<(string Name, int[] Shape, float[] Values)> _preprocessing;
    private readonly byte[] _header;

    private CheckpointContents(INetwork network, IReadOnlyList<StateTensor> tensors, IReadOnlyList<(string, int[], float[])> preprocessing, byte[] header) =>
        (_network, _tensors, _preprocessing, _header) = (network, tensors, preprocessing, header);

    /// <summary>
    /// The contents of <paramref name="network"/>'s checkpoint. A non-finite value anywhere is refused before anything
    /// is written: Load would refuse the file, so it must not be made. With <paramref name="preprocessing"/>, its tensors
    /// follow the network's and its steps are in the metadata (a fitted transform holds finite values by construction).
    /// </summary>
    public static CheckpointContents Of(INetwork network, string path, Preprocessor? preprocessing = null)
    {
        IReadOnlyList<StateTensor> tensors = StateDict.Of(network);
        foreach (StateTensor tensor in tensors)
        {
            int bad = Runtime.Finite.IndexOfNonFinite(tensor.Floats(network));
            if (bad >= 0)
            {
                throw new CheckpointException(path, tensor.Name, $"element {bad} is {tensor.Floats(network)[bad]}; a checkpoint holds finite values only, so nothing was written.");
            }
        }

        NetworkArchitecture architecture = network.Architecture;
        TrainingPosition position = network.Position;
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt", // what the safetensors tools expect of PyTorch weights
            [CheckpointKeys.Format] = Checkpoint.FormatVersion.ToString(CultureInfo.InvariantCulture),
            [CheckpointKeys.Contents] = "full",
            [CheckpointKeys.Network] = architecture.Name,
            [CheckpointKeys.Fingerprint] = architecture.Fingerprint,
            [CheckpointKeys.Step] = position.Step.ToString(CultureInfo.InvariantCulture),
            [CheckpointKeys.LearningRate] = network.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            [CheckpointKeys.Dropout] = CheckpointKeys.Text(position.Dropout),
            [CheckpointKeys.Architecture] = ArchitectureJson.Write(architecture),
            [CheckpointKeys.WeightDecay] = network.WeightDecay.ToString("R", CultureInfo.InvariantCulture),
            [CheckpointKeys.Momentum] = network.Momentum.ToString("R", CultureInfo.InvariantCulture),
        };
        foreach (Layer layer in network.Layers.Where(l => l.HasDropout))
        {
            metadata[CheckpointKeys.DropoutRate(layer)] = layer.DropoutRate.ToString("R", CultureInfo.InvariantCulture);
        }

        IReadOnlyList<(string Name, int[] Shape, float[] Values)> steps = [];
        if (preprocessing is not null)
        {
            metadata[PreprocessingFormat.MetadataKey] = PreprocessingFormat.Metadata(preprocessing);
            steps = PreprocessingFormat.Tensors(preprocessing);
        }

        byte[] header = SafeTensorsFile.Header([.. tensors.Select(t => (t.Name, t.DType, t.Shape)), .. steps.Select(t => (t.Name, "F32", (IReadOnlyList<int>)t.Shape))], metadata);
        return new CheckpointContents(network, tensors, steps, header);
    }

    public void WriteTo(Stream stream)
    {
        stream.Write(_header);
        long batches = _network.Position.BatchNormBatches;
        foreach (StateTensor tensor in _tensors)
        {
            if (tensor.DType == "I64")
            {
                CheckpointKeys.WriteInt64(stream, batches);
            }
            else
            {
                SafeTensorsFile.WriteFloats(stream, tensor.Floats(_network));
            }
        }

        foreach ((_, _, float[] values) in _preprocessing)
        {
            SafeTensorsFile.WriteFloats(stream, values);
        }
    }
}
