using System.Globalization;

namespace NetGen.Generator.Common;

/// <summary>Invariant-culture number text, so generated code and messages never depend on the build machine's locale.</summary>
internal static class Literals
{
    /// <summary>Shortest round-trip text of a float, e.g. "0.05".</summary>
    public static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A C# float literal, e.g. "0.05f".</summary>
    public static string FloatLiteral(float value) => Float(value) + "f";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An int with thousands separators for comments, e.g. "235,146".</summary>
    public static string Grouped(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
