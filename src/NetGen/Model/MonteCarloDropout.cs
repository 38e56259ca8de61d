using System.Buffers;

namespace NetGen;

/// <summary>
/// Monte Carlo dropout (Gal and Ghahramani, 2016): <see cref="INetwork.PredictWithDropout"/> run T times on the same
/// inputs, each pass with fresh masks, and each output's mean and variance over the passes as the prediction and its
/// uncertainty. The passes advance the network's dropout stream as PredictWithDropout does; a network without Dropout
/// gives Predict's outputs as the mean and a variance of 0.
/// </summary>
public static class MonteCarloDropout
{
    /// <summary>
    /// Runs <paramref name="passes"/> passes of PredictWithDropout on inputs[n, InputSize]; mean[n, OutputSize] receives
    /// each output's mean over the passes and variance[n, OutputSize] its population variance (divided by T, so 0 for
    /// one pass), by Welford's update in pass order. One pooled buffer of n × OutputSize floats is rented per call
    /// (none per pass; after the pool's first rent of that size, none at all).
    /// </summary>
    public static void Predict(INetwork network, ReadOnlySpan<float> inputs, int passes, Span<float> mean, Span<float> variance)
    {
        ArgumentNullException.ThrowIfNull(network);
        int samples = ArgumentChecks.MonteCarlo(inputs, passes, mean, variance, network.InputSize, network.OutputSize);
        float[] rented = ArrayPool<float>.Shared.Rent(Math.Max(1, samples * network.OutputSize));
        try
        {
            Predict(network, inputs, passes, mean, variance, rented.AsSpan(0, samples * network.OutputSize));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>As the other overload, with the caller's buffer for one pass's outputs (as long as mean): allocates nothing.</summary>
    public static void Predict(INetwork network, ReadOnlySpan<float> inputs, int passes, Span<float> mean, Span<float> variance, Span<float> pass)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentChecks.MonteCarlo(inputs, passes, mean, variance, network.InputSize, network.OutputSize);
        if (pass.Length != mean.Length)
        {
            throw new ArgumentException($"pass holds {pass.Length} floats; expected {mean.Length}, as mean.", nameof(pass));
        }

        mean.Clear();
        variance.Clear(); // Σ (x − mean)² so far (Welford's M₂), divided by T at the end
        for (int t = 1; t <= passes; t++)
        {
            network.PredictWithDropout(inputs, pass);
            float inverseCount = 1f / t;
            for (int i = 0; i < pass.Length; i++)
            {
                float x = pass[i];
                float delta = x - mean[i];
                mean[i] += delta * inverseCount;
                variance[i] += delta * (x - mean[i]);
            }
        }

        float inversePasses = 1f / passes;
        for (int i = 0; i < variance.Length; i++)
        {
            variance[i] *= inversePasses;
        }
    }
}
