using NetGen.Data;
using NetGen.Randomness;

namespace NetGen.Distributed.Worker;

/// <summary>A learnable, seeded classification set: normal features, the label the argmax of a fixed random linear map.</summary>
public static class SyntheticData
{
    public const int Features = 64, Classes = 10;

    /// <summary><paramref name="count"/> samples of <see cref="Features"/> floats, labels 0 … <see cref="Classes"/> − 1, from <paramref name="seed"/>.</summary>
    public static DataSet Make(int count, long seed)
    {
        var random = new SeededRandom(seed);
        var map = new float[Classes * Features];
        var mapRandom = new SeededRandom(1234);
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = (float)mapRandom.NextNormal();
        }

        var features = new float[count * Features];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            Span<float> x = features.AsSpan(s * Features, Features);
            for (int f = 0; f < Features; f++)
            {
                x[f] = (float)random.NextNormal();
            }

            int best = 0;
            float bestScore = float.NegativeInfinity;
            for (int c = 0; c < Classes; c++)
            {
                float score = 0;
                for (int f = 0; f < Features; f++)
                {
                    score += map[c * Features + f] * x[f];
                }

                if (score > bestScore)
                {
                    (best, bestScore) = (c, score);
                }
            }

            labels[s] = best;
        }

        return new DataSet(features, labels, Features);
    }
}
