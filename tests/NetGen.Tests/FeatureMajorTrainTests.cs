using NetGen.Graph;
using NetGen.Runtime;
using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>A feature-major trainee beyond FeatureMajorClassifier: [7, 3] inputs, no hidden bias, label smoothing, MaxNorm, RMSprop.</summary>
[Network(BatchSize = 48)]
[Input(7, 3)]
[SoftmaxCrossEntropy(LabelSmoothing = 0.1f)]
[RmsProp(1e-2f, Momentum = 0.5f)]
public partial class FeatureMajorTrainee
{
    [Dense(9, UseBias = false), Sigmoid]
    public partial Layer Hidden { get; }

    [Dense(6), ELU(0.5f), MaxNorm(0.8f)]
    public partial Layer Narrow { get; }

    [Dense(4)]
    public partial Layer Output { get; }
}

/// <summary>A feature-major regressor: mean squared error through a sigmoid output layer, trained on targets or one-hot labels.</summary>
[Network(BatchSize = 40)]
[Input(6)]
[MeanSquaredError]
[Adam(1e-2f)]
public partial class FeatureMajorSquared
{
    [Dense(12), Tanh]
    public partial Layer Hidden { get; }

    [Dense(3), Sigmoid]
    public partial Layer Output { get; }
}

/// <summary>A feature-major binary classifier: one logit, binary cross-entropy on 0/1 labels or targets in [0, 1].</summary>
[Network(BatchSize = 32)]
[Input(10)]
[BinaryCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class FeatureMajorBinaryClassifier
{
    [Dense(16), LeakyReLU(0.1f)]
    public partial Layer Hidden { get; }

    [Dense(1)]
    public partial Layer Output { get; }
}

/// <summary>
/// TrainStep and ComputeGradients where the generator emits the feature-major training step (Dense chains on
/// softmax cross-entropy, mean squared error or binary cross-entropy, batches whose samples fill ¾ of the lanes): against the interpreter run op by op on the same
/// batches (batch-major kernels throughout), for full, ragged and smallest feature-major batches and the batch below
/// the threshold that stays batch-major; ComputeGradients followed by ApplyGradients is TrainStep to the bit; a step
/// allocates nothing.
/// </summary>
[Collection(Allocations.Collection)]
public class FeatureMajorTrainTests
{
    public static TheoryData<string> Networks => new("classifier", "trainee", "squared", "binary");

    private static (INetwork Generated, INetwork Interpreted) Pair(string name, int seed) => name switch
    {
        "classifier" => (new FeatureMajorClassifier(seed), GraphNetwork.Create(GraphAttributes.Read(typeof(FeatureMajorClassifier)), seed)),
        "trainee" => (new FeatureMajorTrainee(seed), GraphNetwork.Create(GraphAttributes.Read(typeof(FeatureMajorTrainee)), seed)),
        "squared" => (new FeatureMajorSquared(seed), GraphNetwork.Create(GraphAttributes.Read(typeof(FeatureMajorSquared)), seed)),
        _ => (new FeatureMajorBinaryClassifier(seed), GraphNetwork.Create(GraphAttributes.Read(typeof(FeatureMajorBinaryClassifier)), seed)),
    };

    /// <summary>
    /// Batches that fill the lanes, pad them (the smallest feature-major batch, and the largest ragged one), and fall
    /// just below the threshold and far below it (batch-major).
    /// </summary>
    private static int[] BatchSizes(INetwork network)
    {
        int smallest = Enumerable.Range(1, network.BatchSize).FirstOrDefault(FeatureMajor.Pays, network.BatchSize);
        int ragged = Enumerable.Range(1, network.BatchSize - 1).LastOrDefault(b => FeatureMajor.Pays(b) && b % FeatureMajor.Lanes(1) != 0, smallest);
        return [network.BatchSize, ragged, smallest, Math.Max(1, smallest - 1), 1];
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Training_matches_the_interpreter_step_by_step(string name)
    {
        (INetwork generated, INetwork interpreted) = Pair(name, seed: 11);
        Assert.Equal(interpreted.Parameters.ToArray(), generated.Parameters.ToArray());
        int step = 0;
        foreach (int batch in BatchSizes(generated).Concat(BatchSizes(generated)))
        {
            float[] inputs = TestBatches.Inputs(batch, generated.InputSize, seed: 100 + step);
            int[] labels = TestBatches.Labels(batch, Classes(generated), seed: 200 + step);
            float expected = interpreted.TrainStep(inputs, labels);
            float loss = generated.TrainStep(inputs, labels);
            Assert.True(Math.Abs(expected - loss) <= 1e-5f * (Math.Abs(expected) + 0.1f), $"{name} step {step} (batch {batch}): loss {loss}, interpreted {expected}");
            CloseParameters(interpreted.Parameters, generated.Parameters, $"{name} after step {step} (batch {batch})");
            step++;
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Gradients_match_the_interpreter_for_every_batch(string name)
    {
        (INetwork generated, INetwork interpreted) = Pair(name, seed: 12);
        var expected = new float[generated.ParameterCount];
        var actual = new float[generated.ParameterCount];
        foreach (int batch in BatchSizes(generated))
        {
            float[] inputs = TestBatches.Inputs(batch, generated.InputSize, seed: batch);
            int[] labels = TestBatches.Labels(batch, Classes(generated), seed: batch + 1);
            float expectedLoss = interpreted.ComputeGradients(inputs, labels, expected);
            float loss = generated.ComputeGradients(inputs, labels, actual);
            Assert.True(Math.Abs(expectedLoss - loss) <= 1e-6f * (Math.Abs(expectedLoss) + 0.1f), $"{name}, batch {batch}: loss {loss}, interpreted {expectedLoss}");
            CloseParameters(expected, actual, $"{name} ∂L/∂θ, batch {batch}");
        }
    }

    [Theory]
    [InlineData("squared")]
    [InlineData("binary")]
    public void Training_on_targets_matches_the_interpreter_step_by_step(string name)
    {
        (INetwork generated, INetwork interpreted) = Pair(name, seed: 18);
        var expectedGradients = new float[generated.ParameterCount];
        var gradients = new float[generated.ParameterCount];
        int step = 0;
        foreach (int batch in BatchSizes(generated).Concat(BatchSizes(generated)))
        {
            float[] inputs = TestBatches.Inputs(batch, generated.InputSize, seed: 300 + step);
            float[] targets = TestBatches.Targets(batch, generated.OutputSize, seed: 400 + step).Select(v => name == "binary" ? (v + 1f) / 2f : v).ToArray();
            float expectedLoss = interpreted.ComputeGradients(inputs, targets, expectedGradients);
            Assert.Equal(expectedLoss, generated.ComputeGradients(inputs, targets, gradients), 1e-6f);
            CloseParameters(expectedGradients, gradients, $"∂L/∂θ on targets, step {step} (batch {batch})");
            float expected = interpreted.TrainStep(inputs, targets);
            float loss = generated.TrainStep(inputs, targets);
            Assert.True(Math.Abs(expected - loss) <= 1e-5f * (Math.Abs(expected) + 0.1f), $"targets step {step} (batch {batch}): loss {loss}, interpreted {expected}");
            CloseParameters(interpreted.Parameters, generated.Parameters, $"after targets step {step} (batch {batch})");
            step++;
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ComputeGradients_then_ApplyGradients_is_TrainStep_to_the_bit(string name)
    {
        INetwork stepped = Pair(name, seed: 13).Generated, applied = Pair(name, seed: 13).Generated;
        var gradients = new float[stepped.ParameterCount];
        for (int step = 0; step < 4; step++)
        {
            float[] inputs = TestBatches.Inputs(stepped.BatchSize - step, stepped.InputSize, seed: step);
            int[] labels = TestBatches.Labels(stepped.BatchSize - step, Classes(stepped), seed: step + 50);
            float loss = stepped.TrainStep(inputs, labels);
            Assert.Equal(loss, applied.ComputeGradients(inputs, labels, gradients));
            applied.ApplyGradients(gradients);
            Assert.Equal(stepped.Parameters.ToArray(), applied.Parameters.ToArray());
        }
    }

    [Fact]
    public void A_feature_major_step_allocates_nothing()
    {
        var network = new FeatureMajorClassifier(seed: 14);
        float[] inputs = TestBatches.Inputs(FeatureMajorClassifier.BatchSize, FeatureMajorClassifier.InputSize, seed: 14);
        int[] labels = TestBatches.Labels(FeatureMajorClassifier.BatchSize, FeatureMajorClassifier.OutputSize, seed: 15);
        Assert.True(FeatureMajor.Pays(FeatureMajorClassifier.BatchSize) || Simd.Width == SimdWidth.Scalar);
        Assert.Equal(0, Allocations.PerCall(() => network.TrainStep(inputs, labels)));
    }

    [Fact]
    public void A_feature_major_step_with_a_non_finite_loss_is_refused_and_changes_nothing()
    {
        // Output biases of ±3·10³⁸: the logits overflow, the loss is +∞ (or NaN), known only after the feature-major forward.
        var network = new FeatureMajorClassifier(seed: 16);
        float[] inputs = TestBatches.Inputs(FeatureMajorClassifier.BatchSize, FeatureMajorClassifier.InputSize, seed: 16);
        int[] labels = TestBatches.Labels(FeatureMajorClassifier.BatchSize, FeatureMajorClassifier.OutputSize, seed: 17);
        network.TrainStep(inputs, labels);
        Span<float> bias = network.Output.Bias;
        for (int i = 0; i < bias.Length; i++)
        {
            bias[i] = i % 2 == 0 ? 3e38f : -3e38f;
        }

        float[] parameters = network.Parameters.ToArray();
        float[][] state = network.OptimizerState.Select(b => b.Values.ToArray()).ToArray();
        var gradients = new float[FeatureMajorClassifier.ParameterCount];
        Assert.Throws<NotFiniteNumberException>(() => network.TrainStep(inputs, labels));
        Assert.Throws<NotFiniteNumberException>(() => network.ComputeGradients(inputs, labels, gradients));
        Assert.Equal(1, network.Step);
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(state, network.OptimizerState.Select(b => b.Values.ToArray()).ToArray());
        Assert.All(gradients, g => Assert.Equal(0f, g));
    }

    /// <summary>What a label ranges over: 0/1 for one output (binary cross-entropy), else the outputs.</summary>
    private static int Classes(INetwork network) => network.OutputSize == 1 ? 2 : network.OutputSize;

    private static void CloseParameters(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (Math.Abs(expected[i]) + 0.1f), $"{what}: θ[{i}] is {actual[i]}, interpreted {expected[i]}");
        }
    }
}
