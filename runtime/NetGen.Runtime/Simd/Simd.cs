using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The one place the runtime's vector width is chosen: every kernel family (GEMM, convolution, epilogues, norms,
/// pooling, losses, optimizers) runs at <see cref="Width"/>, read once per process. It is the widest width this
/// processor accelerates unless the environment variable <c>NETGEN_SIMD</c> forces one (<c>scalar</c>, <c>256</c> or
/// <c>512</c>), so a benchmark can measure the AVX2 path on an AVX-512 machine and a test run can cover a narrower
/// path. A forced Vector512 on a processor without AVX-512 runs .NET's emulated Vector512: correct, and slow.
/// </summary>
public static class Simd
{
    /// <summary>The environment variable that forces a width for the whole process.</summary>
    public const string WidthVariable = "NETGEN_SIMD";

    /// <summary>The widest width this processor accelerates (Vector512 needs AVX-512F, Vector256 AVX2 or its equivalent).</summary>
    public static SimdWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : SimdWidth.Scalar;

    /// <summary>What <c>NETGEN_SIMD</c> asked for, read once; declared after <see cref="Best"/>, which it falls back to.</summary>
    private static readonly (SimdWidth Width, bool Forced) Choice = Choose(Environment.GetEnvironmentVariable(WidthVariable));

    /// <summary>The width every kernel runs at in this process: <see cref="Best"/>, or what <c>NETGEN_SIMD</c> forces.</summary>
    public static SimdWidth Width { get; } = Choice.Width;

    /// <summary>Whether <see cref="Width"/> was forced by the environment rather than chosen for this processor.</summary>
    public static bool Forced { get; } = Choice.Forced;

    /// <summary>Whether <paramref name="width"/> runs on this processor's vector units rather than emulated or scalar.</summary>
    public static bool IsAccelerated(SimdWidth width) => width switch
    {
        SimdWidth.Vector512 => Vector512.IsHardwareAccelerated,
        SimdWidth.Vector256 => Vector256.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>
    /// <c>NETGEN_SIMD</c>'s width, and whether it forced one; an invalid value is reported once on standard error and
    /// ignored, as <c>NETGEN_THREADS</c> is: a type initializer that threw would leave every kernel unusable.
    /// </summary>
    private static (SimdWidth Width, bool Forced) Choose(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (Best, false);
        }

        try
        {
            return (Parse(value), true);
        }
        catch (ArgumentException)
        {
            Console.Error.WriteLine($"NetGen: {NoSuchWidth(value)} Using {Best}.");
            return (Best, false);
        }
    }

    /// <summary>The width a value of <c>NETGEN_SIMD</c> names; unset or blank is <see cref="Best"/>.</summary>
    /// <exception cref="ArgumentException">The value names no width.</exception>
    internal static SimdWidth Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => Best,
        "scalar" => SimdWidth.Scalar,
        "256" or "vector256" or "avx2" => SimdWidth.Vector256,
        "512" or "vector512" or "avx512" => SimdWidth.Vector512,
        _ => throw new ArgumentException(NoSuchWidth(value), nameof(value)),
    };

    private static string NoSuchWidth(string? value) =>
        $"{WidthVariable}='{value}' names no SIMD width; expected scalar, 256 or 512 (or unset for the widest this processor accelerates).";
}
