using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using NetGen.Graph;

namespace NetGen.Tests;

/// <summary>Helpers for the checkpoint tests: training a few steps, the whole state as a value, and rewritten files.</summary>
internal static class CheckpointFiles
{
    public static INetwork Create(Type type, string engine, int seed) => engine == "generated"
        ? (INetwork)Activator.CreateInstance(type, seed)!
        : GraphNetwork.Create(GraphAttributes.Read(type), seed);

    /// <summary>Trains <paramref name="steps"/> steps on seeded batches starting at batch <paramref name="first"/>.</summary>
    public static void Train(INetwork network, int steps, int first = 0)
    {
        for (int s = first; s < first + steps; s++)
        {
            int batch = network.BatchSize;
            float[] inputs = TestBatches.Inputs(batch, network.InputSize, seed: 100 + s);
            if (network.Architecture.Output == PredictOutput.Softmax)
            {
                network.TrainStep(inputs, TestBatches.Labels(batch, network.OutputSize, seed: 100 + s));
            }
            else
            {
                float[] targets = TestBatches.Targets(batch, network.OutputSize, seed: 100 + s);
                if (network.Architecture.Output == PredictOutput.Sigmoid)
                {
                    targets = targets.Select(Math.Abs).ToArray(); // probabilities for binary cross-entropy
                }

                network.TrainStep(inputs, targets);
            }
        }
    }

    /// <summary>Everything a checkpoint restores, as comparable arrays: each state tensor's floats, the position, the run-time hyperparameters.</summary>
    public static string State(INetwork network)
    {
        var text = new StringBuilder();
        foreach (StateTensor tensor in StateDict.Of(network))
        {
            text.Append(tensor.Name).Append(':');
            foreach (float v in tensor.Floats(network))
            {
                text.Append(BitConverter.SingleToInt32Bits(v).ToString("x8")).Append(' ');
            }

            text.Append('\n');
        }

        text.Append(network.Position).Append(' ').Append(BitConverter.SingleToInt32Bits(network.LearningRate));
        text.Append(' ').Append(BitConverter.SingleToInt32Bits(network.WeightDecay)).Append(' ').Append(BitConverter.SingleToInt32Bits(network.Momentum));
        foreach (Layer layer in network.Layers)
        {
            text.Append(' ').Append(BitConverter.SingleToInt32Bits(layer.DropoutRate));
        }

        return text.ToString();
    }

    public static byte[] Saved(INetwork network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The header of a safetensors file as JSON, and where its data section starts.</summary>
    public static (JsonObject Header, int DataStart) Header(byte[] file)
    {
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        return (JsonNode.Parse(file.AsSpan(8, length))!.AsObject(), 8 + length);
    }

    /// <summary>The file with its header replaced by <paramref name="edit"/>'s changes and the data section kept.</summary>
    public static byte[] WithHeader(byte[] file, Action<JsonObject> edit)
    {
        (JsonObject header, int dataStart) = Header(file);
        edit(header);
        return WithHeaderText(file, header.ToJsonString(), dataStart);
    }

    public static byte[] WithHeaderText(byte[] file, string headerText, int? dataStart = null)
    {
        int start = dataStart ?? Header(file).DataStart;
        byte[] json = Encoding.UTF8.GetBytes(headerText);
        byte[] result = new byte[8 + json.Length + file.Length - start];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)json.Length);
        json.CopyTo(result, 8);
        file.AsSpan(start).CopyTo(result.AsSpan(8 + json.Length));
        return result;
    }

    public static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("netgen-checkpoint-").FullName, name);
}
