namespace NetGen.Runtime;

/// <summary>
/// Packing buffers for <see cref="Gemm"/>, allocated once (a network owns one) so that no GEMM call allocates.
/// Their size is fixed by the cache blocking, not by the shapes multiplied. Each starts on a 64-byte cache line
/// (<see cref="AlignedFloats"/>), so a packed panel's vector loads never straddle two lines (with the GC's 8-byte
/// alignment, some runs split half of them and ran the same GEMM markedly slower).
/// </summary>
public sealed class GemmScratch
{
    private readonly AlignedFloats _packedA = new(Gemm.Mc * Gemm.Kc);
    private readonly AlignedFloats _packedB = new(Gemm.Kc * Gemm.Nc);
    private readonly AlignedFloats _edgeTile = new(GemmKernels.Mr * GemmKernels.MaxNr);

    /// <summary>A block of A, Mc × Kc, packed as Mr-row panels (k-major inside a panel).</summary>
    internal Span<float> PackedA => _packedA.AsSpan();

    /// <summary>A block of B, Kc × Nc, packed as Nr-column panels (k-major inside a panel).</summary>
    internal Span<float> PackedB => _packedB.AsSpan();

    /// <summary>One Mr × Nr tile for edge tiles that do not fill a whole micro-kernel tile.</summary>
    internal Span<float> EdgeTile => _edgeTile.AsSpan();
}
