using System.Text.RegularExpressions;

namespace NetGen.Generator.Tests.Properties;

/// <summary>
/// One adversarial edit of a valid network's source: a number in an attribute replaced by an extreme (zero, negative,
/// int.MaxValue, 2^30, NaN, ∞, huge, subnormal), two ops of a layer swapped, a class attribute dropped or doubled, or a
/// layer renamed to another's name up to case. The result may be valid or not; it must never crash the generator, and
/// if the generator accepts it, it must compile and train.
/// </summary>
internal static partial class Mutation
{
    private static readonly string[] Extremes =
        ["0", "-1", "1", "2147483647", "-2147483648", "65536", "1 << 30", "float.NaN", "float.PositiveInfinity", "float.NegativeInfinity", "1e30f", "-1e-30f", "1e-45f", "0.999999f", "1f", "-0f"];

    public static string Apply(Choices c, string source) => c.Next(5) switch
    {
        0 => ReplaceNumber(c, source),
        1 => SwapOps(c, source),
        2 => DropClassAttribute(c, source),
        3 => DoubleClassAttribute(c, source),
        _ => RenameLayer(c, source),
    };

    private static string ReplaceNumber(Choices c, string source)
    {
        MatchCollection numbers = Number().Matches(source);
        if (numbers.Count == 0)
        {
            return source;
        }

        Match target = numbers[c.Next(numbers.Count)];
        return source[..target.Index] + Extremes[c.Next(Extremes.Length)] + source[(target.Index + target.Length)..];
    }

    private static string SwapOps(Choices c, string source)
    {
        MatchCollection lists = LayerAttributes().Matches(source);
        Match list = lists[c.Next(lists.Count)];
        string[] ops = SplitOps(list.Groups[1].Value);
        if (ops.Length < 2)
        {
            return source;
        }

        int i = c.Next(ops.Length), j = c.Next(ops.Length);
        (ops[i], ops[j]) = (ops[j], ops[i]);
        return source[..list.Groups[1].Index] + string.Join(", ", ops) + source[(list.Groups[1].Index + list.Groups[1].Length)..];
    }

    private static string DropClassAttribute(Choices c, string source)
    {
        string[] lines = source.Split('\n');
        // [Network] stays: without it the class is no spec of ours, and its partial layers are the user's C# error.
        int[] attributes = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith('[') && !lines[i].StartsWith("[Network", StringComparison.Ordinal)).ToArray();
        int drop = attributes[c.Next(attributes.Length)];
        return string.Join('\n', lines.Where((_, i) => i != drop));
    }

    private static string DoubleClassAttribute(Choices c, string source)
    {
        string[] lines = source.Split('\n');
        int[] attributes = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith('[') && !lines[i].StartsWith("[Network", StringComparison.Ordinal)).ToArray();
        int twice = attributes[c.Next(attributes.Length)];
        // A second attribute of another kind where C# allows it: a second loss or optimizer, or clipping both ways.
        string extra = c.Pick("[MeanSquaredError]", "[Adam]", "[ClipGradNorm(1f)]", "[ClipGradValue(1f)]", "[BinaryCrossEntropy]", "[Sgd(0.1f)]");
        return string.Join('\n', lines.Take(twice + 1).Append(extra).Concat(lines.Skip(twice + 1)));
    }

    private static string RenameLayer(Choices c, string source)
    {
        MatchCollection names = LayerName().Matches(source);
        if (names.Count < 2)
        {
            return source;
        }

        Match renamed = names[c.Next(names.Count)];
        string other = names[c.Next(names.Count)].Groups[1].Value;
        string collision = char.IsUpper(other[0]) ? char.ToLowerInvariant(other[0]) + other[1..] : char.ToUpperInvariant(other[0]) + other[1..];
        return source[..renamed.Groups[1].Index] + collision + source[(renamed.Groups[1].Index + renamed.Groups[1].Length)..];
    }

    /// <summary>Splits "Dense(3, Init = Init.X), ReLU" at the commas between ops, not inside parentheses.</summary>
    private static string[] SplitOps(string list)
    {
        var ops = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < list.Length; i++)
        {
            depth += list[i] == '(' ? 1 : list[i] == ')' ? -1 : 0;
            if (list[i] == ',' && depth == 0)
            {
                ops.Add(list[start..i].Trim());
                start = i + 1;
            }
        }

        ops.Add(list[start..].Trim());
        return ops.ToArray();
    }

    [GeneratedRegex(@"(?<![\w.])\d+(\.\d+)?(e-?\d+)?f?(?![\w.])")]
    private static partial Regex Number();

    [GeneratedRegex(@"^    \[(.*)\]$", RegexOptions.Multiline)]
    private static partial Regex LayerAttributes();

    [GeneratedRegex(@"public partial Layer (\w+) \{")]
    private static partial Regex LayerName();
}
