using System.Reflection;
using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>
/// The checkpoint contract on every generated network of this suite and of NetGen.TestNetworks: the state_dict names
/// (<see cref="StateDict"/>) cover the parameters exactly once and the running statistics exactly where BatchNorm keeps
/// them; OptimizerState has torch.optim's names for each optimizer; Position round-trips bit for bit (the step, the
/// dropout stream, BatchNorm's batch count), refuses a negative step and is left alone by a refused step; the
/// architecture's fingerprint tells networks apart.
/// </summary>
public class StateContractTests
{
    private static readonly Assembly[] Assemblies = [typeof(ReluClassifier).Assembly, typeof(Demo.FashionMlp).Assembly];

    /// <summary>Every generated network class (Lsuv ones too: they train without their Lsuv call), by full name.</summary>
    public static TheoryData<string> Networks => new(NetworkTypes().Select(t => t.FullName!));

    private static IEnumerable<Type> NetworkTypes() =>
        Assemblies.SelectMany(a => a.GetTypes())
            .Where(t => typeof(INetwork).IsAssignableFrom(t) && t.GetCustomAttribute<NetworkAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static INetwork Create(string fullName, int seed = 3) =>
        (INetwork)Activator.CreateInstance(NetworkTypes().Single(t => t.FullName == fullName), seed)!;

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_parameter_tensors_cover_every_parameter_exactly_once(string name)
    {
        INetwork network = Create(name);
        IReadOnlyList<StateTensor> tensors = StateDict.Of(network);
        Assert.Equal(tensors.Count, tensors.Select(t => t.Name).Distinct().Count());
        var parameters = tensors.Where(t => t.Kind == StateTensorKind.Parameter).ToList();
        Assert.Equal(network.ParameterCount, parameters.Sum(t => t.Length));
        Assert.All(parameters, t => Assert.Equal("F32", t.DType));
        for (int i = 0; i < network.Layers.Count; i++)
        {
            // Each layer's tensors, named after it, hold exactly its slices of Parameters.
            Layer layer = network.Layers[i];
            string prefix = network.Architecture.Layers[i].Name + ".";
            Assert.Equal(layer.Name, network.Architecture.Layers[i].Name);
            int expected = layer.WeightLength + layer.BiasLength + layer.Gamma.Length + layer.Beta.Length + layer.Slopes.Length;
            Assert.Equal(expected, parameters.Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal)).Sum(t => t.Length));
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Running_statistics_are_buffers_of_exactly_the_BatchNorm_layers(string name)
    {
        INetwork network = Create(name);
        IReadOnlyList<StateTensor> buffers = StateDict.Of(network).Where(t => t.Kind == StateTensorKind.Buffer).ToList();
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            LayerModules modules = network.Architecture.Layers[i];
            bool batchNorm = modules.Modules.Any(m => m.Kind is ModuleKind.BatchNorm1d or ModuleKind.BatchNorm2d);
            Assert.Equal(batchNorm, layer.RunningMean.Length > 0);
            var mine = buffers.Where(t => t.Name.StartsWith(modules.Name + ".", StringComparison.Ordinal)).ToList();
            if (!batchNorm)
            {
                Assert.Empty(mine);
                continue;
            }

            Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], mine.Select(t => t.Name[(t.Name.LastIndexOf('.') + 1)..]));
            Assert.Equal(layer.RunningMean.Length, mine[0].Length);
            Assert.Equal(layer.RunningVariance.Length, mine[1].Length);
            Assert.Equal(("I64", 0), (mine[2].DType, mine[2].Shape.Count));
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void OptimizerState_has_torch_optims_names_and_one_float_per_parameter(string name)
    {
        INetwork network = Create(name);
        Type type = network.GetType();
        string[] expected = type.GetCustomAttributes().Select(a => a switch
        {
            SgdAttribute s => s.Momentum != 0f ? ["momentum_buffer"] : [],
            AdaGradAttribute => ["sum"],
            RmsPropAttribute r => new[] { "square_avg" }.Concat(r.Centered ? ["grad_avg"] : []).Concat(r.Momentum > 0f ? ["momentum_buffer"] : []).ToArray(),
            AdamAttribute adam => adam.AmsGrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"],
            AdamWAttribute adamW => adamW.AmsGrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"],
            _ => (string[]?)null,
        }).OfType<string[]>().Single();
        IReadOnlyList<OptimizerBuffer> state = network.OptimizerState;
        Assert.Equal(expected, state.Select(b => b.Name));
        Assert.All(state, b => Assert.Equal(network.ParameterCount, b.Values.Length));
        Assert.Same(state, network.OptimizerState);
        float initial = type.GetCustomAttribute<AdaGradAttribute>()?.InitialAccumulator ?? 0f;
        Assert.All(state, b => Assert.True(b.Values.Span.IndexOfAnyExcept(b.Name == "sum" ? initial : 0f) < 0, $"{b.Name} starts at its initial value"));

        // The buffers are the optimizer's own: training moves them (every optimizer here but plain SGD keeps state).
        Train(network, steps: 2, seed: 11);
        Assert.All(state, b => Assert.True(b.Values.Span.IndexOfAnyExcept(b.Name == "sum" ? initial : 0f) >= 0, $"{b.Name} moved by training"));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Position_set_from_another_instance_continues_it_bit_for_bit(string name)
    {
        INetwork trained = Create(name, seed: 3), resumed = Create(name, seed: 8);
        Train(trained, steps: 3, seed: 21);
        bool batchNorm = trained.Layers.Any(l => l.RunningMean.Length > 0);
        Assert.Equal(3, trained.Position.Step);
        Assert.Equal(batchNorm ? 3 : 0, trained.Position.BatchNormBatches);

        // Everything a checkpoint holds, tensors through the state_dict's sources and the position.
        trained.Parameters.CopyTo(resumed.Parameters);
        for (int i = 0; i < trained.Layers.Count; i++)
        {
            trained.Layers[i].RunningMean.CopyTo(resumed.Layers[i].RunningMean);
            trained.Layers[i].RunningVariance.CopyTo(resumed.Layers[i].RunningVariance);
        }

        for (int b = 0; b < trained.OptimizerState.Count; b++)
        {
            trained.OptimizerState[b].Values.CopyTo(resumed.OptimizerState[b].Values);
        }

        resumed.Position = trained.Position;
        Assert.Equal(trained.Position, resumed.Position);
        Assert.Equal(3, resumed.Step);
        Train(trained, steps: 2, seed: 22);
        Train(resumed, steps: 2, seed: 22);
        Assert.True(trained.Parameters.SequenceEqual(resumed.Parameters), $"{name}: the resumed instance's parameters differ");
        for (int i = 0; i < trained.Layers.Count; i++)
        {
            Assert.True(trained.Layers[i].RunningMean.SequenceEqual(resumed.Layers[i].RunningMean));
            Assert.True(trained.Layers[i].RunningVariance.SequenceEqual(resumed.Layers[i].RunningVariance));
        }

        Assert.Equal(trained.Position, resumed.Position);
        Assert.Equal(batchNorm ? 5 : 0, resumed.Position.BatchNormBatches);
    }

    [Fact]
    public void The_dropout_stream_in_Position_is_what_makes_the_masks_agree()
    {
        // Without the position's dropout state, the resumed instance draws other masks: the round trip above tests something.
        INetwork trained = new DropoutClassifier(3), resumed = new DropoutClassifier(8);
        Train(trained, steps: 3, seed: 21);
        trained.Parameters.CopyTo(resumed.Parameters);
        trained.OptimizerState[0].Values.CopyTo(resumed.OptimizerState[0].Values);
        resumed.Position = trained.Position with { Dropout = resumed.Position.Dropout };
        Train(trained, steps: 1, seed: 22);
        Train(resumed, steps: 1, seed: 22);
        Assert.False(trained.Parameters.SequenceEqual(resumed.Parameters));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_negative_step_or_batch_count_is_refused_and_changes_nothing(string name)
    {
        INetwork network = Create(name);
        Train(network, steps: 1, seed: 5);
        TrainingPosition before = network.Position;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => network.Position = new TrainingPosition(-1, default, 0));
        Assert.Equal("value", e.ParamName);
        Assert.Equal(-1L, e.ActualValue);
        Assert.Equal(before, network.Position);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => network.Position = new TrainingPosition(3, default, -2));
        Assert.Contains("BatchNormBatches is -2", e.Message);
        Assert.Equal(before, network.Position);
    }

