namespace NetGen;

/// <summary>
/// A network's state as PyTorch's state_dict names it: per layer, per module of its torch.nn.Sequential (see
/// <see cref="NetworkArchitecture"/>), the module's parameters and buffers in torch's order, then every parameter's
/// optimizer state. The names, shapes and layout rules are documented in docs/checkpoints.md.
/// </summary>
public static class StateDict
{
    /// <summary>Every tensor of <paramref name="network"/>'s state, model tensors first, then optimizer state.</summary>
    public static IReadOnlyList<StateTensor> Of(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        NetworkArchitecture architecture = network.Architecture;
        var model = new List<StateTensor>();
        for (int i = 0; i < architecture.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            IReadOnlyList<ModuleDescription> modules = architecture.Layers[i].Modules;
            for (int j = 0; j < modules.Count; j++)
            {
                AddModule(model, $"{architecture.Layers[i].Name}.{j}.", modules[j], layer, i);
            }
        }

        var all = new List<StateTensor>(model);
        IReadOnlyList<OptimizerBuffer> buffers = network.OptimizerState;
        foreach (StateTensor parameter in model.Where(t => t.Kind == StateTensorKind.Parameter))
        {
            for (int b = 0; b < buffers.Count; b++)
            {
                all.Add(parameter with { Name = $"optimizer.{parameter.Name}.{buffers[b].Name}", Kind = StateTensorKind.Optimizer, Source = StateSource.Optimizer, Buffer = b });
            }
        }

        return all;
    }

    private static void AddModule(List<StateTensor> tensors, string prefix, ModuleDescription module, Layer layer, int layerIndex)
    {
        StateTensor Parameter(string name, int offset, params int[] shape) => new(prefix + name, shape, StateTensorKind.Parameter, "F32") { Source = StateSource.Parameters, Offset = offset };
        StateTensor Statistic(string name, StateSource source, int features) => new(prefix + name, [features], StateTensorKind.Buffer, "F32") { Source = source, Layer = layerIndex };
        int[] weightShape = [.. layer.WeightShape];
        switch (module.Kind)
        {
            case ModuleKind.Linear or ModuleKind.Conv2d:
                if (module.WeightNorm)
                {
                    // torch.nn.utils.weight_norm removes weight and registers weight_g, weight_v after the bias.
                    AddBias(tensors, module, layer, Parameter);
                    int[] gShape = [module.OutFeatures, .. Enumerable.Repeat(1, weightShape.Length - 1)];
                    tensors.Add(Parameter("weight_g", layer.GammaOffset, gShape));
                    tensors.Add(Parameter("weight_v", layer.WeightOffset, weightShape));
                }
                else
                {
                    tensors.Add(Parameter("weight", layer.WeightOffset, weightShape));
                    AddBias(tensors, module, layer, Parameter);
                }

                break;
            case ModuleKind.BatchNorm1d or ModuleKind.BatchNorm2d:
                tensors.Add(Parameter("weight", layer.GammaOffset, module.NumFeatures));
                tensors.Add(Parameter("bias", layer.BetaOffset, module.NumFeatures));
                tensors.Add(Statistic("running_mean", StateSource.RunningMean, module.NumFeatures));
                tensors.Add(Statistic("running_var", StateSource.RunningVariance, module.NumFeatures));
                tensors.Add(new StateTensor(prefix + "num_batches_tracked", [], StateTensorKind.Buffer, "I64") { Source = StateSource.BatchNormBatches, Layer = layerIndex });
                break;
            case ModuleKind.LayerNorm:
                tensors.Add(Parameter("weight", layer.GammaOffset, [.. module.NormalizedShape]));
                tensors.Add(Parameter("bias", layer.BetaOffset, [.. module.NormalizedShape]));
                break;
            case ModuleKind.GroupNorm or ModuleKind.InstanceNorm2d:
                tensors.Add(Parameter("weight", layer.GammaOffset, module.NumFeatures));
                tensors.Add(Parameter("bias", layer.BetaOffset, module.NumFeatures));
                break;
            case ModuleKind.PReLU:
                tensors.Add(Parameter("weight", layer.SlopesOffset, module.NumFeatures));
                break;
        }
    }

    private static void AddBias(List<StateTensor> tensors, ModuleDescription module, Layer layer, Func<string, int, int[], StateTensor> parameter)
    {
        if (module.Bias)
        {
            tensors.Add(parameter("bias", layer.BiasOffset, [module.OutFeatures]));
        }
    }
}
