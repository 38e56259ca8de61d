using NetGen.Randomness;
using NetGen.Testing;

namespace NetGen.Graph.Tests;

/// <summary>
/// The checkpoint contract on the interpreter: the torch.nn architecture, the state_dict names it gives
/// (<see cref="StateDict"/>), the optimizer's named state buffers and the training position, which together resume a
/// run bit for bit.
/// </summary>
public class StateContractTests
{
    /// <summary>Networks covering every module kind with state, each with a different optimizer.</summary>
    internal static GraphNetwork Build(string name, int seed = 0) => name switch
    {
        "DenseBatchNormDropout" => new GraphBuilder(6).BatchSize(4)
            .Dense(8, name: "Hidden1").BatchNorm().ReLU().Dropout(0.3f)
            .Dense(3, name: "Output")
            .SoftmaxCrossEntropy().Adam(1e-2f).Build(seed),
        "ConvBatchNorm2dPooling" => new GraphBuilder(2, 6, 6).BatchSize(3)
            .Conv2D(3, 3, padding: 1, name: "Conv").BatchNorm(momentum: 0.2f).ReLU()
            .MaxPool(2, name: "Pool")
            .Dense(3, name: "Output") // reads [3, 3, 3]: a Flatten module first
            .SoftmaxCrossEntropy().Sgd(0.05f, momentum: 0.9f).Build(seed),
        "WeightNorm" => new GraphBuilder(5).BatchSize(4)
            .Dense(4, name: "X").WeightNorm().Tanh()
            .Dense(2, useBias: false, name: "Output")
            .MeanSquaredError().Sgd(0.1f).Build(seed),
        "ConvWeightNormMaxout" => new GraphBuilder(2, 5, 5).BatchSize(2)
            .Conv2D(2, 2, name: "C").WeightNorm().Maxout(2)
            .AvgPool(2, name: "Pool")
            .Flatten(name: "Flat")
            .Dense(2, name: "Output")
            .MeanSquaredError().RmsProp(1e-2f).Build(seed),
        "ConvLayerNorm" => new GraphBuilder(1, 4, 4).BatchSize(2)
            .Conv2D(2, 3, padding: 1, name: "C").LayerNorm().GELU()
            .Flatten(name: "Flat")
            .Dense(2, name: "Output")
            .BinaryCrossEntropy().RmsProp(1e-2f, momentum: 0.9f, centered: true).Build(seed),
        "GroupNorm" => new GraphBuilder(5).BatchSize(3)
            .Dense(6, name: "G").GroupNorm(3).SiLU()
            .Dense(2, name: "Output")
            .SoftmaxCrossEntropy().AdaGrad(initialAccumulator: 0.5f).Build(seed),
        "InstanceNorm" => new GraphBuilder(2, 5, 5).BatchSize(2)
            .Conv2D(4, 3, name: "I").InstanceNorm().ELU(0.5f)
            .Dense(3, name: "Output")
            .SoftmaxCrossEntropy().AdamW(amsGrad: true).Build(seed),
        "PReLUMaxout" => new GraphBuilder(5).BatchSize(3)
            .Dense(4, name: "P").PReLU()
            .Dense(3, name: "M").Maxout(2)
            .Dense(3, name: "L").LeakyReLU(0.2f)
            .Dense(2, name: "Output")
            .SoftmaxCrossEntropy().Adam(amsGrad: true).Build(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static readonly string[] NetworkNames =
        ["DenseBatchNormDropout", "ConvBatchNorm2dPooling", "WeightNorm", "ConvWeightNormMaxout", "ConvLayerNorm", "GroupNorm", "InstanceNorm", "PReLUMaxout"];

    public static TheoryData<string> Networks => new(NetworkNames);

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_parameter_tensors_cover_the_parameters_and_every_one_has_its_optimizer_state(string name)
    {
        GraphNetwork network = Build(name);
        IReadOnlyList<StateTensor> state = StateDict.Of(network);
        StateTensor[] parameters = state.Where(t => t.Kind == StateTensorKind.Parameter).ToArray();
        Assert.Equal(network.ParameterCount, parameters.Sum(t => t.Length));
        Assert.Equal(state.Count, state.Select(t => t.Name).Distinct().Count());
        Assert.Equal(parameters.Length * network.OptimizerState.Count, state.Count(t => t.Kind == StateTensorKind.Optimizer));
        Assert.All(network.OptimizerState, b => Assert.Equal(network.ParameterCount, b.Values.Length));
        Assert.Equal(network.Layers.Select(l => l.Name), network.Architecture.Layers.Select(l => l.Name));
        Assert.Matches("^[0-9a-f]{32}$", network.Architecture.Fingerprint);
        Assert.Equal(network.Architecture.Fingerprint, Build(name, seed: 3).Architecture.Fingerprint);
        Assert.Same(network.Architecture, network.Architecture);
        Assert.Same(network.OptimizerState, network.OptimizerState);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            LayerModules layer = network.Architecture.Layers[i];
            Assert.Equal(network.Layers[i].InputSize, layer.InputShape.Aggregate(1, (p, d) => p * d));
            Assert.Equal(network.Layers[i].OutputSize, layer.OutputShape.Aggregate(1, (p, d) => p * d));
        }
    }

    [Fact]
    public void Fingerprints_tell_networks_apart()
    {
        string[] fingerprints = NetworkNames.Select(n => Build(n).Architecture.Fingerprint).ToArray();
        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
    }

    [Fact]
    public void Dense_with_batch_norm_and_dropout_is_linear_batchnorm1d_relu_dropout()
    {
        GraphNetwork network = Build("DenseBatchNormDropout");
        NetworkArchitecture architecture = network.Architecture;
        Assert.Equal("network", architecture.Name);
        Assert.Equal([6], architecture.InputShape);
        Assert.Equal(PredictOutput.Softmax, architecture.Output);
        LayerModules hidden = architecture.Layers[0];
        Assert.Equal("Hidden1", hidden.Name);
        Assert.Equal([6], hidden.InputShape);
        Assert.Equal([8], hidden.OutputShape);
        Assert.Equal([ModuleKind.Linear, ModuleKind.BatchNorm1d, ModuleKind.ReLU, ModuleKind.Dropout], hidden.Modules.Select(m => m.Kind));
        ModuleDescription linear = hidden.Modules[0], norm = hidden.Modules[1];
        Assert.Equal((6, 8, true, false, false), (linear.InFeatures, linear.OutFeatures, linear.Bias, linear.WeightNorm, linear.Spatial));
        Assert.Equal((8, 1e-5f, 0.1f, false), (norm.NumFeatures, norm.Epsilon, norm.Momentum, norm.Spatial));
        Assert.Equal(0.3f, hidden.Modules[3].P);

        IReadOnlyList<StateTensor> state = StateDict.Of(network);
        Assert.Equal(
            [
                "Hidden1.0.weight", "Hidden1.0.bias", "Hidden1.1.weight", "Hidden1.1.bias", "Hidden1.1.running_mean",
                "Hidden1.1.running_var", "Hidden1.1.num_batches_tracked", "Output.0.weight", "Output.0.bias",
            ],
            state.Where(t => t.Kind != StateTensorKind.Optimizer).Select(t => t.Name));
        Assert.Equal([8, 6], Tensor(state, "Hidden1.0.weight").Shape);
        Assert.Equal([8], Tensor(state, "Hidden1.1.running_var").Shape);
        StateTensor batches = Tensor(state, "Hidden1.1.num_batches_tracked");
        Assert.Equal((StateTensorKind.Buffer, "I64", 0), (batches.Kind, batches.DType, batches.Shape.Count));
        Assert.Equal([8, 6], Tensor(state, "optimizer.Hidden1.0.weight.exp_avg").Shape);
        Assert.Equal([3], Tensor(state, "optimizer.Output.0.bias.exp_avg_sq").Shape);
        Assert.Equal(6 * 2, state.Count(t => t.Kind == StateTensorKind.Optimizer)); // 6 parameter tensors × 2 buffers
    }

    [Fact]
    public void Convolution_with_batch_norm_pooling_and_a_dense_on_its_planes()
    {
        GraphNetwork network = Build("ConvBatchNorm2dPooling");
        NetworkArchitecture architecture = network.Architecture;
        Assert.Equal([2, 6, 6], architecture.InputShape);
        (LayerModules conv, LayerModules pool, LayerModules output) = (architecture.Layers[0], architecture.Layers[1], architecture.Layers[2]);
        Assert.Equal([ModuleKind.Conv2d, ModuleKind.BatchNorm2d, ModuleKind.ReLU], conv.Modules.Select(m => m.Kind));
        Assert.Equal((2, 3, 3, 1, 1, true, true), (conv.Modules[0].InFeatures, conv.Modules[0].OutFeatures, conv.Modules[0].KernelSize, conv.Modules[0].Stride, conv.Modules[0].Padding, conv.Modules[0].Bias, conv.Modules[0].Spatial));
        Assert.Equal((3, 0.2f, true), (conv.Modules[1].NumFeatures, conv.Modules[1].Momentum, conv.Modules[1].Spatial));
        Assert.Equal([3, 6, 6], conv.OutputShape);
        ModuleDescription max = Assert.Single(pool.Modules);
        Assert.Equal((ModuleKind.MaxPool2d, 2, 2, 0, false), (max.Kind, max.KernelSize, max.Stride, max.Padding, max.CeilMode));
        Assert.Equal([3, 3, 3], pool.OutputShape);
        Assert.Equal([3, 3, 3], output.InputShape);
        Assert.Equal([ModuleKind.Flatten, ModuleKind.Linear], output.Modules.Select(m => m.Kind));
        Assert.Equal((27, 3), (output.Modules[1].InFeatures, output.Modules[1].OutFeatures));

        IReadOnlyList<StateTensor> state = StateDict.Of(network);
        Assert.Equal([3, 2, 3, 3], Tensor(state, "Conv.0.weight").Shape);
        Assert.Equal([3], Tensor(state, "Conv.1.running_mean").Shape);
        Assert.Equal([3, 27], Tensor(state, "Output.1.weight").Shape);
        Assert.DoesNotContain(state, t => t.Name.StartsWith("Pool.", StringComparison.Ordinal) || t.Name.StartsWith("Output.0.", StringComparison.Ordinal));
        Assert.Equal("momentum_buffer", Assert.Single(network.OptimizerState).Name);
        Assert.Contains(state, t => t.Name == "optimizer.Conv.1.bias.momentum_buffer");
    }

    [Fact]
    public void Weight_norm_keeps_g_and_v_after_the_bias()
    {
        GraphNetwork dense = Build("WeightNorm");
        ModuleDescription linear = Assert.Single(dense.Architecture.Layers[0].Modules, m => m.Kind == ModuleKind.Linear);
        Assert.True(linear.WeightNorm);
        Assert.Equal(PredictOutput.Identity, dense.Architecture.Output);
        Assert.Equal([ModuleKind.Linear, ModuleKind.Tanh], dense.Architecture.Layers[0].Modules.Select(m => m.Kind));
        IReadOnlyList<StateTensor> state = StateDict.Of(dense);
        Assert.Equal(["X.0.bias", "X.0.weight_g", "X.0.weight_v", "Output.0.weight"], state.Select(t => t.Name));
        Assert.Equal([4, 1], Tensor(state, "X.0.weight_g").Shape);
        Assert.Equal([4, 5], Tensor(state, "X.0.weight_v").Shape);
        Assert.False(dense.Architecture.Layers[1].Modules[0].Bias);
        Assert.Empty(dense.OptimizerState);

        GraphNetwork conv = Build("ConvWeightNormMaxout");
        LayerModules c = conv.Architecture.Layers[0];
        Assert.Equal([ModuleKind.Conv2d, ModuleKind.Maxout], c.Modules.Select(m => m.Kind));
        Assert.Equal((2, 4, true), (c.Modules[0].InFeatures, c.Modules[0].OutFeatures, c.Modules[0].WeightNorm)); // 2 units × 2 pieces
        Assert.Equal((2, true), (c.Modules[1].Pieces, c.Modules[1].Spatial));
        Assert.Equal([2, 4, 4], c.OutputShape);
        state = StateDict.Of(conv);
        Assert.Equal([4, 1, 1, 1], Tensor(state, "C.0.weight_g").Shape);
        Assert.Equal([4, 2, 2, 2], Tensor(state, "C.0.weight_v").Shape);
        LayerModules flat = conv.Architecture.Layers[2];
        Assert.Equal((ModuleKind.Flatten, true), (Assert.Single(flat.Modules).Kind, flat.Modules[0].Spatial));
        Assert.Equal([8], flat.OutputShape);
        Assert.Equal("square_avg", Assert.Single(conv.OptimizerState).Name);
    }

    [Fact]
    public void Per_channel_forms_name_their_affine_parameters()
    {
        GraphNetwork layerNorm = Build("ConvLayerNorm");
        ModuleDescription ln = layerNorm.Architecture.Layers[0].Modules[1];
        Assert.Equal((ModuleKind.LayerNorm, true), (ln.Kind, ln.Spatial));
        Assert.Equal([2, 4, 4], ln.NormalizedShape);
        Assert.Equal(PredictOutput.Sigmoid, layerNorm.Architecture.Output);
        IReadOnlyList<StateTensor> state = StateDict.Of(layerNorm);
        Assert.Equal([2, 4, 4], Tensor(state, "C.1.weight").Shape);
        Assert.Equal([2, 4, 4], Tensor(state, "C.1.bias").Shape);

        GraphNetwork groupNorm = Build("GroupNorm");
        ModuleDescription gn = groupNorm.Architecture.Layers[0].Modules[1];
        Assert.Equal((ModuleKind.GroupNorm, 6, 3, 1e-5f, false), (gn.Kind, gn.NumFeatures, gn.NumGroups, gn.Epsilon, gn.Spatial));
        Assert.Equal(["G.0.weight", "G.0.bias", "G.1.weight", "G.1.bias", "Output.0.weight", "Output.0.bias"], StateDict.Of(groupNorm).Where(t => t.Kind == StateTensorKind.Parameter).Select(t => t.Name));

        GraphNetwork instanceNorm = Build("InstanceNorm");
        LayerModules i = instanceNorm.Architecture.Layers[0];
        Assert.Equal([ModuleKind.Conv2d, ModuleKind.InstanceNorm2d, ModuleKind.ELU], i.Modules.Select(m => m.Kind));
        Assert.Equal((4, 0.5f), (i.Modules[1].NumFeatures, i.Modules[2].Alpha));
        state = StateDict.Of(instanceNorm);
        Assert.Equal([4], Tensor(state, "I.1.weight").Shape);
        Assert.DoesNotContain(state, t => t.Kind == StateTensorKind.Buffer);
        Assert.Equal([ModuleKind.Flatten, ModuleKind.Linear], instanceNorm.Architecture.Layers[1].Modules.Select(m => m.Kind));
        Assert.Equal([4 * 3 * 3], Tensor(state, "Output.1.weight").Shape.Skip(1));
    }

    [Fact]
    public void PReLU_and_dense_maxout()
    {
        GraphNetwork network = Build("PReLUMaxout");
        NetworkArchitecture architecture = network.Architecture;
        Assert.Equal((ModuleKind.PReLU, 4), (architecture.Layers[0].Modules[1].Kind, architecture.Layers[0].Modules[1].NumFeatures));
        LayerModules maxout = architecture.Layers[1];
        Assert.Equal([ModuleKind.Linear, ModuleKind.Maxout], maxout.Modules.Select(m => m.Kind));
        Assert.Equal((4, 6, 2, false), (maxout.Modules[0].InFeatures, maxout.Modules[0].OutFeatures, maxout.Modules[1].Pieces, maxout.Modules[1].Spatial));
        Assert.Equal([3], maxout.OutputShape);
        Assert.Equal((ModuleKind.LeakyReLU, 0.2f), (architecture.Layers[2].Modules[1].Kind, architecture.Layers[2].Modules[1].NegativeSlope));
        IReadOnlyList<StateTensor> state = StateDict.Of(network);
        Assert.Equal([4], Tensor(state, "P.1.weight").Shape);
        Assert.Equal([6, 4], Tensor(state, "M.0.weight").Shape);
        Assert.Contains(state, t => t.Name == "optimizer.P.1.weight.max_exp_avg_sq");
    }

    public static TheoryData<string, string[]> Optimizers => new()
    {
        { "Sgd", [] },
        { "SgdMomentum", ["momentum_buffer"] },
        { "AdaGrad", ["sum"] },
        { "RmsProp", ["square_avg"] },
        { "RmsPropMomentum", ["square_avg", "momentum_buffer"] },
        { "RmsPropCenteredMomentum", ["square_avg", "grad_avg", "momentum_buffer"] },
        { "Adam", ["exp_avg", "exp_avg_sq"] },
        { "AdamAmsGrad", ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] },
        { "AdamWAmsGrad", ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] },
    };

    private static GraphNetwork WithOptimizer(string optimizer)
    {
        GraphBuilder b = new GraphBuilder(4).BatchSize(4).Dense(5, name: "Hidden").Tanh().Dense(3, name: "Output").SoftmaxCrossEntropy();
        return (optimizer switch
        {
            "Sgd" => b.Sgd(0.1f),
            "SgdMomentum" => b.Sgd(0.1f, momentum: 0.9f),
            "AdaGrad" => b.AdaGrad(initialAccumulator: 0.25f),
            "RmsProp" => b.RmsProp(),
            "RmsPropMomentum" => b.RmsProp(momentum: 0.5f),
            "RmsPropCenteredMomentum" => b.RmsProp(momentum: 0.5f, centered: true),
            "Adam" => b.Adam(),
            "AdamAmsGrad" => b.Adam(amsGrad: true),
            _ => b.AdamW(amsGrad: true),
        }).Build(seed: 4);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Optimizer_state_is_named_as_torch_optim_and_holds_what_the_first_step_leaves(string optimizer, string[] names)
    {
        GraphNetwork network = WithOptimizer(optimizer);
        IReadOnlyList<OptimizerBuffer> buffers = network.OptimizerState;
        Assert.Equal(names, buffers.Select(b => b.Name));
        Assert.Equal(names.Length, buffers.Select(b => b.Values).Distinct().Count());
        float[] inputs = ConstructionTests.Inputs(4 * 4, seed: 1);
        int[] labels = [0, 1, 2, 1];
        var g = new float[network.ParameterCount];
        network.ComputeGradients(inputs, labels, g);
        network.TrainStep(inputs, labels);

        // The first step's state from g alone (torch.optim's update rules, default hyperparameters), which tells the buffers apart.
        float Expected(string buffer, float gi) => (optimizer, buffer) switch
        {
            (_, "momentum_buffer") when optimizer.StartsWith("Sgd", StringComparison.Ordinal) => gi,
            (_, "momentum_buffer") => gi / (MathF.Sqrt(optimizer.Contains("Centered", StringComparison.Ordinal) ? 0.01f * gi * gi - 0.0001f * gi * gi : 0.01f * gi * gi) + 1e-8f),
            (_, "sum") => 0.25f + gi * gi,
            (_, "square_avg") => 0.01f * gi * gi,
            (_, "grad_avg") => 0.01f * gi,
            (_, "exp_avg") => 0.1f * gi,
            _ => 0.001f * gi * gi, // exp_avg_sq, max_exp_avg_sq
        };
        foreach (OptimizerBuffer buffer in buffers)
        {
            Span<float> values = buffer.Values.Span;
            for (int i = 0; i < values.Length; i++)
            {
                float expected = Expected(buffer.Name, g[i]);
                Assert.True(Math.Abs(values[i] - expected) <= 1e-6f + 1e-3f * Math.Abs(expected), $"{buffer.Name}[{i}]: {values[i]}, expected {expected} from g {g[i]}");
            }
        }
    }

    [Fact]
    public void Writing_an_optimizer_buffer_changes_the_next_update()
    {
        GraphNetwork network = WithOptimizer("SgdMomentum"), twin = WithOptimizer("SgdMomentum");
        float[] inputs = ConstructionTests.Inputs(4 * 4, seed: 2);
        int[] labels = [2, 1, 0, 0];
        network.TrainStep(inputs, labels);
        twin.TrainStep(inputs, labels);
        network.OptimizerState[0].Values.Span[0] += 1f;
        network.TrainStep(inputs, labels);
        twin.TrainStep(inputs, labels);
        Assert.NotEqual(twin.Parameters[0], network.Parameters[0]);
        Assert.True(twin.Parameters[1..].SequenceEqual(network.Parameters[1..]));
    }

    public static TheoryData<string> Resumable => new("DenseBatchNormDropout", "ConvBatchNorm2dPooling", "ConvLayerNorm", "InstanceNorm", "PReLUMaxout", "GroupNorm");

    [Theory]
    [MemberData(nameof(Resumable))]
    public void A_fresh_instance_given_the_state_and_position_continues_bit_for_bit(string name)
    {
        GraphNetwork a = Build(name, seed: 1);
        (float[] inputs, int[] labels, float[] targets) = Batch(a, seed: 3);
        for (int i = 0; i < 3; i++)
        {
            Train(a, inputs, labels, targets, i);
        }

        GraphNetwork b = Build(name, seed: 2), withoutPosition = Build(name, seed: 2);
        CopyState(a, b);
        CopyState(a, withoutPosition);
        b.Position = a.Position;
        Assert.Equal(a.Position, b.Position);
        for (int i = 3; i < 6; i++)
        {
            Assert.Equal(Train(a, inputs, labels, targets, i), Train(b, inputs, labels, targets, i));
            Train(withoutPosition, inputs, labels, targets, i);
        }

        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        Assert.Equal(a.Position, b.Position);
        for (int l = 0; l < a.Layers.Count; l++)
        {
            Assert.True(a.Layers[l].RunningMean.SequenceEqual(b.Layers[l].RunningMean));
            Assert.True(a.Layers[l].RunningVariance.SequenceEqual(b.Layers[l].RunningVariance));
        }

        for (int k = 0; k < a.OptimizerState.Count; k++)
        {
            Assert.True(a.OptimizerState[k].Values.Span.SequenceEqual(b.OptimizerState[k].Values.Span));
        }

        // The position is part of the state: Step (bias corrections, SGD's first step) or the dropout stream differ without it.
        if (name is "DenseBatchNormDropout" or "ConvBatchNorm2dPooling" or "InstanceNorm" or "PReLUMaxout")
        {
            Assert.False(a.Parameters.SequenceEqual(withoutPosition.Parameters));
        }
    }

    [Fact]
    public void The_batch_norm_count_is_one_per_training_pass_and_zero_without_batch_norm()
    {
        GraphNetwork network = Build("DenseBatchNormDropout");
        (float[] inputs, int[] labels, _) = Batch(network, seed: 4);
        var gradients = new float[network.ParameterCount];
        var outputs = new float[4 * network.OutputSize];
        Assert.Equal(new TrainingPosition(0, SeededRandom.ForDropout(0).Save(), 0), network.Position);
        network.TrainStep(inputs, labels);
        network.ComputeGradients(inputs, labels, gradients);
        network.Predict(inputs, outputs);
        network.ApplyGradients(gradients);
        network.TrainStep(inputs, labels);
        Assert.Equal((3L, 3L), (network.Step, network.Position.BatchNormBatches));
        Assert.Equal(network.Step, network.Position.Step);

        GraphNetwork plain = Build("GroupNorm");
        plain.TrainStep(inputs[..(3 * 5)], labels[..3].Select(l => l % 2).ToArray());
        Assert.Equal((1L, 0L), (plain.Position.Step, plain.Position.BatchNormBatches));
        plain.Position = plain.Position with { BatchNormBatches = 7 };
        Assert.Equal(0L, plain.Position.BatchNormBatches);
    }

    [Fact]
    public void Setting_the_position_moves_step_dropout_and_batch_count()
    {
        GraphNetwork network = Build("DenseBatchNormDropout");
        var stream = new SeededRandom(99);
        stream.NextNormal(); // leaves a spare normal in the state
        var position = new TrainingPosition(41, stream.Save(), 17);
        network.Position = position;
        Assert.Equal(position, network.Position);
        Assert.Equal(41, network.Step);
    }

    [Fact]
    public void A_negative_step_is_refused_and_changes_nothing()
    {
        GraphNetwork network = Build("DenseBatchNormDropout");
        (float[] inputs, int[] labels, _) = Batch(network, seed: 5);
        network.TrainStep(inputs, labels);
        TrainingPosition before = network.Position;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => network.Position = before with { Step = -3, BatchNormBatches = 9 });
        Assert.Contains("-3", e.Message);
        Assert.Equal(before, network.Position);
    }

    [Fact]
    public void A_refused_step_leaves_the_position_and_running_statistics_unchanged()
    {
        GraphNetwork network = new GraphBuilder(4).BatchSize(4)
            .Dense(6, name: "Hidden").BatchNorm().ReLU().Dropout(0.25f)
            .Dense(2, name: "Output")
            .MeanSquaredError().Adam(1e-2f).Build(seed: 6);
        GraphNetwork twin = new GraphBuilder(4).BatchSize(4)
            .Dense(6, name: "Hidden").BatchNorm().ReLU().Dropout(0.25f)
            .Dense(2, name: "Output")
            .MeanSquaredError().Adam(1e-2f).Build(seed: 6);
        float[] inputs = ConstructionTests.Inputs(4 * 4, seed: 7);
        float[] targets = ConstructionTests.Inputs(4 * 2, seed: 8);
        float[] huge = targets.Select(v => v >= 0 ? 3e38f : -3e38f).ToArray(); // finite, but the loss overflows
        network.TrainStep(inputs, targets);
        twin.TrainStep(inputs, targets);
        TrainingPosition before = network.Position;
        float[] mean = network.Layers[0].RunningMean.ToArray(), variance = network.Layers[0].RunningVariance.ToArray();
        var gradients = new float[network.ParameterCount];
        Assert.Throws<NotFiniteNumberException>(() => network.TrainStep(inputs, huge));
        Assert.Throws<NotFiniteNumberException>(() => network.ComputeGradients(inputs, huge, gradients));
        Assert.Equal(before, network.Position);
        Assert.Equal(1L, network.Position.BatchNormBatches);
        Assert.True(network.Layers[0].RunningMean.SequenceEqual(mean));
        Assert.True(network.Layers[0].RunningVariance.SequenceEqual(variance));
        network.TrainStep(inputs, targets);
        twin.TrainStep(inputs, targets);
        Assert.Equal(twin.Position, network.Position);
        Assert.True(twin.Parameters.SequenceEqual(network.Parameters));
    }

    internal static (float[] Inputs, int[] Labels, float[] Targets) Batch(INetwork network, int seed)
    {
        int batch = network.BatchSize;
        float[] inputs = ConstructionTests.Inputs(batch * network.InputSize, seed);
        int[] labels = Enumerable.Range(0, batch).Select(i => (i * 7 + seed) % network.OutputSize).ToArray();
        float[] targets = ConstructionTests.Inputs(batch * network.OutputSize, seed + 1).Select(v => v > 0 ? 1f : 0f).ToArray();
        return (inputs, labels, targets);
    }

    /// <summary>A step on rotating slices of the batch (labels for softmax, 0/1 targets otherwise).</summary>
    private static float Train(GraphNetwork network, float[] inputs, int[] labels, float[] targets, int step)
    {
        int batch = network.BatchSize;
        int[] rotated = labels.Select((_, i) => labels[(i + step) % batch]).ToArray();
        return network.Description.LossName == "SoftmaxCrossEntropy"
            ? network.TrainStep(inputs, rotated)
            : network.TrainStep(inputs, targets);
    }

    /// <summary>What a checkpoint holds besides the position: parameters, running statistics, optimizer buffers.</summary>
    private static void CopyState(INetwork from, INetwork to)
    {
        from.Parameters.CopyTo(to.Parameters);
        for (int l = 0; l < from.Layers.Count; l++)
        {
            from.Layers[l].RunningMean.CopyTo(to.Layers[l].RunningMean);
            from.Layers[l].RunningVariance.CopyTo(to.Layers[l].RunningVariance);
        }

        Assert.Equal(from.OptimizerState.Select(b => b.Name), to.OptimizerState.Select(b => b.Name));
        for (int k = 0; k < from.OptimizerState.Count; k++)
        {
            from.OptimizerState[k].Values.Span.CopyTo(to.OptimizerState[k].Values.Span);
        }
    }

    private static StateTensor Tensor(IReadOnlyList<StateTensor> state, string name) => Assert.Single(state, t => t.Name == name);
}

/// <summary>The position's accessors in steady state, measured alone (see <see cref="Allocations"/>).</summary>
[Collection(Allocations.Collection)]
public class StateContractAllocationTests
{
    [Fact]
    public void Reading_and_setting_the_position_and_reading_the_state_allocate_nothing()
    {
        GraphNetwork network = StateContractTests.Build("DenseBatchNormDropout");
        TrainingPosition position = network.Position;
        Assert.Equal(0, Allocations.PerCall(() => network.Position = position));
        Assert.Equal(0, Allocations.PerCall(() => position = network.Position));
        Assert.Equal(0, Allocations.PerCall(() => _ = network.OptimizerState[1].Values.Span[0] + network.Architecture.Layers.Count));
    }
}
