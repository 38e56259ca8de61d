namespace NetGen.Runtime;

/// <summary>
/// Packing buffers for <see cref="Gemm"/>, allocated once (a network owns one) so that no GEMM call allocates.
/// Their size is fixed by the cache blocking, not by the shapes multiplied.
/// </summary>
public sealed class GemmScratch
{
    /// <summary>A block of A, Mc × Kc, packed as Mr-row panels (k-major inside a panel).</summary>
    internal readonly float[] PackedA = new float[Gemm.Mc * Gemm.Kc];

    /// <summary>A block of B, Kc × Nc, packed as Nr-column panels (k-major inside a panel).</summary>
    internal readonly float[] PackedB = new float[Gemm.Kc * Gemm.Nc];

    /// <summary>One Mr × Nr tile for edge tiles that do not fill a whole micro-kernel tile.</summary>
    internal readonly float[] EdgeTile = new float[GemmKernels.Mr * 32];
}
