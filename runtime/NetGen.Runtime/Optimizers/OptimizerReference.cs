namespace NetGen.Runtime;

/// <summary>
/// The torch.optim update rules written element by element in double, straight from their definitions: the
/// reference the vectorized optimizer kernels are tested against.
/// </summary>
public static class OptimizerReference
{
    /// <summary>The transformed gradient: (clamp(g + λ₁ sign θ, ±c))·scale + λ₂θ.</summary>
    public static double Transform(float g, float theta, in GradientTransform t)
    {
        double value = g + (double)t.L1 * Math.Sign(theta);
        if (t.ClipValue != 0f)
        {
            value = Math.Clamp(value, -t.ClipValue, t.ClipValue);
        }

        return value * t.Scale + (double)t.WeightDecay * theta;
    }

    public static void Sgd(ReadOnlySpan<float> gradients, in GradientTransform transform, in SgdSettings s, bool firstStep, Span<float> parameters, Span<float> velocity)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            double step = Transform(gradients[i], parameters[i], transform);
            if (s.Momentum != 0f)
            {
                double v = firstStep ? step : (double)s.Momentum * velocity[i] + (1.0 - s.Dampening) * step;
                velocity[i] = (float)v;
                step = s.Nesterov ? step + s.Momentum * v : v;
            }

            parameters[i] = (float)(parameters[i] - s.LearningRate * step);
        }
    }

    public static void Adam(ReadOnlySpan<float> gradients, in GradientTransform transform, long t, float lr, float beta1, float beta2, float epsilon, float decoupledDecay, bool amsGrad, Span<float> parameters, Span<float> m, Span<float> v, Span<float> vMax)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = Transform(gradients[i], parameters[i], transform);
            double theta = parameters[i] * (1.0 - (double)lr * decoupledDecay);
            double mean = beta1 * (double)m[i] + (1.0 - beta1) * g;
            double square = beta2 * (double)v[i] + (1.0 - beta2) * g * g;
            m[i] = (float)mean;
            v[i] = (float)square;
            if (amsGrad)
            {
                square = Math.Max(vMax[i], square);
                vMax[i] = (float)square;
            }

            double denominator = Math.Sqrt(square) / Math.Sqrt(1.0 - Math.Pow(beta2, t)) + epsilon;
            parameters[i] = (float)(theta - lr / (1.0 - Math.Pow(beta1, t)) * mean / denominator);
        }
    }

    public static void RmsProp(ReadOnlySpan<float> gradients, in GradientTransform transform, in RmsPropSettings s, Span<float> parameters, Span<float> squareAverage, Span<float> gradientAverage, Span<float> momentumBuffer)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = Transform(gradients[i], parameters[i], transform);
            double square = s.Alpha * (double)squareAverage[i] + (1.0 - s.Alpha) * g * g;
            squareAverage[i] = (float)square;
            double denominator;
            if (s.Centered)
            {
                double average = s.Alpha * (double)gradientAverage[i] + (1.0 - s.Alpha) * g;
                gradientAverage[i] = (float)average;
                denominator = Math.Sqrt(square - average * average) + s.Epsilon;
            }
            else
            {
                denominator = Math.Sqrt(square) + s.Epsilon;
            }

            if (s.Momentum > 0f)
            {
                double buffer = s.Momentum * (double)momentumBuffer[i] + g / denominator;
                momentumBuffer[i] = (float)buffer;
                parameters[i] = (float)(parameters[i] - s.LearningRate * buffer);
            }
            else
            {
                parameters[i] = (float)(parameters[i] - s.LearningRate * g / denominator);
            }
        }
    }

    public static void AdaGrad(ReadOnlySpan<float> gradients, in GradientTransform transform, long t, float lr, float lrDecay, float epsilon, Span<float> parameters, Span<float> sumOfSquares)
    {
        double rate = lr / (1.0 + (t - 1) * (double)lrDecay);
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = Transform(gradients[i], parameters[i], transform);
            double sum = sumOfSquares[i] + g * g;
            sumOfSquares[i] = (float)sum;
            parameters[i] = (float)(parameters[i] - rate * g / (Math.Sqrt(sum) + epsilon));
        }
    }
}
