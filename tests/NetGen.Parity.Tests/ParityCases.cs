using NetGen.Schedules;

namespace NetGen.Parity.Tests;

/// <summary>
/// Every optimizer × {plain, L2, its variant (Nesterov/dampening, lr decay + accumulator, centered + momentum,
/// AMSGrad, decoupled decay), clipping by norm, a schedule}, plus clip-by-value, L1, weights-only decay and an MSE
/// network, one network with every activation of the catalogue beyond the basics (ELU, GELU, SiLU, PReLU, Maxout), and
/// three trained feature-major (batches of 28, 30 and 32, where the others' 8 keep AVX-512 machines on the batch-major path).
/// The configurations repeat the attributes in ParityNetworks.cs for the PyTorch side.
/// </summary>
public static class ParityCases
{
    private static readonly string[] Mlp = ["tanh", "relu", "none"];

    public static IReadOnlyList<ParityCase> All { get; } =
    [
        Sgd<SgdPlain>(new() { ["lr"] = 0.1 }),
        Sgd<SgdL2>(new() { ["lr"] = 0.1, ["momentum"] = 0.9, ["weight_decay"] = 1e-2 }),
        Sgd<SgdNesterov>(new() { ["lr"] = 0.05, ["momentum"] = 0.9, ["nesterov"] = true }),
        Sgd<SgdDampening>(new() { ["lr"] = 0.05, ["momentum"] = 0.9, ["dampening"] = 0.5 }),
        Sgd<SgdClipNorm>(new() { ["lr"] = 0.5, ["momentum"] = 0.9 }) with { ClipNorm = 0.1f },
        Sgd<SgdClipValue>(new() { ["lr"] = 0.1 }) with { ClipValue = 0.01f },
        Sgd<SgdL1>(new() { ["lr"] = 0.1 }) with { L1 = 1e-3f },
        Sgd<SgdDecayWeightsOnly>(new() { ["lr"] = 0.1, ["weight_decay"] = 0.05 }) with { DecayWeightsOnly = true, L1 = 1e-3f },
        Sgd<SgdStepSchedule>(new() { ["lr"] = 0.1, ["momentum"] = 0.9 }) with
        {
            Schedule = rate => new StepDecay(rate, stepSize: 5, gamma: 0.5),
            TorchSchedule = new Dictionary<string, object> { ["kind"] = "step", ["step_size"] = 5, ["gamma"] = 0.5 },
        },

        AdaGrad<AdaGradPlain>(new() { ["lr"] = 0.05 }),
        AdaGrad<AdaGradL2>(new() { ["lr"] = 0.05, ["weight_decay"] = 1e-2 }),
        AdaGrad<AdaGradDecayAndAccumulator>(new() { ["lr"] = 0.05, ["lr_decay"] = 0.01, ["initial_accumulator_value"] = 0.1 }),
        AdaGrad<AdaGradClipNorm>(new() { ["lr"] = 0.05 }) with { ClipNorm = 0.1f },
        AdaGrad<AdaGradExponentialSchedule>(new() { ["lr"] = 0.05 }) with
        {
            Schedule = rate => new ExponentialDecay(rate, k: 0.1),
            TorchSchedule = new Dictionary<string, object> { ["kind"] = "exponential", ["gamma"] = Math.Exp(-0.1) },
        },

        RmsProp<RmsPropPlain>(new() { ["lr"] = 1e-2 }),
        RmsProp<RmsPropL2>(new() { ["lr"] = 1e-2, ["weight_decay"] = 1e-2 }),
        RmsProp<RmsPropCenteredMomentum>(new() { ["lr"] = 1e-3, ["centered"] = true, ["momentum"] = 0.9 }),
        RmsProp<RmsPropClipNorm>(new() { ["lr"] = 1e-2, ["alpha"] = 0.9 }) with { ClipNorm = 0.1f },
        RmsProp<RmsPropInverseTimeSchedule>(new() { ["lr"] = 1e-2 }) with
        {
            Schedule = rate => new InverseTimeDecay(rate, k: 0.2),
            TorchSchedule = new Dictionary<string, object> { ["kind"] = "inverse_time", ["k"] = 0.2 },
        },

        Adam<AdamPlain>("Adam", new() { ["lr"] = 1e-2 }),
        Adam<AdamL2>("Adam", new() { ["lr"] = 1e-2, ["weight_decay"] = 1e-2 }),
        Adam<AdamAmsGrad>("Adam", new() { ["lr"] = 1e-2, ["amsgrad"] = true, ["betas"] = new[] { 0.8, 0.99 } }),
        Adam<AdamClipNorm>("Adam", new() { ["lr"] = 1e-2 }) with { ClipNorm = 0.1f },
        Adam<AdamCosineSchedule>("Adam", new() { ["lr"] = 1e-2 }) with
        {
            Schedule = rate => new CosineAnnealing(rate, periods: 8),
            TorchSchedule = new Dictionary<string, object> { ["kind"] = "cosine", ["t_max"] = 8 },
        },

        Adam<AdamWPlain>("AdamW", new() { ["lr"] = 1e-2 }),
        Adam<AdamWAmsGrad>("AdamW", new() { ["lr"] = 1e-2, ["weight_decay"] = 0.1, ["amsgrad"] = true }),
        Adam<AdamWDecayWeightsOnly>("AdamW", new() { ["lr"] = 1e-2, ["weight_decay"] = 0.1 }) with { DecayWeightsOnly = true },
        Adam<AdamWClipNorm>("AdamW", new() { ["lr"] = 1e-2 }) with { ClipNorm = 0.1f },
        Adam<AdamWWarmupCosineSchedule>("AdamW", new() { ["lr"] = 1e-2 }) with
        {
            Schedule = rate => new LinearWarmup(new CosineAnnealing(rate, periods: 20), warmupPeriods: 5, startFactor: 0.2),
            TorchSchedule = new Dictionary<string, object> { ["kind"] = "warmup_cosine", ["warmup"] = 5, ["start_factor"] = 0.2, ["t_max"] = 20 },
        },

        new ParityCase(nameof(ActivationCatalogue), seed => new ActivationCatalogue(seed), ["elu:0.7", "gelu", "silu", "prelu", "maxout:2", "none"], "cross_entropy", "Adam", new Dictionary<string, object> { ["lr"] = 1e-2 }),
        new ParityCase(nameof(NormCatalogue), seed => new NormCatalogue(seed), ["relu", "tanh", "gelu", "none"], "cross_entropy", "SGD", new Dictionary<string, object> { ["lr"] = 0.1, ["momentum"] = 0.9 })
        {
            Norms = ["batch:0.1:1e-5", "batch:0.3:1e-3", "layer:1e-5", "none"],
        },
        new ParityCase(nameof(ConvCatalogue), seed => new ConvCatalogue(seed), ["relu", "none", "tanh", "silu", "none", "none", "none"], "cross_entropy", "SGD", new Dictionary<string, object> { ["lr"] = 0.05, ["momentum"] = 0.9 })
        {
            Ops = ["conv:2:4:3:1:1", "maxpool:2:2", "conv:4:4:2:1:0", "conv:4:3:1:1:0", "avgpool:2:2", "flatten", "dense"],
            Norms = ["batch2d:0.1:1e-5", "none", "group:2:1e-5", "instance:1e-5", "none", "none", "none"],
            InputShape = [2, 6, 6],
        },
        new ParityCase(nameof(FlooredShapesCatalogue), seed => new FlooredShapesCatalogue(seed), ["relu", "none", "none", "none", "none"], "cross_entropy", "SGD", new Dictionary<string, object> { ["lr"] = 0.05, ["momentum"] = 0.9 })
        {
            Ops = ["conv:2:4:3:2:1", "avgpool:2:2", "maxpool:2:2", "flatten", "dense"],
            Norms = ["none", "none", "none", "none", "none"],
            InputShape = [2, 14, 14],
        },
        new ParityCase(nameof(PaddedPoolsCatalogue), seed => new PaddedPoolsCatalogue(seed), ["relu", "none", "none", "none", "none", "none"], "cross_entropy", "SGD", new Dictionary<string, object> { ["lr"] = 0.05, ["momentum"] = 0.9 })
        {
            Ops = ["conv:2:3:3:1:1", "maxpool:3:2:1:1", "avgpool:2:2:0:1:1", "avgpool:2:2:1:1:0", "avgpool:3:1:1:0:1", "dense"],
            Norms = ["none", "none", "none", "none", "none", "none"],
            InputShape = [2, 8, 8],
        },
        new ParityCase(nameof(WeightNormCatalogue), seed => new WeightNormCatalogue(seed), ["relu", "tanh", "none"], "cross_entropy", "Adam", new Dictionary<string, object> { ["lr"] = 1e-2 })
        {
            Norms = ["weight", "weight", "weight"],
        },
        new ParityCase(nameof(ChannelFormsCatalogue), seed => new ChannelFormsCatalogue(seed), ["prelu2d:3", "tanh", "maxout2d:2", "prelu2d:2", "none"], "cross_entropy", "SGD", new Dictionary<string, object> { ["lr"] = 0.05, ["momentum"] = 0.9 })
        {
            Ops = ["conv:2:3:3:1:1", "conv:3:4:3:1:0", "conv:4:4:2:1:0", "conv:2:2:1:1:0", "dense"],
            Norms = ["weight", "layer_shape:1e-5:4:3:3", "none", "batch2d:0.1:1e-5", "none"],
            InputShape = [2, 5, 5],
        },
        new ParityCase(nameof(RegularizedSgd), seed => new RegularizedSgd(seed), Mlp, "cross_entropy", "SGD", new Dictionary<string, object> { ["lr"] = 0.1, ["momentum"] = 0.9 })
        {
            Regularizers = ["max_norm:0.5+activity_l1:0.01", "noise:0.2", "max_norm:0.6+activity_l1:1e-3"],
        },
        new ParityCase(nameof(RegularizedAdam), seed => new RegularizedAdam(seed), Mlp, "cross_entropy", "Adam", new Dictionary<string, object> { ["lr"] = 1e-2 })
        {
            Regularizers = ["max_norm:0.5+activity_l1:0.01", "noise:0.2", "max_norm:0.6+activity_l1:1e-3"],
        },
        new ParityCase(nameof(RegularizedConv), seed => new RegularizedConv(seed), ["relu", "none", "none"], "cross_entropy", "SGD", new Dictionary<string, object> { ["lr"] = 0.05, ["momentum"] = 0.9 })
        {
            Ops = ["conv:2:3:3:1:1", "maxpool:2:2", "dense"],
            Regularizers = ["max_norm:0.5+noise:0.1+activity_l1:1e-3", "none", "max_norm:0.4"],
            InputShape = [2, 6, 6],
        },
        new ParityCase(nameof(AdamRegressor), seed => new AdamRegressor(seed), ["sigmoid", "leaky_relu:0.1"], "mse", "Adam", new Dictionary<string, object> { ["lr"] = 1e-2 }),
        new ParityCase(nameof(FeatureMajorAdam), seed => new FeatureMajorAdam(seed), Mlp, "cross_entropy", "Adam", new Dictionary<string, object> { ["lr"] = 1e-2 }) { Batch = 28 },
        new ParityCase(nameof(FeatureMajorSgd), seed => new FeatureMajorSgd(seed), ["elu:0.7", "leaky_relu:0.1", "none"], "cross_entropy", "SGD", new Dictionary<string, object> { ["lr"] = 0.1, ["momentum"] = 0.9, ["weight_decay"] = 1e-2 }) { Batch = 32 },
        new ParityCase(nameof(FeatureMajorSquared), seed => new FeatureMajorSquared(seed), ["tanh", "sigmoid"], "mse", "Adam", new Dictionary<string, object> { ["lr"] = 1e-2 }) { Batch = 30 },
    ];

    private static ParityCase Sgd<T>(Dictionary<string, object> options)
        where T : INetwork => Case<T>("SGD", options);

    private static ParityCase AdaGrad<T>(Dictionary<string, object> options)
        where T : INetwork => Case<T>("Adagrad", options);

    private static ParityCase RmsProp<T>(Dictionary<string, object> options)
        where T : INetwork => Case<T>("RMSprop", options);

    private static ParityCase Adam<T>(string name, Dictionary<string, object> options)
        where T : INetwork => Case<T>(name, options);

    private static ParityCase Case<T>(string optimizer, Dictionary<string, object> options)
        where T : INetwork =>
        new(typeof(T).Name, seed => (INetwork)Activator.CreateInstance(typeof(T), seed)!, Mlp, "cross_entropy", optimizer, options);
}
