using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Planning;

/// <summary>Resolves the optimizer and regularizers into an <see cref="OptimizerPlan"/>: decay kind and state buffers.</summary>
internal static class OptimizerPlanner
{
    public static OptimizerPlan Plan(OptimizerSpec o, EquatableArray<RegularizerSpec> regularizers)
    {
        float ValueOf(RegularizerKind kind) => regularizers.FirstOrDefault(r => r.Kind == kind)?.Value ?? 0f;
        bool decoupled = o.Kind == OptimizerKind.AdamW;
        return new OptimizerPlan(
            o.Kind,
            o.LearningRate,
            o.Momentum,
            o.Dampening,
            o.Nesterov,
            CoupledDecay: decoupled ? 0f : o.WeightDecay,
            DecoupledDecay: decoupled ? o.WeightDecay : 0f,
            o.Beta1,
            o.Beta2,
            o.Epsilon,
            o.AmsGrad,
            o.Alpha,
            o.Centered,
            o.LrDecay,
            o.InitialAccumulator,
            o.DecayWeightsOnly,
            ClipNorm: ValueOf(RegularizerKind.ClipGradNorm),
            ClipValue: ValueOf(RegularizerKind.ClipGradValue),
            L1: ValueOf(RegularizerKind.L1),
            StateBuffers: Named(o, StateBuffersOf(o).ToList()).ToEquatableArray());
    }

    /// <summary>
    /// Each buffer with torch.optim's name for it, from the order both engines keep (OptimizerDefaults.StateBuffers):
    /// the two lists must agree buffer for buffer, or planning fails (reported as an internal error, never emitted wrong).
    /// </summary>
    private static IEnumerable<StateBufferPlan> Named(OptimizerSpec o, List<StateBufferPlan> buffers)
    {
        (string Name, float Initial)[] names = OptimizerDefaults.StateBuffers(o);
        if (names.Length != buffers.Count || names.Where((n, i) => n.Initial != buffers[i].InitialValue).Any())
        {
            throw new System.InvalidOperationException(
                $"the optimizer's state buffers ({string.Join(", ", buffers.Select(b => b.Field))}) do not match OptimizerDefaults.StateBuffers ({string.Join(", ", names.Select(n => n.Name))})");
        }

        return buffers.Select((b, i) => b with { TorchName = names[i].Name });
    }

    private static IEnumerable<StateBufferPlan> StateBuffersOf(OptimizerSpec o)
    {
        switch (o.Kind)
        {
            case OptimizerKind.Sgd when o.Momentum != 0f:
                yield return new StateBufferPlan("_velocity", "SGD momentum buffer b", 0f);
                break;
            case OptimizerKind.AdaGrad:
                yield return new StateBufferPlan("_sumOfSquares", "AdaGrad accumulator S = Σ g²", o.InitialAccumulator);
                break;
            case OptimizerKind.RmsProp:
                yield return new StateBufferPlan("_squareAverage", "RMSProp average of g², v", 0f);
                if (o.Centered)
                {
                    yield return new StateBufferPlan("_gradientAverage", "RMSProp average of g, ḡ (centered)", 0f);
                }

                if (o.Momentum > 0f)
                {
                    yield return new StateBufferPlan("_momentumBuffer", "RMSProp momentum buffer b", 0f);
                }

                break;
            case OptimizerKind.Adam:
            case OptimizerKind.AdamW:
                yield return new StateBufferPlan("_firstMoment", "Adam first moment m", 0f);
                yield return new StateBufferPlan("_secondMoment", "Adam second moment v", 0f);
                if (o.AmsGrad)
                {
                    yield return new StateBufferPlan("_maxSecondMoment", "AMSGrad running maximum of v", 0f);
                }

                break;
        }
    }
}
