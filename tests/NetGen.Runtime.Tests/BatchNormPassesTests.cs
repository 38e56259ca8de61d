namespace NetGen.Runtime.Tests;

/// <summary>
/// Batch norm's inner passes at every width and at odd lengths: each returns the coverage that shows its width's body
/// ran, the element-wise passes and the per-feature row sums give the scalar loop's bits exactly, and the plane sums
/// (whose float lanes follow the width) stay within rounding of it.
/// </summary>
public class BatchNormPassesTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    private static readonly int[] Lengths = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 100, 300];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Row_statistics_are_the_scalar_sums(SimdWidth width)
    {
        foreach (int n in Lengths)
        {
            float[] bias = TestData.Uniform(n, seed: n);
            (float[] row, double[] sum, double[] squares) = (TestData.Uniform(n, seed: n + 1), new double[n], new double[n]);
            (float[] scalarRow, double[] scalarSum, double[] scalarSquares) = ((float[])row.Clone(), new double[n], new double[n]);
            BatchNormPasses.AddBiasAndAccumulate(scalarRow, bias, scalarSum, scalarSquares, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, n), BatchNormPasses.AddBiasAndAccumulate(row, bias, sum, squares, width));
            Assert.Equal(scalarRow, row);
            Assert.Equal(scalarSum, sum);
            Assert.Equal(scalarSquares, squares);

            float[] d = TestData.Uniform(n, seed: n + 2);
            double[] products = new double[n], plain = new double[n], scalarProducts = new double[n], scalarPlain = new double[n];
            BatchNormPasses.AccumulateProducts(d, row, scalarProducts, scalarPlain, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, n), BatchNormPasses.AccumulateProducts(d, row, products, plain, width));
            Assert.Equal(scalarProducts, products);
            Assert.Equal(scalarPlain, plain);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Plane_statistics_are_within_rounding_of_the_scalar_sums(SimdWidth width)
    {
        foreach (int n in Lengths.Append(257).Append(600))
        {
            float[] plane = TestData.Uniform(n, seed: n), scalarPlane = (float[])plane.Clone();
            (double sum, double squares) = BatchNormPasses.AddShiftAndAccumulate(plane, 0.25f, width);
            (double scalarSum, double scalarSquares) = BatchNormPasses.AddShiftAndAccumulate(scalarPlane, 0.25f, SimdWidth.Scalar);
            Assert.Equal(scalarPlane, plane);
            Close.One(scalarSum, sum, 1e-6, $"Σ of {n} at {width}");
            Close.One(scalarSquares, squares, 1e-6, $"Σ² of {n} at {width}");

            float[] d = TestData.Uniform(n, seed: n + 3);
            (double products, double plain) = BatchNormPasses.PlaneProducts(d, plane, width);
            (double scalarProducts, double scalarPlain) = BatchNormPasses.PlaneProducts(d, plane, SimdWidth.Scalar);
            Close.One(scalarProducts, products, 1e-6, $"Σ d·x̂ of {n} at {width}");
            Close.One(scalarPlain, plain, 1e-6, $"Σ d of {n} at {width}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Normalization_passes_give_the_scalar_bits(SimdWidth width)
    {
        var activation = new LeakyRelu(0.1f);
        foreach (int n in Lengths)
        {
            float[] means = TestData.Uniform(n, seed: n), inverse = TestData.Uniform(n, seed: n + 1, 0.5f, 2f);
            float[] gamma = TestData.Uniform(n, seed: n + 2, 0.5f, 1.5f), beta = TestData.Uniform(n, seed: n + 3);
            float[] z = TestData.Uniform(n, seed: n + 4, -2f, 2f), scalarZ = (float[])z.Clone();
            float[] y = new float[n], scalarY = new float[n];
            BatchNormPasses.NormalizeRow(scalarZ, means, inverse, gamma, beta, activation, scalarY, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, n), BatchNormPasses.NormalizeRow(z, means, inverse, gamma, beta, activation, y, width));
            Assert.Equal(scalarZ, z);
            Assert.Equal(scalarY, y);

            float[] plane = TestData.Uniform(n, seed: n + 5, -2f, 2f), scalarPlane = (float[])plane.Clone();
            BatchNormPasses.NormalizePlane(scalarPlane, 0.3f, 1.7f, 0.9f, -0.2f, activation, scalarY, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, n), BatchNormPasses.NormalizePlane(plane, 0.3f, 1.7f, 0.9f, -0.2f, activation, y, width));
            Assert.Equal(scalarPlane, plane);
            Assert.Equal(scalarY, y);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Input_gradient_and_inference_passes_give_the_scalar_bits(SimdWidth width)
    {
        var activation = new Elu(1f);
        foreach (int n in Lengths)
        {
            float[] normalized = TestData.Uniform(n, seed: n), scales = TestData.Uniform(n, seed: n + 1);
            float[] dBeta = TestData.Uniform(n, seed: n + 2), dGamma = TestData.Uniform(n, seed: n + 3);
            float[] d = TestData.Uniform(n, seed: n + 4), scalarD = (float[])d.Clone();
            BatchNormPasses.InputGradientRow(scalarD, normalized, scales, dBeta, dGamma, 40, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, n), BatchNormPasses.InputGradientRow(d, normalized, scales, dBeta, dGamma, 40, width));
            Assert.Equal(scalarD, d);

            BatchNormPasses.InputGradientPlane(scalarD, normalized, 0.7f, 0.2f, -0.4f, 40, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, n), BatchNormPasses.InputGradientPlane(d, normalized, 0.7f, 0.2f, -0.4f, 40, width));
            Assert.Equal(scalarD, d);

            float[] y = TestData.Uniform(n, seed: n + 5, -3f, 3f), scalarY = (float[])y.Clone();
            BatchNormPasses.ScaleShiftRow(scalarY, scales, dBeta, activation, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, n), BatchNormPasses.ScaleShiftRow(y, scales, dBeta, activation, width));
            Assert.Equal(scalarY, y);

            BatchNormPasses.ScaleShiftPlane(scalarY, 1.3f, -0.1f, activation, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, n), BatchNormPasses.ScaleShiftPlane(y, 1.3f, -0.1f, activation, width));
            Assert.Equal(scalarY, y);
        }
    }
}
