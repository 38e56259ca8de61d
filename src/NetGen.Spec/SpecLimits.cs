namespace NetGen.Spec;

/// <summary>
/// How large a network may be, checked in 64-bit arithmetic before anything is sized, so no generated constant can
/// overflow and no constructor asks for more memory than a machine has by accident (NG0039).
/// </summary>
internal static class SpecLimits
{
    /// <summary>The most elements one .NET array holds (Array.MaxLength): any buffer, the parameters included.</summary>
    public const long MaxBufferFloats = 0x7FFFFFC7;

    /// <summary>
    /// The most floats a network's buffers may take together, 2^32 (16 GiB), estimated as the parameters four times over
    /// (values, gradients, two optimizer states) plus, per layer, three batches of its widest activation.
    /// </summary>
    public const long MaxTotalFloats = 1L << 32;

    /// <summary>The largest learning rate, weight decay, L1 λ, AdaGrad rate decay and ELU α accepted (a finite bound past any useful value).</summary>
    public const float MaxRate = 1e3f;

    /// <summary>The largest magnitude of a constant bias or AdaGrad's initial accumulator.</summary>
    public const float MaxMagnitude = 1e6f;

    /// <summary>a·b for non-negative sizes, saturating at long.MaxValue instead of wrapping.</summary>
    public static long Times(long a, long b) => a == 0 || b <= long.MaxValue / a ? a * b : long.MaxValue;

    public static string BufferLimitText => "one array holds at most 2,147,483,591";

    public static string TotalLimitText => "16 GiB of buffers in all; parameters ×4 plus three batches of activations per layer";
}
