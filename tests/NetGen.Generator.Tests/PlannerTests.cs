using NetGen.Generator.Common;
using NetGen.Generator.Emission;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Spec;

namespace NetGen.Generator.Tests;

/// <summary>Validation and Planning as pure functions on records, without Roslyn.</summary>
public class PlannerTests
{
    [Fact]
    public void Plan_lays_out_parameters_layer_by_layer_weight_then_bias()
    {
        NetworkPlan plan = Plan(Spec(Dense(256, OpKind.ReLU), Dense(128, OpKind.ReLU), Dense(10)));
        Assert.Equal(784, plan.InputSize);
        Assert.Equal(10, plan.OutputSize);
        Assert.Equal([0, 200_960, 233_856], plan.Layers.Select(l => l.WeightOffset));
        Assert.Equal([200_704, 233_728, 235_136], plan.Layers.Select(l => l.BiasOffset));
        Assert.Equal(235_146, plan.ParameterCount);
    }

    [Fact]
    public void Gradient_buffers_alternate_from_the_last_layer()
    {
        NetworkPlan plan = Plan(Spec(Dense(64, OpKind.Tanh), Dense(32, OpKind.Tanh), Dense(16, OpKind.Tanh), Dense(10)));
        Assert.Equal([1, 0, 1, 0], plan.Layers.Select(l => l.OutputGradientSlot));
        Assert.Equal(8 * 64, plan.GradientBufferLength);
    }

    [Fact]
    public void Auto_init_picks_He_before_ReLU_family_and_Xavier_otherwise()
    {
        NetworkPlan plan = Plan(Spec(Dense(8, OpKind.ReLU), Dense(8, OpKind.LeakyReLU), Dense(8, OpKind.Tanh), Dense(10)));
        Assert.Equal(
            [InitKind.HeNormal, InitKind.HeNormal, InitKind.XavierUniform, InitKind.XavierUniform],
            plan.Layers.Select(l => l.WeightInit.Scheme));
        Assert.Equal(MathF.Sqrt(2f), plan.Layers[0].WeightInit.Gain, 6);
        Assert.Equal(MathF.Sqrt(2f / (1f + 0.01f * 0.01f)), plan.Layers[1].WeightInit.Gain, 6);
        Assert.Equal((784, 8), (plan.Layers[0].WeightInit.FanIn, plan.Layers[0].WeightInit.FanOut));
    }

    [Fact]
    public void Fusion_puts_bias_and_activation_in_the_epilogue_of_a_plain_dense_layer()
    {
        LayerFusion fusion = Plan(Spec(Dense(8, OpKind.ReLU), Dense(10))).Layers[0].Fusion;
        Assert.Equal(new ForwardPass(WeightSource.Parameters, BiasSite.Epilogue, ActivationSite.Epilogue, Normalizes: false), fusion.Training);
        Assert.False(fusion.BranchesOnTraining);
        Assert.Equal(ActivationBackwardSite.Activation, fusion.ActivationBackward);
        Assert.False(fusion.Buffers.KeepsPreActivation);
        Assert.Equal(-1, fusion.InputLayer);
    }

    [Fact]
    public void Fusion_runs_batch_norm_on_batch_statistics_in_training_and_as_an_epilogue_affine_for_predict()
    {
        LayerFusion fusion = Plan(Spec(Dense(8, OpKind.BatchNorm, OpKind.ReLU), Dense(10))).Layers[0].Fusion;
        Assert.Equal(NormPath.BatchNorm, fusion.Norm);
        Assert.Equal(new ForwardPass(WeightSource.Parameters, BiasSite.Norm, ActivationSite.Norm, Normalizes: true), fusion.Training);
        Assert.Equal(new ForwardPass(WeightSource.Parameters, BiasSite.InferenceNorm, ActivationSite.Epilogue, Normalizes: false), fusion.Inference);
        Assert.True(fusion.BranchesOnTraining);
        Assert.Equal(new NormStatistics(PerSample: false, 8), fusion.Buffers.Statistics);
        Assert.True(fusion.Buffers.KeepsRunningStatistics);
    }

