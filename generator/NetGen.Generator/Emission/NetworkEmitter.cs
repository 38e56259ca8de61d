using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>Stage 4: the whole generated file for one network, assembled from the per-concern emitters.</summary>
internal static class NetworkEmitter
{
    public static string Emit(NetworkPlan plan)
    {
        var writer = new SourceWriter();
        SummaryEmitter.Emit(writer, plan);
        writer.Line();
        writer.Line("#nullable enable");
        writer.Line();
        writer.Line("using System; // MemoryExtensions.AsSpan on arrays; every type below is written with global::");
        writer.Line();
        if (plan.Namespace.Length > 0)
        {
            writer.Line($"namespace {Identifiers.EscapeNamespace(plan.Namespace)};");
            writer.Line();
        }

        using (writer.Block($"partial class {Identifiers.Escape(plan.ClassName)} : global::NetGen.INetwork"))
        {
            FieldsEmitter.Emit(writer, plan);
            writer.Line();
            ConstructorEmitter.Emit(writer, plan);
            writer.Line();
            SurfaceEmitter.Emit(writer, plan);
            if (LsuvEmitter.Applies(plan))
            {
                LsuvEmitter.Emit(writer, plan);
            }

            if (FeatureMajorRule.Applies(plan))
            {
                FeatureMajorEmitter.EmitMethod(writer, plan);
            }

            if (FeatureMajorRule.TrainApplies(plan))
            {
                FeatureMajorTrainEmitter.EmitMethods(writer, plan);
            }

            ForwardEmitter.Emit(writer, plan);
            writer.Line();
            BackwardEmitter.Emit(writer, plan);
            writer.Line();
            OptimizerEmitter.EmitMethods(writer, plan);
        }

        return writer.ToString();
    }
}
