namespace NetGen.Runtime.Tests;

/// <summary>
/// Which loop a width-dispatched kernel must run for a span of n elements: Vector512 takes whole groups of 16, then
/// Vector256 whole groups of 8, then scalar the rest; a test comparing this with the kernel's <see cref="SimdCoverage"/>
/// shows the width it asked for reached its own body.
/// </summary>
internal static class ExpectedCoverage
{
    public static SimdCoverage Of(SimdWidth width, int n) => width switch
    {
        SimdWidth.Vector512 => new(n - n % 16, n % 16 - n % 8, n % 8),
        SimdWidth.Vector256 => new(0, n - n % 8, n % 8),
        _ => new(0, 0, n),
    };

    /// <summary>A kernel that runs the loop once per row of n elements: each tier's count times the rows.</summary>
    public static SimdCoverage Of(SimdWidth width, int rows, int n)
    {
        SimdCoverage row = Of(width, n);
        return new(rows * row.Vector512, rows * row.Vector256, rows * row.Scalar);
    }
}