    [Fact]
    public void Fusion_keeps_z_for_an_activation_whose_derivative_needs_it_and_gives_it_the_bias()
    {
        LayerFusion fusion = Plan(Spec(Dense(8, OpKind.GELU, OpKind.Dropout), Dense(10))).Layers[0].Fusion;
        Assert.Equal(new ForwardPass(WeightSource.Parameters, BiasSite.Activation, ActivationSite.Activation, Normalizes: false), fusion.Training);
        Assert.True(fusion.Buffers.KeepsPreActivation);
        Assert.Equal(ActivationBackwardSite.Activation, fusion.ActivationBackward);
    }

    [Fact]
    public void Fusion_reads_through_flatten_and_gives_layer_norm_per_sample_statistics()
    {
        NetworkPlan plan = Plan(Spec(Dense(8, OpKind.LayerNorm, OpKind.Tanh), Flatten(), Dense(10)));
        Assert.Equal([-1, 0, 0], plan.Layers.Select(l => l.Fusion.InputLayer));
        Assert.False(plan.Layers[1].Fusion.Buffers.HasOutput);
        Assert.Equal(new NormStatistics(PerSample: true, 1), plan.Layers[0].Fusion.Buffers.Statistics);
        Assert.False(plan.Layers[0].Fusion.BranchesOnTraining);
    }

    [Fact]
    public void Summary_fusion_lines_are_rendered_from_the_plan()
    {
        NetworkPlan plan = Plan(Spec(Dense(8, OpKind.ReLU), Dense(10)));
        string[] lines = FusionSummary.Lines(plan).ToArray();
        Assert.Contains("L0: bias + ReLU in one pass over the GEMM output, in place", lines);
        Assert.Contains("L0: ReLU backward in one pass on ∂L/∂y, through the stored output", lines);
        Assert.Contains(lines, f => f.StartsWith("loss: softmax", StringComparison.Ordinal));
        Assert.Contains(lines, f => f.StartsWith("SGD: each layer's update runs inside the backward pass", StringComparison.Ordinal));
    }

    [Fact]
    public void Binary_cross_entropy_with_one_output_takes_binary_labels()
    {
        NetworkPlan plan = Plan(Spec(Dense(8, OpKind.ReLU), Dense(1)) with
        {
            Losses = new[] { new LossSpec(LossKind.BinaryCrossEntropy, null) }.ToEquatableArray(),
        });
        Assert.True(plan.Loss.LabelsAreBinary);
        Assert.False(Plan(Spec(Dense(8), Dense(10))).Loss.LabelsAreBinary);
    }

    [Fact]
    public void Equal_specs_give_equal_plans_and_a_width_change_does_not()
    {
        Assert.Equal(Plan(Spec(Dense(8), Dense(10))), Plan(Spec(Dense(8), Dense(10))));
        Assert.NotEqual(Plan(Spec(Dense(8), Dense(10))), Plan(Spec(Dense(9), Dense(10))));
    }

    [Fact]
    public void Validator_accepts_a_valid_spec_and_collects_every_problem_of_a_bad_one()
    {
        Assert.Empty(NetworkValidator.Validate(Spec(Dense(8, OpKind.ReLU), Dense(10))).Diagnostics);
        ValidatedNetwork bad = NetworkValidator.Validate(Spec(Dense(0, OpKind.ReLU, OpKind.Tanh), Dense(10, OpKind.Sigmoid)));
        Assert.True(bad.HasErrors);
        Assert.Equal(["NG0007", "NG0020", "NG0015"], bad.Diagnostics.Select(d => d.Rule.Id));
    }

    [Fact]
    public void Predict_runs_feature_major_for_chains_of_small_dense_layers_only()
    {
        // Input 784: a 784 × 20 weight is 15 680 floats, within the 16 Ki bound; 784 × 21 is past it.
        Assert.True(FeatureMajorRule.Applies(Plan(Spec(Dense(20, OpKind.ReLU), Dense(10)))));
        Assert.Equal(784, FeatureMajorRule.MaxFeatures(Plan(Spec(Dense(20, OpKind.ReLU), Dense(10)))));
        Assert.False(FeatureMajorRule.Applies(Plan(Spec(Dense(21, OpKind.ReLU), Dense(10)))));
        Assert.False(FeatureMajorRule.Applies(Plan(Spec(Dense(8, OpKind.BatchNorm, OpKind.ReLU), Dense(10)))));
        Assert.False(FeatureMajorRule.Applies(Plan(Spec(Dense(8, OpKind.PReLU), Dense(10)))));
        Assert.True(FeatureMajorRule.Applies(Plan(Spec(Dense(8), Dense(10)) with { BatchSize = 256 })));
        Assert.False(FeatureMajorRule.Applies(Plan(Spec(Dense(8), Dense(10)) with { BatchSize = 257 })));
        // 128 × 128 on 256 samples is 4 Mi multiply-adds, where the batch-major product splits over the cores; 255 stays below.
        NetworkSpec wide = Spec(Dense(128, OpKind.ReLU), Dense(10)) with { InputShape = new[] { 128 }.ToEquatableArray() };
        Assert.True(FeatureMajorRule.Applies(Plan(wide with { BatchSize = 255 })));
        Assert.False(FeatureMajorRule.Applies(Plan(wide with { BatchSize = 256 })));
    }

