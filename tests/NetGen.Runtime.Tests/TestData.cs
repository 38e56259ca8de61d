namespace NetGen.Runtime.Tests;

/// <summary>Deterministic test inputs (System.Random with a fixed seed is stable within one .NET version, enough here).</summary>
internal static class TestData
{
    public static float[] Uniform(int length, int seed, float low = -1f, float high = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = low + (high - low) * (float)random.NextDouble();
        }

        return values;
    }
}
