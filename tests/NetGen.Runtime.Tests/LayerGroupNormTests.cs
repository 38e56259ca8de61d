namespace NetGen.Runtime.Tests;

/// <summary>
/// LayerNorm, GroupNorm and InstanceNorm (groups = channels) forward and backward against
/// <see cref="GroupNormReference"/>, over feature counts 1..67 and grouped channel shapes with odd plane lengths.
/// </summary>
public class LayerGroupNormTests
{
    public static TheoryData<int, int> LayerShapes() => RowLengths.Every([1, 3], 1, 67);

    [Theory]
    [MemberData(nameof(LayerShapes))]
    public void LayerNorm_matches_the_reference(int rows, int features)
    {
        int seed = rows * 100 + features;
        float[] z = TestData.Uniform(rows * features, seed, -2f, 3f), expectedZ = (float[])z.Clone();
        float[] bias = TestData.Uniform(features, seed + 1), gamma = TestData.Uniform(features, seed + 2, 0.5f, 1.5f), beta = TestData.Uniform(features, seed + 3);
        float[] inverse = new float[rows], expectedInverse = new float[rows], y = new float[z.Length], expectedY = new float[z.Length];
        LayerNorm.Forward(bias, gamma, beta, 1e-5f, default(Tanh), rows, z, inverse, y);
        GroupNormReference.LayerNormForward(bias, gamma, beta, 1e-5f, default(Tanh), rows, expectedZ, expectedInverse, expectedY);
        string shape = $"[{rows}, {features}]";
        Close.All(expectedZ, z, 2e-5f, $"x̂ {shape}");
        Close.All(expectedInverse, inverse, 2e-5f, $"1/σ {shape}");
        Close.All(expectedY, y, 2e-5f, $"y {shape}");

        float[] dn = TestData.Uniform(z.Length, seed + 4), expectedDn = (float[])dn.Clone();
        float[] dGamma = new float[features], dBeta = new float[features], expectedDGamma = new float[features], expectedDBeta = new float[features];
        LayerNorm.Backward(expectedZ, gamma, expectedInverse, rows, dn, dGamma, dBeta);
        GroupNormReference.LayerNormBackward(expectedZ, gamma, expectedInverse, rows, expectedDn, expectedDGamma, expectedDBeta);
        Close.All(expectedDGamma, dGamma, 2e-5f, $"dγ {shape}");
        Close.All(expectedDBeta, dBeta, 2e-5f, $"dβ {shape}");
        Close.All(expectedDn, dn, 2e-5f, $"dz {shape}");
    }

    [Theory]
    [InlineData(2, 1, 1, 9)] // one group: LayerNorm over a whole sample's planes
    [InlineData(2, 4, 2, 1)]
    [InlineData(3, 6, 3, 7)]
    [InlineData(2, 6, 2, 25)]
    [InlineData(2, 5, 5, 13)] // InstanceNorm: every channel its own group
    [InlineData(1, 8, 8, 67)]
    public void GroupNorm_and_InstanceNorm_match_the_reference(int rows, int channels, int groups, int positions)
    {
        int length = rows * channels * positions;
        int seed = rows * 1000 + channels * 100 + groups * 10 + positions;
        float[] z = TestData.Uniform(length, seed, -2f, 3f), expectedZ = (float[])z.Clone();
        float[] bias = TestData.Uniform(channels, seed + 1), gamma = TestData.Uniform(channels, seed + 2, 0.5f, 1.5f), beta = TestData.Uniform(channels, seed + 3);
        float[] inverse = new float[rows * groups], expectedInverse = new float[rows * groups], y = new float[length], expectedY = new float[length];
        GroupNorm.Forward(bias, gamma, beta, groups, 1e-5f, default(Relu), rows, positions, z, inverse, y);
        GroupNormReference.Forward(bias, gamma, beta, groups, 1e-5f, default(Relu), rows, positions, expectedZ, expectedInverse, expectedY);
        string shape = $"[{rows}, {channels}/{groups}, {positions}]";
        Close.All(expectedZ, z, 2e-5f, $"x̂ {shape}");
        Close.All(expectedInverse, inverse, 2e-5f, $"1/σ {shape}");
        Close.All(expectedY, y, 2e-5f, $"y {shape}");

        float[] dn = TestData.Uniform(length, seed + 4), expectedDn = (float[])dn.Clone();
        float[] dGamma = new float[channels], dBeta = new float[channels], expectedDGamma = new float[channels], expectedDBeta = new float[channels];
        GroupNorm.Backward(expectedZ, gamma, expectedInverse, groups, rows, positions, dn, dGamma, dBeta);
        GroupNormReference.Backward(expectedZ, gamma, expectedInverse, groups, rows, positions, expectedDn, expectedDGamma, expectedDBeta);
        Close.All(expectedDGamma, dGamma, 2e-5f, $"dγ {shape}");
        Close.All(expectedDBeta, dBeta, 2e-5f, $"dβ {shape}");
        Close.All(expectedDn, dn, 2e-5f, $"dz {shape}");
    }
}