    [Fact]
    public void Training_runs_feature_major_for_those_chains_on_every_loss_without_per_sample_extras()
    {
        NetworkSpec chain = Spec(Dense(20, OpKind.ReLU), Dense(12, OpKind.Tanh), Dense(10));
        Assert.True(FeatureMajorRule.TrainApplies(Plan(chain)));
        Assert.Equal(20, FeatureMajorRule.MaxUnits(Plan(chain)));
        Assert.True(FeatureMajorRule.TrainApplies(Plan(chain with { Losses = new[] { new LossSpec(LossKind.SoftmaxCrossEntropy, null, LabelSmoothing: 0.1f) }.ToEquatableArray() })));
        Assert.False(FeatureMajorRule.TrainApplies(Plan(Spec(Dense(21, OpKind.ReLU), Dense(10)))), "Predict's bounds first");
        Assert.True(FeatureMajorRule.TrainApplies(Plan(chain with { Losses = new[] { new LossSpec(LossKind.MeanSquaredError, null) }.ToEquatableArray() })));
        Assert.True(FeatureMajorRule.TrainApplies(Plan(chain with { Losses = new[] { new LossSpec(LossKind.BinaryCrossEntropy, null) }.ToEquatableArray() })));
        Assert.False(FeatureMajorRule.TrainApplies(Plan(Spec(Dense(20, OpKind.GELU), Dense(10)))), "GELU keeps its pre-activation");
        Assert.False(FeatureMajorRule.TrainApplies(Plan(Spec(Layer([new OpSpec(OpKind.Dense, null, Units: 20), new OpSpec(OpKind.ReLU, null), new OpSpec(OpKind.Dropout, null, Probability: 0.5f)]), Dense(10)))));
        Assert.False(FeatureMajorRule.TrainApplies(Plan(chain with { Regularizers = new[] { new RegularizerSpec(RegularizerKind.ClipGradNorm, 1f, null) }.ToEquatableArray() })), "clip-by-norm defers the updates");
    }

    private static LayerSpec Dense(int units, params OpKind[] then) =>
        Layer(new[] { new OpSpec(OpKind.Dense, null, Units: units) }.Concat(then.Select(k => new OpSpec(k, null))));

    private static LayerSpec Flatten() => Layer([new OpSpec(OpKind.Flatten, null)]);

    private static LayerSpec Layer(IEnumerable<OpSpec> ops) => new(
        "L?",
        null,
        "public",
        IsValidDeclaration: true,
        DeclarationProblem: "",
        DeclarationIndex: 0,
        ops.ToEquatableArray());

    private static NetworkSpec Spec(params LayerSpec[] layers) => new(
        "Demo",
        "Net",
        null,
        IsPartial: true,
        IsNested: false,
        IsGeneric: false,
        BatchSize: 8,
        NetworkLocation: null,
        HasInput: true,
        InputShape: new[] { 784 }.ToEquatableArray(),
        InputLocation: null,
        Losses: new[] { new LossSpec(LossKind.SoftmaxCrossEntropy, null) }.ToEquatableArray(),
        Optimizers: new[] { new OptimizerSpec(OptimizerKind.Sgd, null, 0.1f) }.ToEquatableArray(),
        Regularizers: EquatableArray<RegularizerSpec>.Empty,
        Layers: layers.Select((l, i) => l with { Name = "L" + i }).ToEquatableArray());

    private static NetworkPlan Plan(NetworkSpec spec) => Planner.Plan(NetworkValidator.Validate(spec));
}
