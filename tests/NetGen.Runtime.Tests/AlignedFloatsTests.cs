namespace NetGen.Runtime.Tests;

/// <summary>AlignedFloats: every buffer starts a cache line and keeps it through collections; its spans stay inside it.</summary>
public class AlignedFloatsTests
{
    [Fact]
    public unsafe void Every_buffer_starts_a_cache_line_and_stays_there_through_a_compacting_collection()
    {
        // Lengths that leave every remainder of a line, so the arrays behind them land at every offset.
        var buffers = Enumerable.Range(0, 40).Select(n => new AlignedFloats(n * 3 + 1)).ToList();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        foreach (AlignedFloats buffer in buffers)
        {
            fixed (float* first = buffer.AsSpan())
            {
                Assert.Equal(0, (nint)first & 63);
            }

            Assert.Equal(buffer.Length, buffer.AsSpan().Length);
            Assert.All(buffer.AsSpan().ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Spans_are_views_of_one_buffer_and_ranges_outside_it_are_refused()
    {
        var buffer = new AlignedFloats(10);
        buffer.AsSpan(3, 4).Fill(2f);
        Span<float> whole = buffer;
        ReadOnlySpan<float> readOnly = buffer;
        Assert.Equal([0f, 0f, 0f, 2f, 2f, 2f, 2f, 0f, 0f, 0f], whole.ToArray());
        Assert.Equal(10, readOnly.Length);
        Assert.Equal(0, buffer.AsSpan(10, 0).Length);
        var past = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(8, 3));
        Assert.Contains("floats 8..11 are not inside a buffer of 10", past.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(11, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedFloats(-1));
        Assert.Equal(0, new AlignedFloats(0).AsSpan().Length);
    }
}
