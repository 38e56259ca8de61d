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
        double biasCorrection1 = 1.0 - Math.Pow(beta1, t);
        double biasCorrection2 = 1.0 - Math.Pow(beta2, t);
        return new AdamStep(
            (float)(learningRate / biasCorrection1),
            beta1,
            beta2,
            (float)Math.Sqrt(biasCorrection2),
            epsilon,
            (float)(1.0 - (double)learningRate * decoupledWeightDecay),
            amsGrad);
    }
}
