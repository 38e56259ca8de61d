namespace NetGen.Runtime.Tests;

/// <summary>Element-wise comparison with a tolerance scaled to magnitude: |expected − actual| ≤ tolerance·max(1, |expected|).</summary>
internal static class Close
{
    public static void All(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1f, Math.Abs(expected[i])), $"{what}: element {i} is {actual[i]}, expected {expected[i]}");
        }
    }

    public static void One(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: {actual}, expected {expected}");
}
