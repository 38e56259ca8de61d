using NetGen.Data.Preprocessing;
using static NetGen.OnnxGraphBuilder;

namespace NetGen;

/// <summary>
/// Fitted preprocessing as the first nodes of the graph (docs/onnx.md), so the model takes raw samples: per step i,
/// named "preprocessing.&lt;i&gt;[.step]", standardization as Sub μ, Div σ (μ, σ shaped [1], the sample shape, or [C, 1, 1]
/// to broadcast per channel), mean subtraction as Sub μ, PCA and whitening as Sub μ [d] then MatMul by a [d, k] matrix
/// (Componentsᵀ, or the whitening matrix transposed). Between steps and before the network the value is reshaped to
/// the shape the next reader takes (Flatten to [N, d], Reshape to [N, C, H, W]).
/// </summary>
internal static class PreprocessingExport
{
    /// <summary>Adds <paramref name="preprocessing"/>'s nodes reading <paramref name="input"/>; returns the value holding [N, *networkInputShape].</summary>
    public static string Add(OnnxGraphBuilder graph, Preprocessor preprocessing, string input, IReadOnlyList<int> networkInputShape)
    {
        string current = input;
        IReadOnlyList<int> shape = preprocessing.InputShape;
        IReadOnlyList<Preprocessor> steps = preprocessing.Steps;
        for (int i = 0; i < steps.Count; i++)
        {
            string prefix = $"preprocessing.{i}";
            Preprocessor step = steps[i];
            current = Reshape(graph, current, shape, step.InputShape, prefix + ".reshape");
            current = step switch
            {
                Standardization s => graph.Node("Div", prefix, [Centre(graph, current, prefix, s.Scope, s.InputShape, s.Mean, ".centre"), graph.Initializer(prefix + ".std", s.StandardDeviation, Broadcast(s.Scope, s.InputShape))]),
                MeanSubtraction m => Centre(graph, current, prefix, m.Scope, m.InputShape, m.Mean, ""),
                Pca p => Project(graph, current, prefix, p.InputShape, p.Mean, p.Components, p.OutputSize),
                Whitening w => Project(graph, current, prefix, w.InputShape, w.Mean, w.Matrix, w.OutputSize),
                _ => throw new InvalidOperationException($"the ONNX export has no nodes for {step.Describe()}."),
            };
            shape = step is Pca or Whitening ? [step.OutputSize] : step.OutputShape; // MatMul leaves [N, k]
        }

        return Reshape(graph, current, shape, networkInputShape, "preprocessing.output");
    }

    /// <summary>x − μ, μ shaped to broadcast over the scope's groups.</summary>
    private static string Centre(OnnxGraphBuilder graph, string x, string prefix, StatisticScope scope, IReadOnlyList<int> shape, ReadOnlySpan<float> mean, string suffix) =>
        graph.Node("Sub", prefix + suffix, [x, graph.Initializer(prefix + ".mean", mean, Broadcast(scope, shape))]);

    /// <summary>(x[N, d] − μ)·Wᵀ, W [k, d] row-major: MatMul by Wᵀ [d, k].</summary>
    private static string Project(OnnxGraphBuilder graph, string x, string prefix, IReadOnlyList<int> shape, ReadOnlySpan<float> mean, ReadOnlySpan<float> w, int k)
    {
        int d = mean.Length;
        string flat = Reshape(graph, x, shape, [d], prefix + ".flatten");
        string centred = graph.Node("Sub", prefix + ".centre", [flat, graph.Initializer(prefix + ".mean", mean, d)]);
        var transposed = new float[d * k];
        for (int j = 0; j < k; j++)
        {
            for (int i = 0; i < d; i++)
            {
                transposed[i * k + j] = w[j * d + i];
            }
        }

        return graph.Node("MatMul", prefix, [centred, graph.Initializer(prefix + ".projection", transposed, d, k)]);
    }

    /// <summary>The initializer shape of per-scope statistics: [1], the sample shape, or [C, 1, 1].</summary>
    private static long[] Broadcast(StatisticScope scope, IReadOnlyList<int> shape) => scope switch
    {
        StatisticScope.Global => [1],
        StatisticScope.PerFeature => [.. shape.Select(d => (long)d)],
        _ => [shape[0], 1, 1],
    };

    /// <summary>The value reshaped from [N, *from] to [N, *to] (same size); itself when the shapes agree.</summary>
    private static string Reshape(OnnxGraphBuilder graph, string x, IReadOnlyList<int> from, IReadOnlyList<int> to, string name)
    {
        if (from.SequenceEqual(to))
        {
            return x;
        }

        return to.Count == 1
            ? graph.Node("Flatten", name, [x], Int("axis", 1))
            : graph.Node("Reshape", name, [x, graph.Int64s(name + "_shape", [-1, .. to.Select(d => (long)d)])]);
    }
}
