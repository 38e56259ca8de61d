using System.Collections.Generic;
using System.Linq;
using static NetGen.Spec.Rules;
using static NetGen.Spec.SpecText;

namespace NetGen.Spec;

/// <summary>The loss, the optimizer's settings and the class-level regularizers.</summary>
internal static partial class NetworkValidator
{
    /// <summary>A network has one loss and one optimizer: none is reported on the class, a second on the second one.</summary>
    private static void ExactlyOne(NetworkSpec spec, List<(string Kind, SpecLocation? Location)> declared, Rule missing, Rule multiple, List<SpecDiagnostic> diagnostics)
    {
        if (declared.Count == 0)
        {
            diagnostics.Add(SpecDiagnostic.Create(missing, spec.ClassLocation, spec.ClassName));
        }
        else if (declared.Count > 1)
        {
            diagnostics.Add(SpecDiagnostic.Create(multiple, declared[1].Location, spec.ClassName, string.Join(", ", declared.Select(d => d.Kind))));
        }
    }

    private static void ValidateLoss(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        ExactlyOne(spec, spec.Losses.Select(l => (l.Kind.ToString(), l.Location)).ToList(), MissingLoss, MultipleLosses, diagnostics);

        foreach (LossSpec loss in spec.Losses)
        {
            if (!IsFinite(loss.LabelSmoothing) || loss.LabelSmoothing < 0f || loss.LabelSmoothing >= 1f)
            {
                diagnostics.Add(SpecDiagnostic.Create(InvalidLabelSmoothing, loss.Location, Format(loss.LabelSmoothing)));
            }
        }
    }

    private static void ValidateOptimizer(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        ExactlyOne(spec, spec.Optimizers.Select(o => (o.Kind.ToString(), o.Location)).ToList(), MissingOptimizer, MultipleOptimizers, diagnostics);

        foreach (OptimizerSpec optimizer in spec.Optimizers)
        {
            ValidateHyperparameters(optimizer, diagnostics);
        }

        ValidateRegularizers(spec, diagnostics);
    }

    /// <summary>
    /// The ranges that keep the first steps finite, per optimizer: torch.optim's checks, a positive ε wherever a root of
    /// a zero average would otherwise be divided by (Adam's v, AdaGrad's Σg², RMSProp's v), RMSProp's α below 1 (at 1 the
    /// average never moves from 0), AdamW's γλ below 1 (θ *= 1 − γλ would flip every weight's sign), and the documented
    /// upper bounds of <see cref="SpecLimits"/> on rates and decays.
    /// </summary>
    private static void ValidateHyperparameters(OptimizerSpec o, List<SpecDiagnostic> diagnostics)
    {
        SpecLocation? at = o.Location;
        if (!IsFinite(o.LearningRate) || o.LearningRate <= 0f || o.LearningRate > SpecLimits.MaxRate)
        {
            diagnostics.Add(SpecDiagnostic.Create(InvalidLearningRate, at, Format(o.LearningRate)));
        }

        CheckRange(diagnostics, at, "WeightDecay", o.WeightDecay, SettingRange.Closed(0f, SpecLimits.MaxRate));
        switch (o.Kind)
        {
            case OptimizerKind.Sgd:
                CheckRange(diagnostics, at, "Momentum", o.Momentum, SettingRange.HalfOpen(0f, 1f));
                CheckRange(diagnostics, at, "Dampening", o.Dampening, SettingRange.Closed(0f, 1f));
                if (o.Nesterov && (o.Momentum <= 0f || o.Dampening != 0f))
                {
                    diagnostics.Add(SpecDiagnostic.Create(NesterovWithoutMomentum, at, Format(o.Momentum), Format(o.Dampening)));
                }

                break;
            case OptimizerKind.AdaGrad:
                CheckRange(diagnostics, at, "LrDecay", o.LrDecay, SettingRange.Closed(0f, SpecLimits.MaxRate));
                CheckRange(diagnostics, at, "InitialAccumulator", o.InitialAccumulator, SettingRange.Closed(0f, SpecLimits.MaxMagnitude));
                CheckRange(diagnostics, at, "Epsilon", o.Epsilon, SettingRange.Positive(1f));
                break;
            case OptimizerKind.RmsProp:
                CheckRange(diagnostics, at, "Alpha", o.Alpha, SettingRange.HalfOpen(0f, 1f));
                CheckRange(diagnostics, at, "Epsilon", o.Epsilon, SettingRange.Positive(1f));
                CheckRange(diagnostics, at, "Momentum", o.Momentum, SettingRange.HalfOpen(0f, 1f));
                break;
            default:
                CheckRange(diagnostics, at, "Beta1", o.Beta1, SettingRange.HalfOpen(0f, 1f));
                CheckRange(diagnostics, at, "Beta2", o.Beta2, SettingRange.HalfOpen(0f, 1f));
                CheckRange(diagnostics, at, "Epsilon", o.Epsilon, SettingRange.Positive(1f));
                if (o.Kind == OptimizerKind.AdamW && IsFinite(o.LearningRate * o.WeightDecay) && o.LearningRate * o.WeightDecay >= 1f)
                {
                    diagnostics.Add(SpecDiagnostic.Create(InvalidOptimizerSetting, at, "LearningRate × WeightDecay", Format(o.LearningRate * o.WeightDecay), "a product below 1 (AdamW scales θ by 1 − γλ each step)"));
                }

                break;
        }
    }

    private static void ValidateRegularizers(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        RegularizerSpec? norm = null, value = null;
        foreach (RegularizerSpec r in spec.Regularizers)
        {
            SettingRange range = r.Kind == RegularizerKind.L1 ? SettingRange.Closed(0f, SpecLimits.MaxRate) : SettingRange.Positive(float.MaxValue);
            if (!range.Contains(r.Value))
            {
                diagnostics.Add(SpecDiagnostic.Create(InvalidRegularizer, r.Location, r.Kind.ToString(), Format(r.Value), range.ToString()));
            }

            norm = r.Kind == RegularizerKind.ClipGradNorm ? r : norm;
            value = r.Kind == RegularizerKind.ClipGradValue ? r : value;
        }

        if (norm is not null && value is not null)
        {
            diagnostics.Add(SpecDiagnostic.Create(ConflictingClipping, value.Location, spec.ClassName));
        }
    }

    private static void CheckRange(List<SpecDiagnostic> diagnostics, SpecLocation? location, string name, float value, SettingRange range)
    {
        if (!range.Contains(value))
        {
            diagnostics.Add(SpecDiagnostic.Create(InvalidOptimizerSetting, location, name, Format(value), range.ToString()));
        }
    }
}
