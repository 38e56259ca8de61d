using System.Globalization;

namespace NetGen.Spec;

/// <summary>Invariant-culture number text for rule messages, so a message never depends on the machine's locale.</summary>
internal static class SpecText
{
    /// <summary>Shortest round-trip text of a float, e.g. "0.05".</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static bool IsFinite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);
}
