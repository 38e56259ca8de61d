namespace NetGen.Runtime.Tests;

/// <summary>
/// Batch norm's training forward and backward against <see cref="BatchNormReference"/> over many shapes: after Dense
/// (positions = 1, the row passes) every feature count 0..67 so each vector tail runs, and 600 features (two stack
/// chunks); after Conv2D every plane length 1..67 and 300 (more than one float block of the plane passes); each at
/// every width.
/// </summary>
public class BatchNormReferenceTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var shapes = new TheoryData<int, int, int>();
        foreach (int rows in new[] { 2, 5 })
        {
            for (int features = 0; features <= 67; features++)
            {
                shapes.Add(rows, features, 1);
            }

            shapes.Add(rows, 600, 1);
            for (int positions = 2; positions <= 67; positions++)
            {
                shapes.Add(rows, 3, positions);
            }

            shapes.Add(rows, 2, 300);
        }

        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Training_forward_and_backward_match_the_reference(int rows, int features, int positions)
    {
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            Check(width, rows, features, positions);
        }
    }

    private static void Check(SimdWidth width, int rows, int features, int positions)
    {
        int length = rows * features * positions;
        int seed = rows * 1000 + features * 10 + positions;
        float[] z = TestData.Uniform(length, seed, -2f, 3f), expectedZ = (float[])z.Clone();
        float[] bias = TestData.Uniform(features, seed + 1), gamma = TestData.Uniform(features, seed + 2, 0.5f, 1.5f), beta = TestData.Uniform(features, seed + 3);
        float[] mean = TestData.Uniform(features, seed + 4), expectedMean = (float[])mean.Clone();
        float[] variance = TestData.Uniform(features, seed + 5, 0.5f, 2f), expectedVariance = (float[])variance.Clone();
        float[] inverse = new float[features], expectedInverse = new float[features];
        float[] y = new float[length], expectedY = new float[length];
        var activation = new LeakyRelu(0.1f);
        BatchNorm.ForwardTraining(bias, gamma, beta, 0.1f, 1e-5f, activation, rows, positions, z, inverse, mean, variance, y, width);
        BatchNormReference.ForwardTraining(bias, gamma, beta, 0.1f, 1e-5f, activation, rows, positions, expectedZ, expectedInverse, expectedMean, expectedVariance, expectedY);
        string shape = $"[{rows}, {features}, {positions}] at {width}";
        Close.All(expectedZ, z, 2e-5f, $"x̂ {shape}");
        Close.All(expectedInverse, inverse, 2e-5f, $"1/σ {shape}");
        Close.All(expectedMean, mean, 2e-6f, $"running mean {shape}");
        Close.All(expectedVariance, variance, 2e-5f, $"running variance {shape}");
        Close.All(expectedY, y, 2e-5f, $"y {shape}");

        float[] dn = TestData.Uniform(length, seed + 6), expectedDn = (float[])dn.Clone();
        float[] dGamma = new float[features], dBeta = new float[features], expectedDGamma = new float[features], expectedDBeta = new float[features];
        BatchNorm.Backward(expectedZ, gamma, expectedInverse, rows, positions, dn, dGamma, dBeta, width);
        BatchNormReference.Backward(expectedZ, gamma, expectedInverse, rows, positions, expectedDn, expectedDGamma, expectedDBeta);
        Close.All(expectedDGamma, dGamma, 2e-5f, $"dγ {shape}");
        Close.All(expectedDBeta, dBeta, 2e-5f, $"dβ {shape}");
        Close.All(expectedDn, dn, 2e-5f, $"dz {shape}");
    }
}
