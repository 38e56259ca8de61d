using System.Globalization;

namespace NetGen;

/// <summary>What Save writes: the network's state tensors in state_dict order, checked finite, with NetGen's metadata.</summary>
internal sealed class CheckpointContents
{
    private readonly INetwork _network;
    private readonly IReadOnlyList<StateTensor> _tensors;
    private readonly byte[] _header;

    private CheckpointContents(INetwork network, IReadOnlyList<StateTensor> tensors, byte[] header) => (_network, _tensors, _header) = (network, tensors, header);

    /// <summary>
    /// The contents of <paramref name="network"/>'s checkpoint. A non-finite value anywhere is refused before anything
    /// is written: Load would refuse the file, so it must not be made.
    /// </summary>
    public static CheckpointContents Of(INetwork network, string path)
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

        byte[] header = SafeTensorsFile.Header(tensors.Select(t => (t.Name, t.DType, t.Shape)).ToArray(), metadata);
        return new CheckpointContents(network, tensors, header);
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
    }
}
