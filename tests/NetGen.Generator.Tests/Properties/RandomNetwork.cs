using System.Globalization;
using System.Text;

namespace NetGen.Generator.Tests.Properties;

/// <summary>
/// A valid network spec as C# source, built from a stream of choices so that every layer fits the shape it receives:
/// flat or [C, H, W] input, convolutions and pools while the input is spatial (windows that fit, floored strides,
/// padding), then Dense layers; each weighted layer with an optional norm (GroupNorm groups dividing its channels),
/// activation, dropout and init; one loss, one optimizer with in-range settings, an optional regularizer.
/// </summary>
internal static class RandomNetwork
{
    public static string Source(Choices c, string className)
    {
        var text = new StringBuilder();
        bool spatial = c.Next(2) == 1;
        int channels = 1 + c.Next(3), height = 3 + c.Next(12), width = 3 + c.Next(12), features = 1 + c.Next(40);
        int loss = c.Next(3);
        text.Append(CultureInfo.InvariantCulture, $"[Network(BatchSize = {1 + c.Next(12)})]\n");
        text.Append(spatial ? $"[Input({channels}, {height}, {width})]\n" : $"[Input({features})]\n");
        text.Append(loss switch
        {
            0 => c.Pick("[SoftmaxCrossEntropy]\n", "[SoftmaxCrossEntropy(LabelSmoothing = 0.1f)]\n"),
            1 => "[BinaryCrossEntropy]\n",
            _ => "[MeanSquaredError]\n",
        });
        text.Append(c.Pick(
            "[Sgd(0.05f)]\n",
            "[Sgd(0.01f, Momentum = 0.9f, Nesterov = true, WeightDecay = 1e-4f)]\n",
            "[Adam]\n",
            "[AdamW(1e-3f, AmsGrad = true, DecayWeightsOnly = true)]\n",
            "[AdaGrad(0.05f, LrDecay = 0.01f)]\n",
            "[RmsProp(1e-3f, Momentum = 0.5f, Centered = true)]\n"));
        text.Append(c.Pick("", "", "[ClipGradNorm(1f)]\n", "[ClipGradValue(0.5f)]\n", "[L1(1e-4f)]\n"));
        text.Append(CultureInfo.InvariantCulture, $"public partial class {className}\n{{\n");
        int layers = c.Next(4);
        for (int i = 0; i < layers; i++)
        {
            if (spatial)
            {
                (string producer, bool weighted, bool flattens) = Spatial(c, ref channels, ref height, ref width);
                spatial = !flattens;
                features = channels * height * width;
                Layer(text, $"L{i}", weighted ? Weighted(c, producer, channels, convolution: true) : producer);
            }
            else
            {
                features = 1 + c.Next(24);
                Layer(text, $"L{i}", Weighted(c, $"Dense({features}{Init(c)})", features, convolution: false));
            }
        }

        int outputs = loss switch { 0 => 2 + c.Next(6), 1 => 1 + c.Next(2), _ => 1 + c.Next(4) };
        Layer(text, "Output", $"Dense({outputs}{Init(c)})");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>A convolution, pool or Flatten that fits [channels, height, width], updating the shape.</summary>
    private static (string Producer, bool Weighted, bool Flattens) Spatial(Choices c, ref int channels, ref int height, ref int width)
    {
        int kind = c.Next(4);
        if (kind == 3 || Math.Min(height, width) < 2)
        {
            return ("Flatten", false, true);
        }

        int padding = c.Next(3);
        int kernel = 1 + c.Next(Math.Min(4, Math.Min(height, width) + 2 * padding));
        int stride = 1 + c.Next(3);
        if (kind == 0)
        {
            height = (height + 2 * padding - kernel) / stride + 1;
            width = (width + 2 * padding - kernel) / stride + 1;
            channels = 1 + c.Next(6);
            return ($"Conv2D({channels}, {kernel}{(stride != 1 ? $", Stride = {stride}" : "")}{(padding != 0 ? $", Padding = {padding}" : "")}{Init(c)})", true, false);
        }

        // Pooling pads at most half its window (PyTorch's rule); ceil mode keeps a last partial window that starts inside.
        padding = Math.Min(padding, kernel / 2);
        bool ceil = c.OneIn(3);
        height = PooledSize(height, kernel, stride, padding, ceil);
        width = PooledSize(width, kernel, stride, padding, ceil);
        string settings = $"Stride = {stride}{(padding != 0 ? $", Padding = {padding}" : "")}{(ceil ? ", CeilMode = true" : "")}{(kind == 2 && c.OneIn(3) ? ", CountIncludePad = false" : "")}";
        return ($"{(kind == 1 ? "MaxPool" : "AvgPool")}({kernel}, {settings})", false, false);
    }

    /// <summary>torch's pooling output size: floor or ceil of (n + 2p − k)/s, plus one, less one if the last window would start in the padding.</summary>
    private static int PooledSize(int n, int kernel, int stride, int padding, bool ceil)
    {
        int span = n + 2 * padding - kernel;
        int size = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        return ceil && (size - 1) * stride >= n + padding ? size - 1 : size;
    }

    /// <summary>A producer with its optional norm, activation, dropout or noise, and layer regularizers, in the spec language's order.</summary>
    private static string Weighted(Choices c, string producer, int channels, bool convolution)
    {
        var ops = new List<string> { producer };
        string activation = c.Pick("", "ReLU", "LeakyReLU(0.1f)", "PReLU", "ELU(1f)", "Sigmoid", "Tanh", "GELU", "SiLU", "Maxout(2)");
        int producerChannels = channels * (activation == "Maxout(2)" ? 2 : 1);
        int groups = Enumerable.Range(1, producerChannels).Where(g => producerChannels % g == 0).ElementAt(c.Next(Divisors(producerChannels)));
        string norm = c.Pick("", "", "BatchNorm", "LayerNorm", $"GroupNorm({groups})", convolution ? "InstanceNorm" : "LayerNorm(Epsilon = 1e-3f)", producer.Contains("Init.Zeros", StringComparison.Ordinal) ? "" : "WeightNorm");
        ops.Add(norm);
        ops.Add(activation);
        ops.Add(c.OneIn(3) ? "Dropout(0.25f)" : c.OneIn(4) ? "GaussianNoise(0.1f)" : "");
        ops.Add(c.OneIn(4) ? "ActivityL1(0.01f)" : "");
        ops.Add(norm != "WeightNorm" && c.OneIn(4) ? "MaxNorm(2f)" : ""); // WeightNorm's g already sets the rows' lengths
        return string.Join(", ", ops.Where(o => o.Length > 0));
    }

    private static int Divisors(int n) => Enumerable.Range(1, n).Count(g => n % g == 0);

    /// <summary>A named Init argument (none for Init.Auto); LSUV is left out: it needs a data batch after construction.</summary>
    private static string Init(Choices c) => c.Pick("", "", ", Init = Init.HeNormal", ", Init = Init.XavierUniform", ", Init = Init.Orthogonal", ", Init = Init.PyTorchDefault", ", Init = Init.TruncatedNormal", ", Init = Init.LeCunNormal", ", Bias = 0.1f");

    private static void Layer(StringBuilder text, string name, string ops) =>
        text.Append(CultureInfo.InvariantCulture, $"    [{ops}]\n    public partial Layer {name} {{ get; }}\n\n");
}
