namespace NetGen.Runtime.Tests;

/// <summary>WeightNorm's vectorized compose and backward against <see cref="WeightNormReference"/> and finite differences.</summary>
public class WeightNormTests
{
    public static TheoryData<int, int> Shapes() => RowLengths.Every([1, 3], 1, 67);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Compose_and_backward_match_the_reference_at_every_row_length(int rows, int columns)
    {
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            Check(width, rows, columns);
        }
    }

    [Theory]
    [InlineData(SimdWidth.Scalar)]
    [InlineData(SimdWidth.Vector256)]
    [InlineData(SimdWidth.Vector512)]
    public void Initial_lengths_are_the_row_norms_at_every_width(SimdWidth width)
    {
        foreach (int columns in new[] { 1, 7, 8, 9, 15, 16, 17, 31, 33, 100 })
        {
            float[] v = TestData.Uniform(3 * columns, seed: columns);
            float[] g = new float[3], expected = new float[3];
            WeightNorm.InitializeLengths(v, g, width);
            WeightNormReference.Compose(v, new float[] { 1f, 1f, 1f }, expected, new float[v.Length]);
            Close.All(expected, g, 1e-6f, $"‖v‖ of {columns} at {width}");
        }
    }

    private static void Check(SimdWidth width, int rows, int columns)
    {
        float[] v = TestData.Uniform(rows * columns, seed: columns), g = TestData.Uniform(rows, seed: columns + 1, 0.5f, 2f);
        float[] norms = new float[rows], expectedNorms = new float[rows], w = new float[v.Length], expectedW = new float[v.Length];
        Assert.Equal(ExpectedCoverage.Of(width, rows, columns), WeightNorm.Compose(v, g, norms, w, width));
        WeightNormReference.Compose(v, g, expectedNorms, expectedW);
        string shape = $"[{rows}, {columns}] at {width}";
        Close.All(expectedNorms, norms, 1e-6f, $"‖v‖ {shape}");
        Close.All(expectedW, w, 1e-6f, $"w {shape}");

        float[] dw = TestData.Uniform(v.Length, seed: columns + 2), expectedDw = (float[])dw.Clone();
        float[] dg = new float[rows], expectedDg = new float[rows];
        Assert.Equal(ExpectedCoverage.Of(width, rows, columns), WeightNorm.Backward(v, g, expectedNorms, dw, dg, width));
        WeightNormReference.Backward(v, g, expectedNorms, expectedDw, expectedDg);
        Close.All(expectedDg, dg, 1e-5f, $"dg {shape}");
        Close.All(expectedDw, dw, 1e-5f, $"dv {shape}");
    }

    private const int Rows = 5, Columns = 37; // 37: a vector body and a scalar tail

    [Fact]
    public void InitializeLengths_makes_w_equal_v()
    {
        float[] v = TestData.Uniform(Rows * Columns, seed: 3);
        var g = new float[Rows];
        WeightNorm.InitializeLengths(v, g);
        var norms = new float[Rows];
        var w = new float[v.Length];
        WeightNorm.Compose(v, g, norms, w);
        for (int k = 0; k < v.Length; k++)
        {
            Assert.Equal(v[k], w[k], 1e-6);
        }
    }

    [Fact]
    public void Backward_matches_finite_differences_of_a_linear_loss()
    {
        // L = Σ c ⊙ w(v, g), so ∂L/∂w = c.
        float[] v = TestData.Uniform(Rows * Columns, seed: 4);
        float[] g = TestData.Uniform(Rows, seed: 5, 0.5f, 2f);
        float[] c = TestData.Uniform(Rows * Columns, seed: 6);
        var norms = new float[Rows];
        var w = new float[v.Length];
        WeightNorm.Compose(v, g, norms, w);
        float[] dv = (float[])c.Clone();
        var dg = new float[Rows];
        WeightNorm.Backward(v, g, norms, dv, dg);

        double Loss(double[] vd, double[] gd)
        {
            double sum = 0;
            for (int i = 0; i < Rows; i++)
            {
                double norm = Math.Sqrt(Enumerable.Range(0, Columns).Sum(j => vd[i * Columns + j] * vd[i * Columns + j]));
                for (int j = 0; j < Columns; j++)
                {
                    sum += c[i * Columns + j] * gd[i] * vd[i * Columns + j] / norm;
                }
            }

            return sum;
        }

        double[] vDouble = v.Select(x => (double)x).ToArray(), gDouble = g.Select(x => (double)x).ToArray();
        const double h = 1e-6;
        for (int k = 0; k < v.Length; k += 7)
        {
            double saved = vDouble[k];
            vDouble[k] = saved + h;
            double plus = Loss(vDouble, gDouble);
            vDouble[k] = saved - h;
            double minus = Loss(vDouble, gDouble);
            vDouble[k] = saved;
            Assert.Equal((plus - minus) / (2 * h), dv[k], 1e-4);
        }

        for (int i = 0; i < Rows; i++)
        {
            double saved = gDouble[i];
            gDouble[i] = saved + h;
            double plus = Loss(vDouble, gDouble);
            gDouble[i] = saved - h;
            double minus = Loss(vDouble, gDouble);
            gDouble[i] = saved;
            Assert.Equal((plus - minus) / (2 * h), dg[i], 1e-4);
        }
    }

    [Fact]
    public void A_v_that_is_not_whole_rows_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => WeightNorm.Compose(new float[10], new float[3], new float[3], new float[10]));
        Assert.Equal("v", error.ParamName);
    }
}
