using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// The throws of the kernels' length checks, kept out of line. A check inlined with its message (an interpolated string
/// builds through a dozen calls) spends the JIT's inlining budget of the kernel it sits in: with tiered PGO, Epilogue's
/// bias + activation then ran its loop body as a call per vector, 4× slower than when the check only branches here.
/// </summary>
internal static class SpanErrors
{
    /// <summary>A span shorter than the kernel reads or writes.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void TooShort(string name, int length, long required) =>
        throw new ArgumentException($"{name} holds {length} floats but {required} are needed.", name);

    /// <summary>A span shorter than the matrix it holds.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MatrixTooShort(string name, int length, int rows, int columns) =>
        throw new ArgumentException($"{name} holds {length} floats but a {rows} × {columns} matrix needs {(long)rows * columns}.", name);

    /// <summary>An optimizer state span that does not hold one float per parameter.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void NotOnePerParameter(string name, int length, int parameters) =>
        throw new ArgumentException($"{name} holds {length} floats but the parameters hold {parameters}; expected one per parameter.", name);

    /// <summary>A negative GEMM dimension.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void NegativeDimensions(string name, int aRows, int aColumns, int bRows, int bColumns) =>
        throw new ArgumentOutOfRangeException(name, $"GEMM dimensions must be non-negative, got {aRows} × {aColumns} and {bRows} × {bColumns}.");

    /// <summary>Two spans a kernel pairs element by element, of different lengths.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LengthsDiffer(string what, string name, int first, int second) =>
        throw new ArgumentException($"{what} spans differ in length ({first}, {second}).", name);

    /// <summary>Three spans a kernel pairs element by element, of different lengths.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LengthsDiffer(string what, string name, int first, int second, int third) =>
        throw new ArgumentException($"{what} spans differ in length ({first}, {second}, {third}).", name);
}
