namespace NetGen.Samples.InitStudy;

/// <summary>
/// The effects the course shows, stated as checks on the measured statistics, so the study says whether it
/// reproduced them instead of leaving it to the reader's eye.
/// </summary>
internal static class CourseEffects
{
    /// <summary>Each effect with whether the measured statistics show it.</summary>
    public static IEnumerable<(string Effect, bool Shown)> Check(Func<string, Scheme, IReadOnlyList<LayerStatistics>> results)
    {
        var small = results("tanh", Scheme.SmallGaussian);
        yield return ("tanh, σ = 0.01: activations collapse towards 0 (layer-10 std < 1e-3, shrinking every layer)",
            small[^1].StandardDeviation < 1e-3 && small.Zip(small.Skip(1)).All(p => p.Second.StandardDeviation < p.First.StandardDeviation));

        var unit = results("tanh", Scheme.UnitGaussian);
        yield return ("tanh, σ = 1.0: units saturate at ±1 (over 80% of activations with |y| > 0.99 in every layer)",
            unit.All(s => s.Saturated > 0.8));

        var xavier = results("tanh", Scheme.Xavier);
        yield return ("tanh, Xavier: activations stay spread (std between 0.1 and 0.8 in every layer, under 5% saturated)",
            xavier.All(s => s.StandardDeviation is > 0.1 and < 0.8 && s.Saturated < 0.05));

        var he = results("relu", Scheme.He);
        yield return ("ReLU, He: the scale stays steady (every layer's std within a factor 2 of layer 1's)",
            he.All(s => s.StandardDeviation / he[0].StandardDeviation is > 0.5 and < 2));

        var reluXavier = results("relu", Scheme.Xavier);
        yield return ("ReLU, Xavier: without He's factor 2 the scale halves in variance per layer (layer-10 std < 10% of layer 1's)",
            reluXavier[^1].StandardDeviation < 0.1 * reluXavier[0].StandardDeviation);

        var lsuv = results("relu", Scheme.Lsuv);
        yield return ("ReLU, LSUV: the scale stays steady (every layer's std within a factor 2 of layer 1's)",
            lsuv.All(s => s.StandardDeviation / lsuv[0].StandardDeviation is > 0.5 and < 2));
    }
}
