using System.Collections.Generic;
using static NetGen.Spec.Rules;
using static NetGen.Spec.SpecText;

namespace NetGen.Spec;

/// <summary>The C# declaration's rules: partial, nested, generic, the class's kind, constructors and base, and the input.</summary>
internal static partial class NetworkValidator
{
    private static void ValidateClass(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        if (!spec.IsPartial)
        {
            diagnostics.Add(SpecDiagnostic.Create(ClassNotPartial, spec.ClassLocation, spec.ClassName));
        }

        if (spec.IsNested)
        {
            diagnostics.Add(SpecDiagnostic.Create(NestedClass, spec.ClassLocation, spec.ClassName));
        }

        if (spec.IsGeneric)
        {
            diagnostics.Add(SpecDiagnostic.Create(GenericClass, spec.ClassLocation, spec.ClassName));
        }

        if (spec.Shape is { } shape)
        {
            ValidateClassShape(spec, shape, diagnostics);
        }

        if (spec.BatchSize < 1)
        {
            diagnostics.Add(SpecDiagnostic.Create(NonPositiveSize, spec.NetworkLocation, "BatchSize", Format(spec.BatchSize)));
        }

        if (!spec.HasInput)
        {
            diagnostics.Add(SpecDiagnostic.Create(MissingInput, spec.ClassLocation, spec.ClassName));
            return;
        }

        if (spec.InputShape.IsEmpty)
        {
            diagnostics.Add(SpecDiagnostic.Create(NonPositiveSize, spec.InputLocation, "The input's dimension count", "0"));
        }

        for (int i = 0; i < spec.InputShape.Count; i++)
        {
            if (spec.InputShape[i] < 1)
            {
                diagnostics.Add(SpecDiagnostic.Create(NonPositiveSize, spec.InputLocation, $"Input dimension {i}", Format(spec.InputShape[i])));
            }
        }
    }

    private static void ValidateClassShape(NetworkSpec spec, ClassShape shape, List<SpecDiagnostic> diagnostics)
    {
        if (shape.IsRecord || shape.IsStatic)
        {
            diagnostics.Add(SpecDiagnostic.Create(UnsupportedClassKind, spec.ClassLocation, spec.ClassName, shape.IsRecord ? "a record (its synthesized equality, copy and ToString would treat training state as a value)" : "a static class (a network is an instance)"));
        }

        if (shape.HasPrimaryConstructor && !shape.IsRecord)
        {
            diagnostics.Add(SpecDiagnostic.Create(PrimaryConstructor, spec.ClassLocation, spec.ClassName));
        }

        if (shape.BaseIsNetwork)
        {
            diagnostics.Add(SpecDiagnostic.Create(DerivesFromNetwork, spec.ClassLocation, spec.ClassName, shape.BaseClass));
        }
        else if (!shape.BaseConstructible)
        {
            diagnostics.Add(SpecDiagnostic.Create(BaseNotConstructible, spec.ClassLocation, spec.ClassName, shape.BaseClass));
        }
    }
}
