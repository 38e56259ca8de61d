namespace NetGen.Runtime;

/// <summary>
/// The per-step scalars of Adam/AdamW, computed once per step (not per element) in double and rounded to float,
/// as torch.optim.Adam does with its Python-float step size and bias correction.
/// </summary>
/// <param name="StepSize">γ / (1 - β1^t).</param>
/// <param name="BiasCorrection2Sqrt">√(1 - β2^t).</param>
/// <param name="DecayFactor">1 - γλ for AdamW's decoupled decay, 1 otherwise.</param>
public readonly record struct AdamStep(float StepSize, float Beta1, float Beta2, float BiasCorrection2Sqrt, float Epsilon, float DecayFactor, bool AmsGrad)
{
    /// <summary>The scalars of step <paramref name="t"/> (1-based).</summary>
    public static AdamStep At(long t, float learningRate, float beta1, float beta2, float epsilon, float decoupledWeightDecay, bool amsGrad)
    {
        double biasCorrection1 = BiasCorrection(beta1, t);
        double biasCorrection2 = BiasCorrection(beta2, t);
        return new AdamStep(
            (float)(learningRate / biasCorrection1),
            beta1,
            beta2,
            (float)Math.Sqrt(biasCorrection2),
            epsilon,
            (float)(1.0 - (double)learningRate * decoupledWeightDecay),
            amsGrad);
    }

    /// <summary>
    /// 1 − β^t as Math.Pow gives it, without the call once β^t &lt; e^−40: below half an ulp of 1 (2^−54) the difference
    /// is exactly 1 in double. Past β1^t's underflow (t ≳ 7,000 for β1 = 0.9) glibc's pow takes its error-reporting
    /// path, a few percent of a small network's step; this skips pow from t ≈ 380 (β1 = 0.9) and 40,000 (β2 = 0.999).
    /// </summary>
    private static double BiasCorrection(float beta, long t) =>
        beta > 0f && beta < 1f && t * Math.Log(beta) < -40.0 ? 1.0 : 1.0 - Math.Pow(beta, t);
}
