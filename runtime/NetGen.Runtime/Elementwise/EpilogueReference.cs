namespace NetGen.Runtime;

/// <summary>Plain loops over the scalar activation forms: the reference <see cref="Epilogue"/> is tested against.</summary>
public static class EpilogueReference
{
    /// <summary>y[rows, cols] = f(y + bias).</summary>
    public static void BiasActivation<TActivation>(ReadOnlySpan<float> bias, TActivation activation, int rows, Span<float> y)
        where TActivation : struct, IActivation
    {
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < bias.Length; j++)
            {
                y[i * bias.Length + j] = activation.Apply(y[i * bias.Length + j] + bias[j]);
            }
        }
    }

    /// <summary>dy *= f'(x) through y = f(x).</summary>
    public static void ActivationBackward<TActivation>(ReadOnlySpan<float> y, TActivation activation, Span<float> dy)
        where TActivation : struct, IActivation
    {
        for (int j = 0; j < dy.Length; j++)
        {
            dy[j] *= activation.Derivative(y[j]);
        }
    }

    /// <summary>db[cols] = Σ rows of dy[rows, cols], accumulated in double.</summary>
    public static void SumRows(ReadOnlySpan<float> dy, int rows, Span<float> db)
    {
        for (int j = 0; j < db.Length; j++)
        {
            double sum = 0;
            for (int i = 0; i < rows; i++)
            {
                sum += dy[i * db.Length + j];
            }

            db[j] = (float)sum;
        }
    }
}
