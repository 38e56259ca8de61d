using NetGen.Generator.Planning;
using NetGen.Spec;

namespace NetGen.Generator.Tests;

/// <summary>Validation and Planning as pure functions on records, without Roslyn.</summary>
public class PlannerTests
{
    [Fact]
    public void Plan_lays_out_parameters_layer_by_layer_weight_then_bias()
    {
        NetworkPlan plan = Planner.Plan(Spec(Dense(256, OpKind.ReLU), Dense(128, OpKind.ReLU), Dense(10)));
        Assert.Equal(784, plan.InputSize);
        Assert.Equal(10, plan.OutputSize);
        Assert.Equal([0, 200_960, 233_856], plan.Layers.Select(l => l.WeightOffset));
        Assert.Equal([200_704, 233_728, 235_136], plan.Layers.Select(l => l.BiasOffset));
        Assert.Equal(235_146, plan.ParameterCount);
    }

    [Fact]
    public void Gradient_buffers_alternate_from_the_last_layer()
    {
        NetworkPlan plan = Planner.Plan(Spec(Dense(64, OpKind.Tanh), Dense(32, OpKind.Tanh), Dense(16, OpKind.Tanh), Dense(10)));
        Assert.Equal([1, 0, 1, 0], plan.Layers.Select(l => l.OutputGradientSlot));
        Assert.Equal(8 * 64, plan.GradientBufferLength);
    }

    [Fact]
    public void Auto_init_picks_He_before_ReLU_family_and_Xavier_otherwise()
    {
        NetworkPlan plan = Planner.Plan(Spec(Dense(8, OpKind.ReLU), Dense(8, OpKind.LeakyReLU), Dense(8, OpKind.Tanh), Dense(10)));
        Assert.Equal(
            [WeightInitScheme.HeNormal, WeightInitScheme.HeNormal, WeightInitScheme.XavierUniform, WeightInitScheme.XavierUniform],
            plan.Layers.Select(l => l.WeightInit.Scheme));
        Assert.Equal(MathF.Sqrt(2f), plan.Layers[0].WeightInit.Gain, 6);
        Assert.Equal(MathF.Sqrt(2f / (1f + 0.01f * 0.01f)), plan.Layers[1].WeightInit.Gain, 6);
        Assert.Equal((784, 8), (plan.Layers[0].WeightInit.FanIn, plan.Layers[0].WeightInit.FanOut));
    }

    [Fact]
    public void Fusions_name_each_layer_epilogue_the_loss_and_the_inlined_update()
    {
        NetworkPlan plan = Planner.Plan(Spec(Dense(8, OpKind.ReLU), Dense(10)));
        Assert.Contains("L0: bias + ReLU in one pass over the GEMM output, in place", plan.Fusions);
        Assert.Contains("L0: ReLU backward in one pass on ∂L/∂y, through the stored output", plan.Fusions);
        Assert.Contains(plan.Fusions, f => f.StartsWith("loss: softmax", StringComparison.Ordinal));
        Assert.Contains(plan.Fusions, f => f.StartsWith("SGD: each layer's update runs inside the backward pass", StringComparison.Ordinal));
    }

    [Fact]
    public void Equal_specs_give_equal_plans_and_a_width_change_does_not()
    {
        Assert.Equal(Planner.Plan(Spec(Dense(8), Dense(10))), Planner.Plan(Spec(Dense(8), Dense(10))));
        Assert.NotEqual(Planner.Plan(Spec(Dense(8), Dense(10))), Planner.Plan(Spec(Dense(9), Dense(10))));
    }

    [Fact]
    public void Validator_accepts_a_valid_spec_and_collects_every_problem_of_a_bad_one()
    {
        Assert.Empty(NetworkValidator.Validate(Spec(Dense(8, OpKind.ReLU), Dense(10))).Diagnostics);
        ValidatedNetwork bad = NetworkValidator.Validate(Spec(Dense(0, OpKind.ReLU, OpKind.Tanh), Dense(10, OpKind.Sigmoid)));
        Assert.True(bad.HasErrors);
        Assert.Equal(["NG0007", "NG0020", "NG0015"], bad.Diagnostics.Select(d => d.Rule.Id));
    }

    private static LayerSpec Dense(int units, params OpKind[] then) => new(
        "L?",
        null,
        "public",
        IsValidDeclaration: true,
        DeclarationProblem: "",
        DeclarationIndex: 0,
        new[] { new OpSpec(OpKind.Dense, null, Units: units) }.Concat(then.Select(k => new OpSpec(k, null))).ToEquatableArray());

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
}
