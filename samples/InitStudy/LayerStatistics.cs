namespace NetGen.Samples.InitStudy;

/// <summary>One layer's activations on the batch: mean, standard deviation, saturated share and a histogram.</summary>
/// <param name="Saturated">The fraction of activations with |y| &gt; 0.99.</param>
/// <param name="Histogram">Counts over <see cref="Bins"/> equal bins of [Low, High]; for ReLU (Low = 0) the exact zeros are
/// left out, or their spike would flatten the rest.</param>
internal sealed record LayerStatistics(int Layer, double Mean, double StandardDeviation, double Saturated, int[] Histogram, double Low, double High)
{
    public const int Bins = 40;

    public static LayerStatistics Of(int layer, ReadOnlySpan<float> activations, double low, double high)
    {
        double sum = 0, sumOfSquares = 0;
        int saturated = 0;
        var histogram = new int[Bins];
        foreach (float v in activations)
        {
            sum += v;
            sumOfSquares += (double)v * v;
            saturated += Math.Abs(v) > 0.99f ? 1 : 0;
            if (low == 0 && v == 0f)
            {
                continue;
            }

            int bin = (int)((v - low) / (high - low) * Bins);
            histogram[Math.Clamp(bin, 0, Bins - 1)]++;
        }

        double mean = sum / activations.Length;
        double std = Math.Sqrt(Math.Max(sumOfSquares / activations.Length - mean * mean, 0));
        return new LayerStatistics(layer, mean, std, (double)saturated / activations.Length, histogram, low, high);
    }
}
