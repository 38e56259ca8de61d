namespace NetGen.Runtime.Tests;

/// <summary>The dropout kernels against their plain loops at every length through the vector body and its tail.</summary>
public class DropoutTests
{
    public static TheoryData<SimdWidth, int> Lengths()
    {
        var lengths = new TheoryData<SimdWidth, int>();
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            foreach (int n in Enumerable.Range(0, 68).Append(300))
            {
                lengths.Add(width, n);
            }
        }

        return lengths;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Forward_and_backward_match_the_reference(SimdWidth width, int n)
    {
        float[] a = TestData.Uniform(n, seed: n + 1), dy = TestData.Uniform(n, seed: n + 2);
        float[] mask = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 0f : 1f / 0.75f).ToArray();
        var y = new float[n];
        var expected = new float[n];
        Assert.Equal(ExpectedCoverage.Of(width, n), Dropout.Forward(a, mask, y, width));
        DropoutReference.Forward(a, mask, expected);
        Assert.Equal(expected, y);

        float[] dyExpected = (float[])dy.Clone();
        Assert.Equal(ExpectedCoverage.Of(width, n), Dropout.Backward(mask, dy, width));
        DropoutReference.Backward(mask, dyExpected);
        Assert.Equal(dyExpected, dy);
    }

    [Fact]
    public void Spans_of_other_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Dropout.Forward(new float[4], new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => Dropout.Backward(new float[4], new float[5]));
    }
}
