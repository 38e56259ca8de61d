using System.Globalization;

namespace NetGen.Spec;

/// <summary>
/// Invariant-culture number text for rule messages, layer descriptions and generated code, so none of them depends on
/// the machine's locale: floats as a person writes them, shortest round-trip digits with a lower-case exponent and no
/// padding ("0.05", "1e-5", not "1E-05").
/// </summary>
internal static class SpecText
{
    /// <summary>The float, e.g. "0.05" or "1e-8".</summary>
    public static string Format(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        if (e < 0)
        {
            return text;
        }

        int exponent = int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text.Substring(0, e) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A C# float literal, e.g. "1e-5f".</summary>
    public static string FloatLiteral(float value) => Format(value) + "f";

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static bool IsFinite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);
}
