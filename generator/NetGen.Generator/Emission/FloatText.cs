using System.Globalization;

namespace NetGen.Generator.Emission;

/// <summary>Floats as a person writes them in code and comments: shortest round-trip digits, a lower-case exponent
/// without padding (<c>1e-5f</c>, not <c>1E-05f</c>), invariant culture.</summary>
internal static class FloatText
{
    /// <summary>The number, e.g. "0.05" or "1e-8".</summary>
    public static string Of(float value)
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
    public static string Literal(float value) => Of(value) + "f";
}