    [Fact]
    public void A_refused_step_leaves_the_position_as_it_was()
    {
        // As GuardTests: logits of ±3·10³⁸ through the last LayerNorm's β make the loss +∞ after the forward pass has
        // counted a BatchNorm batch and drawn dropout masks; the refused calls put both back.
        INetwork network = new NormedClassifier(3);
        float[] inputs = TestBatches.Inputs(8, 6, seed: 4);
        int[] labels = TestBatches.Labels(8, 3, seed: 4);
        network.TrainStep(inputs, labels);
        TrainingPosition before = network.Position;
        Assert.Equal(1, before.BatchNormBatches);
        Span<float> beta = network.Layers[^1].Beta;
        (beta[0], beta[1], beta[2]) = (3e38f, -3e38f, -3e38f);
        var gradients = new float[network.ParameterCount];
        Assert.Throws<NotFiniteNumberException>(() => network.TrainStep(inputs, labels));
        Assert.Throws<NotFiniteNumberException>(() => network.ComputeGradients(inputs, labels, gradients));
        Assert.Equal(before, network.Position);

        // ComputeGradients is a training pass too: it counts a batch, and leaves the step alone.
        (beta[0], beta[1], beta[2]) = (0f, 0f, 0f);
        network.ComputeGradients(inputs, labels, gradients);
        Assert.Equal((before.Step, before.BatchNormBatches + 1), (network.Position.Step, network.Position.BatchNormBatches));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_architecture_describes_the_network(string name)
    {
        INetwork network = Create(name);
        NetworkArchitecture architecture = network.Architecture;
        Type type = network.GetType();
        Assert.Same(architecture, Create(name, seed: 9).Architecture); // one static value per class
        Assert.Equal(type.Name, architecture.Name);
        Assert.Matches("^[0-9a-f]{32}$", architecture.Fingerprint);
        Assert.Equal(network.InputSize, architecture.InputShape.Aggregate(1, (p, d) => p * d));
        Assert.Equal(network.OutputSize, architecture.Layers[^1].OutputShape.Aggregate(1, (p, d) => p * d));
        Assert.Equal(network.Layers.Select(l => l.Name), architecture.Layers.Select(l => l.Name));
        PredictOutput expected = type.GetCustomAttribute<SoftmaxCrossEntropyAttribute>() is not null ? PredictOutput.Softmax
            : type.GetCustomAttribute<BinaryCrossEntropyAttribute>() is not null ? PredictOutput.Sigmoid
            : PredictOutput.Identity;
        Assert.Equal(expected, architecture.Output);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Assert.Equal(network.Layers[i].InputSize, architecture.Layers[i].InputShape.Aggregate(1, (p, d) => p * d));
            Assert.Equal(network.Layers[i].OutputSize, architecture.Layers[i].OutputShape.Aggregate(1, (p, d) => p * d));
            Assert.NotEmpty(architecture.Layers[i].Modules);
        }
    }

