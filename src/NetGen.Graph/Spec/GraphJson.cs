using System.Text.Json;
using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>
/// Reads a network description from JSON: the spec language as data. Names are case-insensitive; settings left out
/// take the attributes' defaults; an unknown name, a setting that does not apply, or a value of the wrong type is a
/// <see cref="GraphSpecException"/> naming where it is (and the file, when loaded from one).
/// <code>
/// {
///   "input": [1, 28, 28], "batchSize": 64,
///   "layers": [
///     { "name": "Conv1", "ops": [ { "op": "Conv2D", "filters": 16, "kernel": 3, "padding": 1 }, { "op": "BatchNorm" }, { "op": "ReLU" } ] },
///     { "name": "Pool1", "ops": [ { "op": "MaxPool", "size": 2 } ] },
///     { "name": "Output", "ops": [ { "op": "Dense", "units": 10 } ] }
///   ],
///   "loss": { "kind": "SoftmaxCrossEntropy", "labelSmoothing": 0.1 },
///   "optimizer": { "kind": "Sgd", "learningRate": 0.05, "momentum": 0.9 },
///   "regularization": { "clipGradNorm": 1.0 }
/// }
/// </code>
/// </summary>
public static class GraphJson
{
    /// <summary>The settings each op takes, beyond "op".</summary>
    private static readonly Dictionary<OpKind, string[]> Settings = new()
    {
        [OpKind.Dense] = ["units", "init", "useBias", "bias"],
        [OpKind.Conv2D] = ["filters", "kernel", "stride", "padding", "init", "useBias", "bias"],
        [OpKind.MaxPool] = ["size", "stride", "padding", "ceilMode"],
        [OpKind.AvgPool] = ["size", "stride", "padding", "ceilMode", "countIncludePad"],
        [OpKind.BatchNorm] = ["momentum", "epsilon"],
        [OpKind.LayerNorm] = ["epsilon"],
        [OpKind.GroupNorm] = ["groups", "epsilon"],
        [OpKind.InstanceNorm] = ["epsilon"],
        [OpKind.LeakyReLU] = ["slope"],
        [OpKind.ELU] = ["alpha"],
        [OpKind.Maxout] = ["pieces"],
        [OpKind.Dropout] = ["p"],
        [OpKind.MaxNorm] = ["maxNorm"],
        [OpKind.GaussianNoise] = ["std"],
        [OpKind.ActivityL1] = ["lambda"],
    };

