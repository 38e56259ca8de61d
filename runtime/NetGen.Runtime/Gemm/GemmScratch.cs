namespace NetGen.Runtime;

/// <summary>
/// Packing buffers for <see cref="Gemm"/>, allocated once (a network owns one) so that no GEMM call allocates.
/// Their size is fixed by the cache blocking, not by the shapes multiplied. Each starts on a 64-byte cache line, so a
/// packed panel's vector loads never straddle two lines (with the GC's 8-byte alignment, some runs split half of them
/// and ran the same GEMM markedly slower).
/// </summary>
public sealed class GemmScratch
{
    private const int Line = 64 / sizeof(float);

    private readonly float[] _packedA = Pinned(Gemm.Mc * Gemm.Kc);
    private readonly float[] _packedB = Pinned(Gemm.Kc * Gemm.Nc);
    private readonly float[] _edgeTile = Pinned(GemmKernels.Mr * GemmKernels.MaxNr);

    /// <summary>A block of A, Mc × Kc, packed as Mr-row panels (k-major inside a panel).</summary>
    internal Span<float> PackedA => Aligned(_packedA, Gemm.Mc * Gemm.Kc);

    /// <summary>A block of B, Kc × Nc, packed as Nr-column panels (k-major inside a panel).</summary>
    internal Span<float> PackedB => Aligned(_packedB, Gemm.Kc * Gemm.Nc);

    /// <summary>One Mr × Nr tile for edge tiles that do not fill a whole micro-kernel tile.</summary>
    internal Span<float> EdgeTile => Aligned(_edgeTile, GemmKernels.Mr * GemmKernels.MaxNr);

    /// <summary>An array on the pinned heap (it never moves, so an aligned offset stays aligned), one line longer than asked.</summary>
    private static float[] Pinned(int length) => GC.AllocateArray<float>(length + Line, pinned: true);

    private static unsafe Span<float> Aligned(float[] array, int length)
    {
        fixed (float* start = array)
        {
            int offset = (int)((64 - ((nint)start & 63)) & 63) / sizeof(float);
            return array.AsSpan(offset, length);
        }
    }
}