    [Fact]
    public void Different_networks_have_different_fingerprints()
    {
        var fingerprints = NetworkTypes().Select(t => (t.FullName, ((INetwork)Activator.CreateInstance(t, 0)!).Architecture.Fingerprint)).ToList();
        Assert.NotEqual(new PlainMlp().Architecture.Fingerprint, new BatchNormMlp().Architecture.Fingerprint);
        var repeated = fingerprints.GroupBy(f => f.Fingerprint).Where(g => g.Count() > 1).Select(g => string.Join(", ", g.Select(f => f.FullName))).ToList();
        Assert.True(repeated.Count == 0, "same fingerprint: " + string.Join("; ", repeated));
    }

    /// <summary><paramref name="steps"/> TrainSteps on seeded batches of at most 4 samples: labels, or targets for a regressor.</summary>
    internal static void Train(INetwork network, int steps, int seed)
    {
        int batch = Math.Min(network.BatchSize, 4);
        int classes = network.OutputSize == 1 ? 2 : network.OutputSize;
        bool regression = network.GetType().GetCustomAttribute<MeanSquaredErrorAttribute>() is not null; // targets, not labels
        for (int s = 0; s < steps; s++)
        {
            float[] inputs = TestBatches.Inputs(batch, network.InputSize, seed + 100 * s);
            float loss = regression
                ? network.TrainStep(inputs, TestBatches.Targets(batch, network.OutputSize, seed + 100 * s))
                : network.TrainStep(inputs, TestBatches.Labels(batch, classes, seed + 100 * s));
            Assert.True(float.IsFinite(loss));
        }
    }
}

/// <summary>Reading the checkpoint members allocates nothing, and neither does setting Position (<see cref="Allocations"/>).</summary>
[Collection(Allocations.Collection)]
public class StateContractAllocationTests
{
    public static TheoryData<string> Networks => new("NormedClassifier", "ClippedAdamW", "PlainMlp", "SmallCnn", "DropoutClassifier");

    [Theory]
    [MemberData(nameof(Networks))]
    public void Reading_Architecture_OptimizerState_and_Position_allocates_nothing(string name)
    {
        Type type = typeof(NormedClassifier).Assembly.GetType("NetGen.Tests." + name)!;
        var network = (INetwork)Activator.CreateInstance(type, 1)!;
        StateContractTests.Train(network, steps: 1, seed: 3);
        TrainingPosition position = network.Position;
        Assert.True(0 == Allocations.PerCall(() => _ = network.Architecture.Layers.Count), $"{name}: Architecture");
        Assert.True(0 == Allocations.PerCall(() => _ = network.OptimizerState.Count), $"{name}: OptimizerState");
        Assert.True(0 == Allocations.PerCall(() => _ = network.Position.Step), $"{name}: Position get");
        Assert.True(0 == Allocations.PerCall(() => network.Position = position), $"{name}: Position set");
    }
}
