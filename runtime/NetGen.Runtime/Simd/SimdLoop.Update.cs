using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

internal static partial class SimdLoop
{
    /// <summary>
    /// op over indices 0 … length − 1 in place, at the three tiers: the operator's Vector512 step over whole groups of
    /// 16 (at <see cref="SimdWidth.Vector512"/>), its Vector256 step over whole groups of 8, then its scalar step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdCoverage Update<TOperator>(int length, TOperator op, SimdWidth width)
        where TOperator : struct, IUpdateOperator, allows ref struct
    {
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= length - 16; i += 16)
            {
                op.Lanes512((nuint)i);
            }
        }

        int wide = i;
        if (width != SimdWidth.Scalar)
        {
            for (; i <= length - 8; i += 8)
            {
                op.Lanes256((nuint)i);
            }
        }

        var coverage = new SimdCoverage(wide, i - wide, length - i);
        for (; i < length; i++)
        {
            op.Element((nuint)i);
        }

        return coverage;
    }
}
