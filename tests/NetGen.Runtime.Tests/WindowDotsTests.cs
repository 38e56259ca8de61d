namespace NetGen.Runtime.Tests;

/// <summary>
/// <see cref="WindowDots.WeightGradient"/> against the dots written out in double precision, at every width, over row
/// counts that exercise each tile (four rows at Vector512, pairs, a single row) and tap counts with and without a
/// remainder past the five-tap groups; and the claim its tiles rest on: a dot's bits do not depend on which tile
/// computed it.
/// </summary>
public sealed class WindowDotsTests
{
    // A padded plane of 6 × 6 positions per sample (rows 6 apart), windows of 3 × 3 taps per channel.
    private const int PlaneSize = 36, RowWidth = 6, Samples = 3;

    public static TheoryData<int, int, SimdWidth> Cases()
    {
        var cases = new TheoryData<int, int, SimdWidth>();
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            foreach (int rows in new[] { 1, 2, 3, 4, 5, 6, 7, 9, 16 })
            {
                foreach (int channels in new[] { 1, 2, 3 }) // 9, 18 and 27 taps: 4, 3 and 2 left past the groups of five
                {
                    cases.Add(rows, channels, width);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weight_gradient_matches_the_dots_and_a_tiles_rows_match_the_same_rows_alone(int rows, int channels, SimdWidth width)
    {
        int length = Vector512Lanes(PlaneSize - 2 * RowWidth); // the positions a 3 × 3 window's outputs cover, rounded to 16
        int ldg = Samples * PlaneSize + 16;
        int channelStride = Samples * PlaneSize + 32;
        float[] g = TestData.Uniform(rows * ldg, seed: rows);
        float[] planes = TestData.Uniform(channels * channelStride + 64, seed: 100 + channels);
        int[] offsets = new int[channels * 9];
        for (int c = 0, t = 0; c < channels; c++)
        {
            for (int y = 0; y < 3; y++)
            {
                for (int x = 0; x < 3; x++)
                {
                    offsets[t++] = c * channelStride + y * RowWidth + x;
                }
            }
        }

        int taps = offsets.Length;
        var dW = new float[rows * taps];
        WindowDots.WeightGradient(g, ldg, rows, planes, offsets, Samples, PlaneSize, length, dW, accumulate: false, width);
        for (int f = 0; f < rows; f++)
        {
            for (int k = 0; k < taps; k++)
            {
                double expected = 0;
                for (int s = 0; s < Samples; s++)
                {
                    for (int j = s * PlaneSize; j < s * PlaneSize + length; j++)
                    {
                        expected += (double)g[f * ldg + j] * planes[offsets[k] + j];
                    }
                }

                Assert.True(Math.Abs(expected - dW[f * taps + k]) <= 1e-5 * Samples * length, $"dW[{f}, {k}] = {dW[f * taps + k]}, expected {expected}");
            }
        }

        // Every pair of rows the tiles computed, again as a pair (the two-row tile): the same bits as in the wider tile.
        for (int f = 0; f + 2 <= rows / 2 * 2; f += 2)
        {
            var pair = new float[2 * taps];
            WindowDots.WeightGradient(g.AsSpan(f * ldg), ldg, 2, planes, offsets, Samples, PlaneSize, length, pair, accumulate: false, width);
            Assert.Equal(pair, dW.AsSpan(f * taps, 2 * taps).ToArray());
        }

        // accumulate adds this call's dots to what dW holds.
        float[] twice = [.. dW];
        WindowDots.WeightGradient(g, ldg, rows, planes, offsets, Samples, PlaneSize, length, twice, accumulate: true, width);
        Assert.Equal(dW.Select(v => v + v), twice);
    }

    private static int Vector512Lanes(int positions) => (positions + 15) / 16 * 16;
}
