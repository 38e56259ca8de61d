using Onnx;
using static NetGen.OnnxGraphBuilder;

namespace NetGen;

/// <summary>
/// Each torch.nn module of the architecture as ONNX nodes (docs/onnx.md has the table), following the value through
/// the graph with its sample shape ([features] or [C, H, W]; the batch dimension N comes first in the graph).
/// </summary>
internal sealed class ModuleExport
{
    private readonly OnnxGraphBuilder _graph;
    private readonly IReadOnlyDictionary<string, float[]> _tensors;
    private readonly int _opset;

    public ModuleExport(OnnxGraphBuilder graph, IReadOnlyDictionary<string, float[]> tensors, int opset, string input, IReadOnlyList<int> inputShape)
    {
        (_graph, _tensors, _opset) = (graph, tensors, opset);
        Current = input;
        Shape = [.. inputShape];
    }

    /// <summary>The value the next module reads.</summary>
    public string Current { get; private set; }

    /// <summary>That value's sample shape.</summary>
    public int[] Shape { get; private set; }

    private bool Spatial => Shape.Length == 3;

    private int Features => Shape[0];

    /// <summary>Adds the nodes of module <paramref name="prefix"/> ("Layer.index").</summary>
    public void Add(string prefix, ModuleDescription module)
    {
        switch (module.Kind)
        {
            case ModuleKind.Flatten:
                Flatten(prefix);
                break;
            case ModuleKind.Linear:
                Linear(prefix, module);
                break;
            case ModuleKind.Conv2d:
                Conv(prefix, module);
                break;
            case ModuleKind.MaxPool2d or ModuleKind.AvgPool2d:
                Pool(prefix, module);
                break;
            case ModuleKind.BatchNorm1d or ModuleKind.BatchNorm2d:
                Expect(prefix, module, Features == module.NumFeatures, $"{module.NumFeatures} features");
                Current = _graph.Node("BatchNormalization", prefix, [Current, Tensor(prefix, "weight"), Tensor(prefix, "bias"), Tensor(prefix, "running_mean"), Tensor(prefix, "running_var")], Float("epsilon", module.Epsilon));
                break;
            case ModuleKind.LayerNorm:
                LayerNorm(prefix, module);
                break;
            case ModuleKind.GroupNorm:
                GroupNorm(prefix, module);
                break;
            case ModuleKind.InstanceNorm2d:
                Expect(prefix, module, Spatial && Features == module.NumFeatures, $"a [{module.NumFeatures}, H, W] input");
                Current = _graph.Node("InstanceNormalization", prefix, [Current, Tensor(prefix, "weight"), Tensor(prefix, "bias")], Float("epsilon", module.Epsilon));
                break;
            case ModuleKind.ReLU:
                Current = _graph.Node("Relu", prefix, [Current]);
                break;
            case ModuleKind.LeakyReLU:
                Current = _graph.Node("LeakyRelu", prefix, [Current], Float("alpha", module.NegativeSlope));
                break;
            case ModuleKind.Tanh:
                Current = _graph.Node("Tanh", prefix, [Current]);
                break;
            case ModuleKind.Sigmoid:
                Current = _graph.Node("Sigmoid", prefix, [Current]);
                break;
            case ModuleKind.ELU:
                Current = _graph.Node("Elu", prefix, [Current], Float("alpha", module.Alpha));
                break;
            case ModuleKind.GELU:
                Gelu(prefix);
                break;
            case ModuleKind.SiLU:
                string sigmoid = _graph.Node("Sigmoid", prefix + ".sigmoid", [Current]);
                Current = _graph.Node("Mul", prefix, [Current, sigmoid]);
                break;
            case ModuleKind.PReLU:
                Expect(prefix, module, Features == module.NumFeatures, $"{module.NumFeatures} features");
                // One slope per unit, or per channel broadcast over [C, 1, 1].
                long[] slopeShape = Spatial ? [module.NumFeatures, 1, 1] : [module.NumFeatures];
                Current = _graph.Node("PRelu", prefix, [Current, Tensor(prefix, "weight", slopeShape)]);
                break;
            case ModuleKind.Maxout:
                Maxout(prefix, module);
                break;
            case ModuleKind.Dropout or ModuleKind.GaussianNoise or ModuleKind.ActivityL1:
                break; // the identity in inference
            default:
                throw new InvalidOperationException($"Module {prefix} is a {module.Kind}, which the ONNX export does not know.");
        }
    }

