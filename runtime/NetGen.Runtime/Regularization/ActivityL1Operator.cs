using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>dy + s·sign(y) with sign(0) = 0 (x = dy, w = y): activity L1's backward, the same bits at every width.</summary>
internal readonly struct ActivityL1Operator(float scale) : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x, float w) => x + (w > 0f ? scale : w < 0f ? -scale : 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> w) =>
        x + (Vector256.ConditionalSelect(Vector256.GreaterThan(w, Vector256<float>.Zero), Vector256.Create(scale), Vector256<float>.Zero)
            + Vector256.ConditionalSelect(Vector256.LessThan(w, Vector256<float>.Zero), Vector256.Create(-scale), Vector256<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> w) =>
        x + (Vector512.ConditionalSelect(Vector512.GreaterThan(w, Vector512<float>.Zero), Vector512.Create(scale), Vector512<float>.Zero)
            + Vector512.ConditionalSelect(Vector512.LessThan(w, Vector512<float>.Zero), Vector512.Create(-scale), Vector512<float>.Zero));
}
