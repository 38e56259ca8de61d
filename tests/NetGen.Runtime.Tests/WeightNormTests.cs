namespace NetGen.Runtime.Tests;

/// <summary>WeightNorm's vectorized compose and backward against a double-precision reference and finite differences.</summary>
public class WeightNormTests
{
    private const int Rows = 5, Columns = 37; // 37: a vector body and a scalar tail

    [Fact]
    public void Compose_gives_rows_of_length_g_in_the_direction_of_v()
    {
        float[] v = TestData.Uniform(Rows * Columns, seed: 1);
        float[] g = TestData.Uniform(Rows, seed: 2, 0.5f, 2f);
        var norms = new float[Rows];
        var w = new float[v.Length];
        WeightNorm.Compose(v, g, norms, w);
        for (int i = 0; i < Rows; i++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, Columns).Sum(j => (double)v[i * Columns + j] * v[i * Columns + j]));
            Assert.Equal(norm, norms[i], 1e-5);
            for (int j = 0; j < Columns; j++)
            {
                Assert.Equal(g[i] * v[i * Columns + j] / norm, w[i * Columns + j], 1e-6);
            }
        }
    }

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