    /// <summary>The flat [N, features] view of the current value: a Flatten(axis = 1) node when it is spatial.</summary>
    public void Flatten(string name)
    {
        if (Spatial)
        {
            Current = _graph.Node("Flatten", name, [Current], Int("axis", 1));
            Shape = [Shape[0] * Shape[1] * Shape[2]];
        }
    }

    private void Linear(string prefix, ModuleDescription module)
    {
        Flatten(prefix + ".flatten");
        Expect(prefix, module, Features == module.InFeatures, $"{module.InFeatures} features");
        string weight = Weight(prefix, module, [module.OutFeatures, module.InFeatures]);
        List<string> inputs = [Current, weight];
        if (module.Bias)
        {
            inputs.Add(Tensor(prefix, "bias"));
        }

        Current = _graph.Node("Gemm", prefix, inputs, Int("transB", 1));
        Shape = [module.OutFeatures];
    }

    private void Conv(string prefix, ModuleDescription module)
    {
        Expect(prefix, module, Spatial && Features == module.InFeatures, $"a [{module.InFeatures}, H, W] input");
        int k = module.KernelSize, s = Stride(module), p = module.Padding;
        string weight = Weight(prefix, module, [module.OutFeatures, module.InFeatures, k, k]);
        List<string> inputs = [Current, weight];
        if (module.Bias)
        {
            inputs.Add(Tensor(prefix, "bias"));
        }

        Current = _graph.Node("Conv", prefix, inputs, Ints("kernel_shape", k, k), Ints("strides", s, s), Ints("pads", p, p, p, p), Ints("dilations", 1, 1), Int("group", 1));
        Shape = [module.OutFeatures, (Shape[1] + 2 * p - k) / s + 1, (Shape[2] + 2 * p - k) / s + 1];
    }

    private void Pool(string prefix, ModuleDescription module)
    {
        Expect(prefix, module, Spatial, "a [C, H, W] input");
        int k = module.KernelSize, s = Stride(module), p = module.Padding;
        int height = PooledSize(Shape[1], k, s, p, module.CeilMode), width = PooledSize(Shape[2], k, s, p, module.CeilMode);
        bool max = module.Kind == ModuleKind.MaxPool2d;
        string input = Current;
        int begin = p;
        // PyTorch's ceil mode drops a window that would start in the right padding, ONNX's (opset ≤ 18) does not. So the
        // export always pools in floor mode, with extra end padding where ceil mode adds a window: a partial window then
        // covers the same inputs. MaxPool and AveragePool(count_include_pad = 0) ignore padding, so extra end padding
        // changes nothing else. PyTorch's count_include_pad divides by the window clipped to the padded input, so that
        // form pads with zeros first (a Pad node) and averages over what the window covers of the padded input.
        if (!max && module.CountIncludePad && p > 0)
        {
            input = _graph.Node("Pad", prefix + ".pad", [input, _graph.Int64s(prefix + ".pads", 0, 0, p, p, 0, 0, p, p)], Attribute("mode", "constant"));
            begin = 0;
        }

        // The end padding that makes floor mode give PyTorch's size: the last window ends at (size − 1)·s + k.
        int inH = Shape[1] + 2 * (p - begin), inW = Shape[2] + 2 * (p - begin);
        long endH = Math.Max(begin, (height - 1) * s + k - inH - begin), endW = Math.Max(begin, (width - 1) * s + k - inW - begin);
        List<AttributeProto> attributes = [Ints("kernel_shape", k, k), Ints("strides", s, s), Ints("pads", begin, begin, endH, endW), Int("ceil_mode", 0)];
        if (!max)
        {
            attributes.Add(Int("count_include_pad", 0)); // PyTorch's included padding is the Pad node's
        }

        Current = _graph.Node(max ? "MaxPool" : "AveragePool", prefix, [input], [.. attributes]);
        Shape = [Shape[0], height, width];
    }

