namespace NetGen.Runtime;

/// <summary>Length checks shared by the optimizer kernels: every state span matches the parameters it belongs to.</summary>
internal static class OptimizerSpans
{
    public static void Require(int parameters, int length, string name)
    {
        if (length != parameters)
        {
            SpanErrors.NotOnePerParameter(name, length, parameters);
        }
    }
}
