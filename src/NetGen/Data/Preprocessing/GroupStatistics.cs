using System.Numerics;

namespace NetGen.Data.Preprocessing;

/// <summary>
/// Means and standard deviations over groups of a sample's values, and x = (x − mean) / std applied by group. A sample
/// of d values is G groups of d / G consecutive values (Global: G = 1; per feature: G = d, runs of 1; per channel of
/// [C, H, W]: G = C, runs of H·W), so one loop serves every scope.
/// </summary>
internal static class GroupStatistics
{
    /// <summary>The number of groups of <paramref name="scope"/> over samples of <paramref name="shape"/>.</summary>
    public static int Groups(StatisticScope scope, int[] shape, string step) => scope switch
    {
        StatisticScope.Global => 1,
        StatisticScope.PerFeature => SampleShape.Size(shape),
        StatisticScope.PerChannel when shape.Length == 3 => shape[0],
        StatisticScope.PerChannel => throw new ArgumentException($"{step} per channel needs [C, H, W] samples; the sample shape is [{SampleShape.Text(shape)}].", nameof(shape)),
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "the scope is Global, PerFeature or PerChannel."),
    };

    /// <summary>The shape a checkpoint gives the statistics: [1], the sample shape, or [C].</summary>
    public static int[] TensorShape(StatisticScope scope, IReadOnlyList<int> sampleShape, int groups) =>
        scope == StatisticScope.PerFeature ? [.. sampleShape] : [groups];

    /// <summary>Per group: the mean and the population standard deviation (two passes, double accumulation).</summary>
    public static (float[] Mean, float[] Std) Fit(ReadOnlySpan<float> samples, int size, int groups)
    {
        int count = samples.Length / size, run = size / groups;
        double values = (double)count * run;
        var sum = new double[groups];
        for (int n = 0; n < count; n++)
        {
            ReadOnlySpan<float> row = samples.Slice(n * size, size);
            for (int i = 0; i < size; i++)
            {
                sum[i / run] += row[i];
            }
        }

        var mean = new double[groups];
        for (int g = 0; g < groups; g++)
        {
            mean[g] = sum[g] / values;
        }

        var squares = new double[groups];
        for (int n = 0; n < count; n++)
        {
            ReadOnlySpan<float> row = samples.Slice(n * size, size);
            for (int i = 0; i < size; i++)
            {
                double deviation = row[i] - mean[i / run];
                squares[i / run] += deviation * deviation;
            }
        }

        var means = new float[groups];
        var stds = new float[groups];
        for (int g = 0; g < groups; g++)
        {
            means[g] = (float)mean[g];
            float std = (float)Math.Sqrt(squares[g] / values);
            stds[g] = std > 0 ? std : 1f; // a constant group is only centred (to 0), never divided by 0
        }

        return (means, stds);
    }

    /// <summary>
    /// destination = (source − mean[g]) / std[g] by group (<paramref name="std"/> null: only the mean is subtracted).
    /// Division, not multiplication by 1/std, as torchvision's Normalize and the ONNX export's Div compute it.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> source, Span<float> destination, int rows, float[] mean, float[]? std)
    {
        int size = source.Length / Math.Max(rows, 1), groups = mean.Length, run = size / groups;
        for (int n = 0; n < rows; n++)
        {
            ReadOnlySpan<float> x = source.Slice(n * size, size);
            Span<float> y = destination.Slice(n * size, size);
            if (run == 1)
            {
                PerElement(x, y, mean, std);
                continue;
            }

            for (int g = 0; g < groups; g++)
            {
                Broadcast(x.Slice(g * run, run), y.Slice(g * run, run), mean[g], std?[g] ?? 1f);
            }
        }
    }

    private static void PerElement(ReadOnlySpan<float> x, Span<float> y, float[] mean, float[]? std)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var centred = new Vector<float>(x.Slice(i)) - new Vector<float>(mean, i);
                (std is null ? centred : centred / new Vector<float>(std, i)).CopyTo(y.Slice(i));
            }
        }

        for (; i < x.Length; i++)
        {
            float centred = x[i] - mean[i];
            y[i] = std is null ? centred : centred / std[i];
        }
    }

    private static void Broadcast(ReadOnlySpan<float> x, Span<float> y, float mean, float std)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var m = new Vector<float>(mean);
            var s = new Vector<float>(std);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                ((new Vector<float>(x.Slice(i)) - m) / s).CopyTo(y.Slice(i));
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = (x[i] - mean) / std;
        }
    }
}
