using System.Text;
using System.Text.Json;
using NetGen.Data.Preprocessing;

namespace NetGen;

/// <summary>
/// How a checkpoint holds fitted preprocessing (docs/checkpoints.md, section 7): metadata "netgen.preprocessing", a JSON
/// array with one object per step (kind, input_shape and the step's settings: scope, epsilon, total_variance), and the
/// step's tensors "preprocessing.&lt;i&gt;.&lt;name&gt;" (F32) after the network's. Reading checks every step, tensor, shape and
/// value and names the file and the tensor at fault.
/// </summary>
internal static class PreprocessingFormat
{
    public const string MetadataKey = "netgen.preprocessing";

    public const string Prefix = "preprocessing.";

    public static bool IsPreprocessing(string tensor) => tensor.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The steps' tensors, in order, under their checkpoint names.</summary>
    public static IReadOnlyList<(string Name, int[] Shape, float[] Values)> Tensors(Preprocessor preprocessing) =>
        [.. preprocessing.Steps.SelectMany((step, i) => step.Tensors.Select(t => ($"{Prefix}{i}.{t.Name}", t.Shape, t.Values)))];

    /// <summary>The "netgen.preprocessing" metadata value.</summary>
    public static string Metadata(Preprocessor preprocessing)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (Preprocessor step in preprocessing.Steps)
            {
                json.WriteStartObject();
                json.WriteString("kind", step.FormatKind);
                json.WriteStartArray("input_shape");
                foreach (int d in step.InputShape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                step.WriteSettings(json);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The file's preprocessing, or null when it has none (no metadata key and no "preprocessing." tensor). The stream
    /// is positioned anywhere; tensors are read from <paramref name="dataStart"/> + their offsets.
    /// </summary>
    public static PreprocessingPipeline? Read(Dictionary<string, SafeTensorEntry> entries, Dictionary<string, string> metadata, Stream stream, long dataStart, string path)
    {
        string? orphan = entries.Keys.FirstOrDefault(IsPreprocessing);
        if (!metadata.TryGetValue(MetadataKey, out string? text))
        {
            return orphan is null ? null : throw new CheckpointException(path, orphan, $"a preprocessing tensor, but the metadata has no {MetadataKey} describing the steps.");
        }

        JsonElement[] steps = Steps(text, path);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var fitted = new List<Preprocessor>();
        for (int i = 0; i < steps.Length; i++)
        {
            var reader = new StepReader(entries, stream, dataStart, path, i, steps[i], used);
            Preprocessor step = reader.Step();
            if (fitted.Count > 0 && fitted[^1].OutputSize != step.InputSize)
            {
                throw new CheckpointException(path, null, $"{MetadataKey} step {i} takes {step.InputSize} values per sample, but step {i - 1} gives {fitted[^1].OutputSize}.");
            }

            fitted.Add(step);
        }

        if (entries.Keys.FirstOrDefault(n => IsPreprocessing(n) && !used.Contains(n)) is { } extra)
        {
            throw new CheckpointException(path, extra, $"no step of {MetadataKey} has this tensor.");
        }

        return new PreprocessingPipeline(fitted);
    }

    private static JsonElement[] Steps(string text, string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                throw new CheckpointException(path, null, $"{MetadataKey} is a JSON {document.RootElement.ValueKind}, expected a non-empty array of steps.");
            }

            return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, null, $"{MetadataKey} is not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Reads and checks step <c>i</c>: its settings, then each tensor its kind has.</summary>
    private sealed class StepReader(Dictionary<string, SafeTensorEntry> entries, Stream stream, long dataStart, string path, int index, JsonElement step, HashSet<string> used)
    {
        private string Where => $"{MetadataKey} step {index}";

        public Preprocessor Step()
        {
            if (step.ValueKind != JsonValueKind.Object || !step.TryGetProperty("kind", out JsonElement kindElement) || kindElement.ValueKind != JsonValueKind.String)
            {
                throw Bad("is not an object with a \"kind\" string");
            }

            int[] shape = InputShape();
            int size = shape.Aggregate(1L, (p, d) => p * d) is long s and <= int.MaxValue ? (int)s : throw Bad($"has an input_shape of more than {int.MaxValue} values");
            string kind = kindElement.GetString()!;
            switch (kind)
            {
                case PreprocessingKinds.Standardization or PreprocessingKinds.MeanSubtraction:
                {
                    StatisticScope scope = PreprocessingKinds.Scope(step.TryGetProperty("scope", out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null)
                        ?? throw Bad("needs \"scope\": \"global\", \"per_feature\" or \"per_channel\"");
                    if (scope == StatisticScope.PerChannel && shape.Length != 3)
                    {
                        throw Bad($"is per channel, so its input_shape must be [C, H, W], not [{string.Join(", ", shape)}]");
                    }

                    int[] statistics = scope switch { StatisticScope.Global => [1], StatisticScope.PerFeature => shape, _ => [shape[0]] };
                    float[] mean = Tensor("mean", statistics);
                    return kind == PreprocessingKinds.MeanSubtraction
                        ? new MeanSubtraction(scope, shape, mean)
                        : new Standardization(scope, shape, mean, Tensor("std", statistics, positive: true));
                }

                case PreprocessingKinds.Pca:
                {
                    double total = Number("total_variance", v => v >= 0, "a finite number ≥ 0");
                    (float[] mean, float[] components, float[] variance) = Basis(size, "explained_variance");
                    return new Pca(shape, mean, components, variance, total);
                }

                case PreprocessingKinds.PcaWhitening or PreprocessingKinds.ZcaWhitening:
                {
                    float epsilon = (float)Number("epsilon", v => v > 0 && float.IsFinite((float)v), "a finite number > 0");
                    (float[] mean, float[] components, float[] eigenvalues) = Basis(size, "eigenvalues");
                    WhiteningKind whitening = kind == PreprocessingKinds.ZcaWhitening ? WhiteningKind.Zca : WhiteningKind.Pca;
                    return new Whitening(whitening, epsilon, shape, mean, components, eigenvalues);
                }

                default:
                    throw Bad($"has kind '{kind}'; the kinds are {PreprocessingKinds.Standardization}, {PreprocessingKinds.MeanSubtraction}, {PreprocessingKinds.Pca}, {PreprocessingKinds.PcaWhitening} and {PreprocessingKinds.ZcaWhitening}");
            }
        }

        /// <summary>mean [d], components [k, d] with 1 ≤ k ≤ d, and the k eigenvalues (≥ 0) under <paramref name="values"/>.</summary>
        private (float[], float[], float[]) Basis(int size, string values)
        {
            float[] mean = Tensor("mean", [size]);
            string name = Name("components");
            SafeTensorEntry entry = Entry("components");
            if (entry.Shape.Length != 2 || entry.Shape[1] != size || entry.Shape[0] < 1 || entry.Shape[0] > size)
            {
                throw new CheckpointException(path, name, $"shape [{string.Join(", ", entry.Shape)}] in the file; expected [k, {size}] with 1 ≤ k ≤ {size}.");
            }

            int k = (int)entry.Shape[0];
            float[] components = Tensor("components", [k, size]);
            return (mean, components, Tensor(values, [k], nonNegative: true));
        }

        private int[] InputShape()
        {
            if (!step.TryGetProperty("input_shape", out JsonElement shape) || shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() == 0
                || shape.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int v) || v < 1))
            {
                throw Bad("needs \"input_shape\", a non-empty array of integers ≥ 1");
            }

            return [.. shape.EnumerateArray().Select(d => d.GetInt32())];
        }

        private double Number(string key, Func<double, bool> valid, string expected)
        {
            if (!step.TryGetProperty(key, out JsonElement e) || e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double value) || !double.IsFinite(value) || !valid(value))
            {
                throw Bad($"needs \"{key}\", {expected}");
            }

            return value;
        }

        private string Name(string tensor) => $"{Prefix}{index}.{tensor}";

        private SafeTensorEntry Entry(string tensor)
        {
            string name = Name(tensor);
            if (!entries.TryGetValue(name, out SafeTensorEntry? entry))
            {
                throw new CheckpointException(path, name, $"{Where} ({step.GetProperty("kind").GetString()}) has this tensor and the file does not.");
            }

            if (entry.DType != "F32")
            {
                throw new CheckpointException(path, name, $"dtype {entry.DType} in the file, F32 expected.");
            }

            return entry;
        }

        /// <summary>The tensor's values after checking its dtype, shape and that every value is finite (and &gt; 0 or ≥ 0 where asked).</summary>
        private float[] Tensor(string tensor, int[] shape, bool positive = false, bool nonNegative = false)
        {
            string name = Name(tensor);
            SafeTensorEntry entry = Entry(tensor);
            if (!entry.Shape.SequenceEqual(shape.Select(d => (long)d)))
            {
                throw new CheckpointException(path, name, $"shape [{string.Join(", ", entry.Shape)}] in the file, [{string.Join(", ", shape)}] expected for {Where}.");
            }

            var values = new float[entry.Elements];
            stream.Position = dataStart + entry.Begin;
            SafeTensorsFile.ReadFloats(stream, values, path);
            int bad = Runtime.Finite.IndexOfNonFinite(values);
            if (bad >= 0)
            {
                throw new CheckpointException(path, name, $"element {bad} is {values[bad]}; preprocessing holds finite values only.");
            }

            int wrong = Array.FindIndex(values, v => (positive && !(v > 0)) || (nonNegative && v < 0));
            if (wrong >= 0)
            {
                throw new CheckpointException(path, name, $"element {wrong} is {values[wrong]}; {(positive ? "a standard deviation is > 0" : "an eigenvalue (a variance) is ≥ 0")}.");
            }

            used.Add(name);
            return values;
        }

        private CheckpointException Bad(string problem) => new(path, null, $"{Where} {problem}.");
    }
}
