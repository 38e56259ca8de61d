namespace NetGen.Runtime;

/// <summary>The vector width a kernel runs at: <see cref="Simd.Width"/> in production, each one forced by the kernel tests.</summary>
public enum SimdWidth
{
    /// <summary>Plain scalar loops.</summary>
    Scalar,

    /// <summary>Vector256 bodies, scalar tails.</summary>
    Vector256,

    /// <summary>Vector512 bodies, then Vector256, then scalar tails.</summary>
    Vector512,
}