    /// <summary>PyTorch's pooling_output_shape: a ceil-mode window must start inside the input or its left padding.</summary>
    private static int PooledSize(int size, int k, int s, int p, bool ceil)
    {
        int span = size + 2 * p - k;
        int output = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (output - 1) * s >= size + p)
        {
            output--;
        }

        return output;
    }

    private void LayerNorm(string prefix, ModuleDescription module)
    {
        long[] normalized = [.. module.NormalizedShape.Select(d => (long)d)];
        Expect(prefix, module, normalized.SequenceEqual(Shape.Select(d => (long)d)), $"a [{string.Join(", ", normalized)}] input");
        string gamma = Tensor(prefix, "weight", normalized), beta = Tensor(prefix, "bias", normalized);
        if (_opset >= 17)
        {
            // axis = 1: over every dimension after the batch, the module's normalized_shape.
            Current = _graph.Node("LayerNormalization", prefix, [Current, gamma, beta], Int("axis", 1), Float("epsilon", module.Epsilon));
            return;
        }

        // Before opset 17: (x − mean) / √(var + ε) · γ + β with the biased variance over the non-batch axes.
        long[] axes = [.. Enumerable.Range(1, Shape.Length).Select(a => (long)a)];
        string mean = _graph.Node("ReduceMean", prefix + ".mean", [Current], Ints("axes", axes), Int("keepdims", 1));
        string centred = _graph.Node("Sub", prefix + ".centre", [Current, mean]);
        string squared = _graph.Node("Mul", prefix + ".square", [centred, centred]);
        string variance = _graph.Node("ReduceMean", prefix + ".variance", [squared], Ints("axes", axes), Int("keepdims", 1));
        string shifted = _graph.Node("Add", prefix + ".epsilon", [variance, _graph.Scalar(prefix + ".eps", module.Epsilon)]);
        string deviation = _graph.Node("Sqrt", prefix + ".sqrt", [shifted]);
        string normalizedValue = _graph.Node("Div", prefix + ".normalize", [centred, deviation]);
        string scaled = _graph.Node("Mul", prefix + ".scale", [normalizedValue, gamma]);
        Current = _graph.Node("Add", prefix, [scaled, beta]);
    }

    private void GroupNorm(string prefix, ModuleDescription module)
    {
        Expect(prefix, module, Features == module.NumFeatures && module.NumGroups >= 1 && module.NumFeatures % module.NumGroups == 0, $"{module.NumFeatures} features in {module.NumGroups} groups");
        // InstanceNormalization over [N, G, C/G·H·W] normalizes each group of consecutive channels; γ and β stay per
        // channel, applied after the shape is restored.
        int groups = module.NumGroups;
        string grouped = _graph.Node("Reshape", prefix + ".group", [Current, _graph.Int64s(prefix + ".group_shape", 0, groups, -1)]);
        string ones = _graph.Initializer(prefix + ".group_scale", Enumerable.Repeat(1f, groups).ToArray(), groups);
        string zeros = _graph.Initializer(prefix + ".group_bias", new float[groups], groups);
        string normalized = _graph.Node("InstanceNormalization", prefix + ".normalize", [grouped, ones, zeros], Float("epsilon", module.Epsilon));
        string restored = _graph.Node("Reshape", prefix + ".ungroup", [normalized, _graph.Int64s(prefix + ".shape", [0, .. Shape.Select(d => (long)d)])]);
        long[] affine = Spatial ? [module.NumFeatures, 1, 1] : [module.NumFeatures];
        string scaled = _graph.Node("Mul", prefix + ".scale", [restored, Tensor(prefix, "weight", affine)]);
        Current = _graph.Node("Add", prefix, [scaled, Tensor(prefix, "bias", affine)]);
    }

    private void Gelu(string prefix)
    {
        // Opset 20 brings Gelu; before it, the exact erf form 0.5·x·(1 + erf(x/√2)).
        string scaled = _graph.Node("Div", prefix + ".div", [Current, _graph.Scalar(prefix + ".sqrt2", MathF.Sqrt(2f))]);
        string erf = _graph.Node("Erf", prefix + ".erf", [scaled]);
        string shifted = _graph.Node("Add", prefix + ".add", [erf, _graph.Scalar(prefix + ".one", 1f)]);
        string product = _graph.Node("Mul", prefix + ".mul", [Current, shifted]);
        Current = _graph.Node("Mul", prefix, [product, _graph.Scalar(prefix + ".half", 0.5f)]);
    }

    private void Maxout(string prefix, ModuleDescription module)
    {
        int k = module.Pieces;
        Expect(prefix, module, k >= 2 && Features % k == 0, $"a multiple of {k} features");
        int units = Features / k;
        // Unit j is the max of inputs jk … jk + k − 1: [N, units, k] (spatial [N, C, k, H, W]), reduced over axis 2.
        long[] shape = Spatial ? [0, units, k, Shape[1], Shape[2]] : [0, units, k];
        string pieces = _graph.Node("Reshape", prefix + ".pieces", [Current, _graph.Int64s(prefix + ".shape", shape)]);
        Current = _graph.Node("ReduceMax", prefix, [pieces], Ints("axes", 2), Int("keepdims", 0));
        Shape = [units, .. Shape.Skip(1)];
    }

    /// <summary>The producer's weight: the stored one, or with WeightNorm w = g·v/‖v‖ composed here (see <see cref="ComposeWeightNorm"/>).</summary>
    private string Weight(string prefix, ModuleDescription module, long[] shape)
    {
        if (!module.WeightNorm)
        {
            return Tensor(prefix, "weight", shape);
        }

        float[] g = Floats(prefix + ".weight_g"), v = Floats(prefix + ".weight_v");
        return _graph.Initializer(prefix + ".weight", ComposeWeightNorm(g, v, prefix), shape);
    }

    /// <summary>
    /// torch.nn.utils.weight_norm (dim 0): row or filter r of w is g[r]·v[r]/‖v[r]‖, summed and scaled in float64 and
    /// rounded to float once, so the export holds the composed weight (g and v are training-time parameters).
    /// </summary>
    internal static float[] ComposeWeightNorm(ReadOnlySpan<float> g, ReadOnlySpan<float> v, string prefix)
    {
        if (g.Length == 0 || v.Length % g.Length != 0)
        {
            throw new InvalidOperationException($"WeightNorm of {prefix}: weight_v holds {v.Length} floats, not a multiple of weight_g's {g.Length}.");
        }

        int row = v.Length / g.Length;
        float[] w = new float[v.Length];
        for (int r = 0; r < g.Length; r++)
        {
            ReadOnlySpan<float> vr = v.Slice(r * row, row);
            double squares = 0;
            foreach (float x in vr)
            {
                squares += (double)x * x;
            }

            double scale = g[r] / Math.Sqrt(squares);
            for (int i = 0; i < row; i++)
            {
                w[r * row + i] = (float)(scale * vr[i]);
            }
        }

        return w;
    }

    private static int Stride(ModuleDescription module) => module.Stride > 0 ? module.Stride : module.KernelSize;

    /// <summary>The state tensor "prefix.name" as an initializer of that name (in its state_dict shape unless given).</summary>
    private string Tensor(string prefix, string name, long[]? shape = null)
    {
        float[] data = Floats($"{prefix}.{name}");
        return _graph.Initializer($"{prefix}.{name}", data, shape ?? [data.Length]);
    }

    private float[] Floats(string name) =>
        _tensors.TryGetValue(name, out float[]? data)
            ? data
            : throw new InvalidOperationException($"The network's Architecture names the tensor '{name}', which its state (StateDict.Of) does not hold: Architecture and Layers disagree.");

    private void Expect(string prefix, ModuleDescription module, bool holds, string what)
    {
        if (!holds)
        {
            throw new InvalidOperationException($"Module {prefix} ({module.Kind}) takes {what}, but the value reaching it is [{string.Join(", ", Shape)}]: the network's Architecture is inconsistent with its Layers.");
        }
    }
}
