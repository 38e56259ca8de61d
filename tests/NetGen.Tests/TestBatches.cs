using NetGen.Randomness;

namespace NetGen.Tests;

/// <summary>Seeded batches of inputs, labels and targets for a network's shapes.</summary>
internal static class TestBatches
{
    public static float[] Inputs(int samples, int size, int seed)
    {
        var random = new SeededRandom(seed);
        var values = new float[samples * size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextNormal();
        }

        return values;
    }

    public static int[] Labels(int samples, int classes, int seed)
    {
        var random = new SeededRandom(seed + 1_000_000);
        var labels = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            labels[i] = random.NextInt(classes);
        }

        return labels;
    }

    public static float[] Targets(int samples, int outputs, int seed)
    {
        var random = new SeededRandom(seed + 2_000_000);
        var targets = new float[samples * outputs];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = random.NextUniform(-0.9f, 0.9f);
        }

        return targets;
    }
}