    /// <summary>Reads the description in the file at <paramref name="path"/>.</summary>
    public static GraphDescription Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GraphSpecException($"cannot read the network description {path}: {e.Message}", e);
        }

        try
        {
            return Parse(text);
        }
        catch (GraphSpecException e)
        {
            throw new GraphSpecException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads a description from JSON text.</summary>
    public static GraphDescription Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return ReadNetwork(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new GraphSpecException($"the network description is not valid JSON: {e.Message}", e);
        }
    }

    private static GraphDescription ReadNetwork(JsonElement root)
    {
        var o = new Reader(root, "the network", ["name", "input", "batchSize", "layers", "loss", "optimizer", "regularization"]);
        int[] input = Array(o.Required("input", "[features] or [channels, height, width]"), "input").Select((d, i) => Int(d, $"input[{i}]")).ToArray();
        var layers = new List<LayerSpec>();
        int index = 0;
        foreach (JsonElement layer in Array(o.Required("layers", "an array of layers"), "layers"))
        {
            layers.Add(ReadLayer(layer, $"layers[{index++}]"));
        }

        var loss = new Reader(o.Required("loss", "an object with a kind"), "loss", ["kind", "labelSmoothing"]);
        IEnumerable<RegularizerSpec> regularizers = o.Optional("regularization") is { } r ? ReadRegularizers(r) : [];
        return new GraphDescription(NetworkSpec.Described(
            o.Optional("name") is null ? "network" : o.String("name"),
            input,
            o.Int("batchSize", 128),
            layers,
            [new LossSpec(loss.Enum<LossKind>("kind"), null, loss.Float("labelSmoothing", 0f))],
            [ReadOptimizer(o.Required("optimizer", "an object with a kind"))],
            regularizers));
    }

    private static LayerSpec ReadLayer(JsonElement element, string where)
    {
        var layer = new Reader(element, where, ["name", "ops"]);
        string name = layer.String("name");
        var ops = new List<OpSpec>();
        int index = 0;
        foreach (JsonElement op in Array(layer.Required("ops", "an array of ops"), $"{where}.ops"))
        {
            ops.Add(ReadOp(op, $"{where} ('{name}').ops[{index++}]"));
        }

        return LayerSpec.Described(name, ops);
    }

    private static OpSpec ReadOp(JsonElement element, string where)
    {
        OpKind kind = new Reader(element, where, null).Enum<OpKind>("op");
        var op = new Reader(element, $"{where} ({kind})", ["op", .. Settings.GetValueOrDefault(kind, [])]);
        var defaults = new OpSpec(kind, null);
        if (kind is OpKind.MaxPool or OpKind.AvgPool)
        {
            return OpSpec.Pooling(kind, null, op.Int("size", 0), op.Int("stride", 0), op.Int("padding", 0), op.Bool("ceilMode", false), op.Bool("countIncludePad", true));
        }

        return defaults with
        {
            Units = op.Int(kind == OpKind.Conv2D ? "filters" : "units", 0),
            Kernel = op.Int("kernel", 0),
            Stride = op.Int("stride", defaults.Stride),
            Padding = op.Int("padding", 0),
            Init = op.Optional("init") is null ? InitKind.Auto : (InitKind)op.Enum<Init>("init"),
            UseBias = op.Bool("useBias", true),
            HasConstantBias = op.Optional("bias") is not null,
            Bias = op.Float("bias", 0f),
            Momentum = op.Float("momentum", defaults.Momentum),
            Epsilon = op.Float("epsilon", defaults.Epsilon),
            Slope = op.Float("slope", defaults.Slope),
            Alpha = op.Float("alpha", defaults.Alpha),
            Pieces = op.Int(kind == OpKind.GroupNorm ? "groups" : "pieces", 0),
            Probability = op.Float("p", kind == OpKind.Dropout ? float.NaN : 0f),
            Value = kind switch
            {
                OpKind.MaxNorm => op.Float("maxNorm", float.NaN),
                OpKind.GaussianNoise => op.Float("std", float.NaN),
                OpKind.ActivityL1 => op.Float("lambda", float.NaN),
                _ => 0f,
            },
        };
    }

    /// <summary>An optimizer over its kind's defaults; a setting the kind does not take (beta1 on SGD) is refused.</summary>
    private static OptimizerSpec ReadOptimizer(JsonElement element)
    {
        OptimizerKind kind = new Reader(element, "optimizer", null).Enum<OptimizerKind>("kind");
        var o = new Reader(element, $"optimizer ({kind})", ["kind", "learningRate", .. OptimizerDefaults.SettingsOf(kind)]);
        if (kind == OptimizerKind.Sgd && o.Optional("learningRate") is null)
        {
            throw new GraphSpecException("optimizer has no 'learningRate'; SGD has no default learning rate.");
        }

        OptimizerSpec d = OptimizerDefaults.For(kind, null);
        return d with
        {
            LearningRate = o.Float("learningRate", d.LearningRate),
            Momentum = o.Float("momentum", d.Momentum),
            Dampening = o.Float("dampening", d.Dampening),
            Nesterov = o.Bool("nesterov", d.Nesterov),
            WeightDecay = o.Float("weightDecay", d.WeightDecay),
            Beta1 = o.Float("beta1", d.Beta1),
            Beta2 = o.Float("beta2", d.Beta2),
            Epsilon = o.Float("epsilon", d.Epsilon),
            AmsGrad = o.Bool("amsGrad", d.AmsGrad),
            Alpha = o.Float("alpha", d.Alpha),
            Centered = o.Bool("centered", d.Centered),
            LrDecay = o.Float("lrDecay", d.LrDecay),
            InitialAccumulator = o.Float("initialAccumulator", d.InitialAccumulator),
            DecayWeightsOnly = o.Bool("decayWeightsOnly", d.DecayWeightsOnly),
        };
    }

    /// <summary>Each regularizer named in the object, with its value (clipGradNorm, clipGradValue, l1).</summary>
    private static IEnumerable<RegularizerSpec> ReadRegularizers(JsonElement element)
    {
        var r = new Reader(element, "regularization", ["clipGradNorm", "clipGradValue", "l1"]);
        (string Name, RegularizerKind Kind)[] kinds = [("clipGradNorm", RegularizerKind.ClipGradNorm), ("clipGradValue", RegularizerKind.ClipGradValue), ("l1", RegularizerKind.L1)];
        return kinds.Where(k => r.Optional(k.Name) is not null).Select(k => new RegularizerSpec(k.Kind, r.Float(k.Name, 0f), null)).ToArray();
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new GraphSpecException($"{where} is {element.ValueKind}, expected an array.");

    private static int Int(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value) ? value : throw new GraphSpecException($"{where} is {element}, expected an integer.");

    /// <summary>One JSON object's named values, found case-insensitively; names outside <c>allowed</c> are refused.</summary>
    private readonly struct Reader
    {
        private readonly JsonElement _element;
        private readonly string _where;

        public Reader(JsonElement element, string where, string[]? allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new GraphSpecException($"{where} is {element.ValueKind}, expected an object.");
            }

            (_element, _where) = (element, where);
            if (allowed is null)
            {
                return;
            }

            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!allowed.Any(a => string.Equals(a, property.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new GraphSpecException($"{where} has '{property.Name}', which does not apply; it takes {string.Join(", ", allowed.Select(a => $"'{a}'"))}.");
                }
            }
        }

        public JsonElement? Optional(string name)
        {
            foreach (JsonProperty property in _element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value;
                }
            }

            return null;
        }

        public JsonElement Required(string name, string expected) =>
            Optional(name) ?? throw new GraphSpecException($"{_where} has no '{name}'; expected {expected}.");

        public int Int(string name, int fallback) => Optional(name) is { } v ? GraphJson.Int(v, $"{_where}.{name}") : fallback;

        public float Float(string name, float fallback) => Optional(name) is not { } v
            ? fallback
            : v.ValueKind == JsonValueKind.Number && v.TryGetSingle(out float value) ? value : throw new GraphSpecException($"{_where}.{name} is {v}, expected a number.");

        public bool Bool(string name, bool fallback) => Optional(name) is not { } v
            ? fallback
            : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new GraphSpecException($"{_where}.{name} is {v}, expected true or false.");

        public string String(string name)
        {
            JsonElement v = Required(name, "a string");
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new GraphSpecException($"{_where}.{name} is {v}, expected a string.");
        }

        public T Enum<T>(string name)
            where T : struct, System.Enum
        {
            string text = String(name);
            return System.Enum.TryParse(text, ignoreCase: true, out T value) && System.Enum.IsDefined(value) && !char.IsDigit(text[0])
                ? value
                : throw new GraphSpecException($"{_where}.{name} is '{text}', expected one of {string.Join(", ", System.Enum.GetNames<T>())}.");
        }
    }
}
