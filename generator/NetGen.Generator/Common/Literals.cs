using System.Globalization;

namespace NetGen.Generator.Common;

/// <summary>Invariant-culture integer text for generated code and comments (floats: <see cref="SpecText"/>).</summary>
internal static class Literals
{
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An int with thousands separators for comments, e.g. "235,146".</summary>
    public static string Grouped(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
