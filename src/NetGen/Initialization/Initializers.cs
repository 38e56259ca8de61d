using NetGen.Randomness;

namespace NetGen.Initialization;

/// <summary>
/// The weight initialization schemes, with fan and gain as torch.nn.init defines them. Generated constructors
/// call these with the fan-in, fan-out and gain worked out at build time.
/// </summary>
public static class Initializers
{
    /// <summary>U(-bound, bound).</summary>
    public static void Uniform(Span<float> values, float bound, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextUniform(-bound, bound);
        }
    }

    /// <summary>N(0, std²).</summary>
    public static void Normal(Span<float> values, float std, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(std * random.NextNormal());
        }
    }

    /// <summary>Every value set to <paramref name="value"/> (zero, or a constant bias such as 0.01).</summary>
    public static void Constant(Span<float> values, float value) => values.Fill(value);

    /// <summary>torch.nn.Linear's default: U(-1/√fan_in, 1/√fan_in), for weight and bias alike.</summary>
    public static void PyTorchDefault(Span<float> values, int fanIn, SeededRandom random) =>
        Uniform(values, fanIn > 0 ? 1f / MathF.Sqrt(fanIn) : 0f, random);

    /// <summary>Xavier/Glorot uniform: bound = gain·√(6/(fan_in + fan_out)).</summary>
    public static void XavierUniform(Span<float> values, int fanIn, int fanOut, float gain, SeededRandom random) =>
        Uniform(values, gain * MathF.Sqrt(6f / (fanIn + fanOut)), random);

    /// <summary>Xavier/Glorot normal: std = gain·√(2/(fan_in + fan_out)).</summary>
    public static void XavierNormal(Span<float> values, int fanIn, int fanOut, float gain, SeededRandom random) =>
        Normal(values, gain * MathF.Sqrt(2f / (fanIn + fanOut)), random);

    /// <summary>Kaiming/He uniform (fan-in mode): bound = gain·√(3/fan_in).</summary>
    public static void HeUniform(Span<float> values, int fanIn, float gain, SeededRandom random) =>
        Uniform(values, gain * MathF.Sqrt(3f / fanIn), random);

    /// <summary>Kaiming/He normal (fan-in mode): std = gain/√fan_in.</summary>
    public static void HeNormal(Span<float> values, int fanIn, float gain, SeededRandom random) =>
        Normal(values, gain / MathF.Sqrt(fanIn), random);

    /// <summary>LeCun normal: std = 1/√fan_in.</summary>
    public static void LeCunNormal(Span<float> values, int fanIn, SeededRandom random) =>
        Normal(values, 1f / MathF.Sqrt(fanIn), random);

    /// <summary>torch.nn.init.calculate_gain for leaky_relu with negative slope a: √(2/(1 + a²)); a = 0 is ReLU's √2.</summary>
    public static float LeakyReluGain(float slope) => MathF.Sqrt(2f / (1f + slope * slope));
}
