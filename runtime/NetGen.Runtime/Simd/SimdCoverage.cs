namespace NetGen.Runtime;

/// <summary>
/// How many elements of a span each loop of a width-dispatched kernel handled: what a test checks to show that the
/// width it asked for ran its own body (a Vector512 request on a CPU without AVX-512 still runs the Vector512 loop,
/// emulated), and that the narrower loops only took the tail.
/// </summary>
/// <param name="Vector512">Elements done sixteen at a time.</param>
/// <param name="Vector256">Elements done eight at a time.</param>
/// <param name="Scalar">Elements done one at a time.</param>
internal readonly record struct SimdCoverage(int Vector512, int Vector256, int Scalar)
{
    /// <summary>Two loops' coverage together: a kernel that runs the loop once per row reports the sum over its rows.</summary>
    public static SimdCoverage operator +(SimdCoverage a, SimdCoverage b) =>
        new(a.Vector512 + b.Vector512, a.Vector256 + b.Vector256, a.Scalar + b.Scalar);
}
