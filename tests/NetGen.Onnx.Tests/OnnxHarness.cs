using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NetGen.Randomness;

namespace NetGen.Onnx.Tests;

/// <summary>Training a few steps, exporting, running the model in ONNX Runtime and comparing with Predict.</summary>
internal static class OnnxHarness
{
    /// <summary>
    /// The comparison: |onnx − predict| ≤ Tolerance · max(1, |predict|), absolute for values up to 1 and relative above.
    /// </summary>
    public const float Tolerance = 1e-5f;

    /// <summary>Takes <paramref name="steps"/> training steps on random full batches, so every parameter and running statistic moves.</summary>
    public static void Train(INetwork network, int steps = 3, int seed = 11)
    {
        var random = new SeededRandom(seed);
        int batch = network.BatchSize;
        for (int s = 0; s < steps; s++)
        {
            float[] inputs = Inputs(random, batch, network.InputSize);
            if (network.Architecture.Output == PredictOutput.Softmax)
            {
                int[] labels = Enumerable.Range(0, batch).Select(_ => random.NextInt(network.OutputSize)).ToArray();
                network.TrainStep(inputs, labels);
            }
            else
            {
                bool binary = network.Architecture.Output == PredictOutput.Sigmoid;
                float[] targets = Enumerable.Range(0, batch * network.OutputSize).Select(_ => binary ? random.NextInt(2) : random.NextUniform(-1f, 1f)).ToArray();
                network.TrainStep(inputs, targets);
            }
        }
    }

    public static float[] Inputs(SeededRandom random, int samples, int size) =>
        Enumerable.Range(0, samples * size).Select(_ => (float)random.NextNormal()).ToArray();

    /// <summary>Runs the model at <paramref name="path"/> on inputs[samples, InputSize].</summary>
    public static float[] Run(string path, INetwork network, float[] inputs, int samples)
    {
        using var session = new InferenceSession(path);
        return Run(session, network, inputs, samples);
    }

    public static float[] Run(InferenceSession session, INetwork network, float[] inputs, int samples)
    {
        int[] dims = [samples, .. network.Architecture.InputShape];
        var tensor = new DenseTensor<float>(inputs, dims);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, tensor)]);
        DisposableNamedOnnxValue output = results.Single();
        Assert.Equal(OnnxExport.OutputName, output.Name);
        var values = output.AsTensor<float>();
        Assert.Equal([samples, network.OutputSize], values.Dimensions.ToArray());
        return values.ToArray();
    }

    public static float[] Predict(INetwork network, float[] inputs, int samples)
    {
        var outputs = new float[samples * network.OutputSize];
        network.Predict(inputs, outputs);
        return outputs;
    }

    /// <summary>Exports, then compares ONNX Runtime with Predict on a batch of five samples and on a single one.</summary>
    public static void AssertMatchesPredict(INetwork network, string path, OnnxExportOptions? options = null)
    {
        network.ExportOnnx(path, options);
        var random = new SeededRandom(23);
        using var session = new InferenceSession(path);
        foreach (int samples in new[] { 5, 1 })
        {
            float[] inputs = Inputs(random, samples, network.InputSize);
            AssertClose(Predict(network, inputs, samples), Run(session, network, inputs, samples), network.Architecture.Name);
        }
    }

    public static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float bound = Tolerance * MathF.Max(1f, MathF.Abs(expected[i]));
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= bound, $"{what}: output {i} is {actual[i]:R} in ONNX Runtime, {expected[i]:R} from Predict (difference {MathF.Abs(expected[i] - actual[i]):R}, allowed {bound:R}).");
        }
    }
}
