using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// e^x on float lanes, the exponential every kernel uses (softmax, tanh, sigmoid, SiLU, GELU, ELU). The BCL's
/// <c>Vector512.Exp</c> widens each half to double and is a call per vector: 10.4 ns per 16 floats on an AVX-512 Xeon, where this
/// form, inlined, takes 6.2 (the benchmark <c>Exponentials</c>; <c>VectorExpTests</c> pins its accuracy). Cody–Waite reduction
/// x = n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two so n·ln 2 is exact), Cephes' degree-5 polynomial for e^r,
/// then 2^n applied as two exact power-of-two factors so results near the ends of the range (overflow to +∞ above
/// 88.72, gradual underflow to 0 below −87.3) round once. Within 1 ulp of e^x (the BCL's is within 2), exactly 1 at 0,
/// +∞ at +∞, 0 at −∞, NaN at NaN. The two widths run the same operations lane by lane, so a value's bits do not depend
/// on the width or on its position in a vector (the scalar form is one Vector256 lane).
/// </summary>
internal static class VectorExp
{
    // Inputs are clamped to [Low, High]: below, e^x is under half the smallest subnormal; above, it overflows.
    private const float Low = -104f, High = 89f;
    private const float Log2E = 1.44269504088896341f;

    // ln 2 = Ln2High + Ln2Low: Ln2High has 9 significant bits, so n · Ln2High is exact for |n| < 2^15.
    private const float Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;

    // Adding 1.5 · 2^23 rounds a float below 2^22 in magnitude to the nearest integer (ties to even) in its low bits.
    private const float RoundingShift = 12582912f;
    private const int RoundingShiftBits = 0x4B400000;

    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f, P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <summary>e^x, as one lane of <see cref="Exp(Vector256{float})"/>.</summary>
    public static float Exp(float x) => Exp(Vector256.Create(x)).ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(Low)), Vector256.Create(High));
        Vector256<float> shifted = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        Vector256<float> n = shifted - Vector256.Create(RoundingShift);
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        Vector256<float> p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        p = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;

        // 2^n = 2^half · 2^(n − half), each factor a normal float for n in [−150, 129].
        Vector256<int> power = shifted.AsInt32() - Vector256.Create(RoundingShiftBits);
        Vector256<int> half = Vector256.ShiftRightArithmetic(power, 1);
        Vector256<float> first = Vector256.ShiftLeft(half + Vector256.Create(127), 23).AsSingle();
        Vector256<float> second = Vector256.ShiftLeft(power - half + Vector256.Create(127), 23).AsSingle();
        return p * first * second;
    }

    /// <summary>The same operations as <see cref="Exp(Vector256{float})"/> on sixteen lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(Low)), Vector512.Create(High));
        Vector512<float> shifted = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(RoundingShift));
        Vector512<float> n = shifted - Vector512.Create(RoundingShift);
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;

        Vector512<int> power = shifted.AsInt32() - Vector512.Create(RoundingShiftBits);
        Vector512<int> half = Vector512.ShiftRightArithmetic(power, 1);
        Vector512<float> first = Vector512.ShiftLeft(half + Vector512.Create(127), 23).AsSingle();
        Vector512<float> second = Vector512.ShiftLeft(power - half + Vector512.Create(127), 23).AsSingle();
        return p * first * second;
    }
}
