namespace NetGen.Runtime;

/// <summary>torch.optim.SGD's step written element by element in double: the reference <see cref="Sgd"/> is tested against.</summary>
public static class SgdReference
{
    public static void Update(ReadOnlySpan<float> gradients, in SgdSettings settings, bool firstStep, Span<float> parameters, Span<float> velocity)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            double step = gradients[i] + (double)settings.WeightDecay * parameters[i];
            if (settings.Momentum != 0f)
            {
                double v = firstStep ? step : (double)settings.Momentum * velocity[i] + (1.0 - settings.Dampening) * step;
                velocity[i] = (float)v;
                step = settings.Nesterov ? step + settings.Momentum * v : v;
            }

            parameters[i] = (float)(parameters[i] - settings.LearningRate * step);
        }
    }
}
