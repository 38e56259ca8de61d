using NetGen.Testing;

namespace NetGen.Runtime.Tests;

/// <summary>
/// im2col, pointwise and direct convolution against direct loops at every SIMD width (forced through the internal
/// overloads, so the AVX-512 kernels and the AVX2 ones both run here whatever this machine's <see cref="Simd.Width"/>);
/// pooling against its definition; shapes as PyTorch computes them.
/// </summary>
[Collection(Allocations.Collection)]
public class ConvolutionTests
{
    private static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512];

    public static IEnumerable<object[]> ShapesAtEveryWidth => AtEveryWidth(Shapes);

    public static IEnumerable<object[]> DirectShapesAtEveryWidth => AtEveryWidth(DirectShapes);

    public static IEnumerable<object[]> SplitShapesAtEveryWidth => AtEveryWidth(new TheoryData<int, int, int, int, int, int>
    {
        { 1, 28, 28, 6, 5, 2 },
        { 6, 14, 14, 16, 5, 0 },
        { 30, 6, 6, 100, 3, 1 }, // two Mc blocks of filters over two Kc blocks of taps, in every share
    });

    public static IEnumerable<object[]> PointwiseShapesAtEveryWidth => AtEveryWidth(new TheoryData<int, int, int, int, bool>
    {
        { 3, 5, 7, 4, true },
        { 16, 14, 14, 32, false },
    });

    public static IEnumerable<object[]> FusedBatchesAtEveryWidth => AtEveryWidth(new TheoryData<int>
    {
        3, // one share
        64, // split over cores: the activation (with its slope) reaches every share
    });

    public static TheoryData<int, int, int, int, int, int, int> Shapes => new()
    {
        // channels, height, width, filters, kernel, stride, padding
        { 1, 5, 5, 1, 1, 1, 0 },
        { 1, 28, 28, 4, 3, 1, 1 },
        { 3, 7, 9, 5, 3, 2, 1 },
        { 2, 8, 8, 3, 5, 1, 2 },
        { 4, 6, 6, 2, 2, 2, 0 },
        { 2, 9, 7, 3, 3, 3, 0 },
        { 1, 64, 64, 4, 3, 1, 1 }, // one sample per chunk (4,096 positions), 4 × 9 outputs: the weight gradient takes the dot-product path
    };

    [Theory]
    [MemberData(nameof(ShapesAtEveryWidth))]
    public void Forward_and_backward_match_direct_convolution(int c, int h, int w, int f, int k, int stride, int padding, SimdWidth width)
    {
        var shape = new ConvShape(c, h, w, f, k, stride, padding);
        const int batch = 3;
        float[] x = TestData.Uniform(batch * shape.InputSize, seed: c * 100 + h);
        float[] weight = TestData.Uniform(f * shape.PatchSize, seed: f * 10 + k);
        float[] bias = TestData.Uniform(f, seed: 5);
        var scratch = new float[Conv2D.ScratchSize(shape, batch)];
        var gemm = new GemmScratch();

        var y = new float[batch * shape.OutputSize];
        var expected = new float[y.Length];
        Conv2D.Forward(x, weight, bias, shape, batch, y, scratch, gemm, width);
        ConvReference.Forward(x, weight, bias, shape, batch, expected);
        AssertClose(expected, y, 1e-5f * shape.PatchSize, "y");

        float[] dy = TestData.Uniform(y.Length, seed: 9);
        float[] dw = new float[weight.Length], db = new float[f], dx = new float[x.Length];
        float[] edw = new float[weight.Length], edb = new float[f], edx = new float[x.Length];
        Array.Fill(dx, float.NaN); // the kernel must overwrite
        Conv2D.Backward(x, weight, dy, shape, batch, dw, db, dx, scratch, gemm, width);
        ConvReference.Backward(x, weight, dy, shape, batch, edw, edb, edx);
        AssertClose(edw, dw, 1e-5f * batch * shape.Positions, "dW");
        AssertClose(edb, db, 1e-5f * batch * shape.Positions, "db");
        AssertClose(edx, dx, 1e-5f * f * k * k, "dx");
    }

    [Theory]
    [InlineData(2, 2, 7, 9)] // the 2 × 2 stride-2 fast path, with a row and a column left over: four 4-wide windows per row
    [InlineData(2, 2, 6, 37)] // 18 outputs per row: two vectors of eight windows and one overlapping the second
    [InlineData(2, 2, 28, 28)] // LeNet's first pooling, 14 per row: one vector and one overlapping it
    [InlineData(2, 2, 10, 10)] // LeNet's second, 5 per row: two overlapping 4-wide steps
    [InlineData(2, 2, 6, 6)] // 3 per row: the scalar path
    [InlineData(3, 2, 7, 9)] // the general loop nest
    public void Max_pooling_takes_each_window_maximum_and_records_its_first_winner(int size, int stride, int h, int w)
    {
        var shape = new ConvShape(3, h, w, 3, size, stride, 0);
        const int batch = 2;
        float[] x = TestData.Uniform(batch * shape.InputSize, seed: 31);
        x[5] = x[4]; // a tie inside the first window goes to the earlier value
        var y = new float[batch * shape.OutputSize];
        var winners = new int[y.Length];
        Pooling.MaxForward(x, shape, batch, y, winners);
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int oy = 0; oy < shape.OutHeight; oy++)
                {
                    for (int ox = 0; ox < shape.OutWidth; ox++)
                    {
                        int best = -1;
                        for (int ky = 0; ky < size; ky++)
                        {
                            for (int kx = 0; kx < size; kx++)
                            {
                                int index = c * h * w + (oy * stride + ky) * w + ox * stride + kx;
                                if (best < 0 || x[b * shape.InputSize + index] > x[b * shape.InputSize + best])
                                {
                                    best = index;
                                }
                            }
                        }

                        int o = b * shape.OutputSize + (c * shape.OutHeight + oy) * shape.OutWidth + ox;
                        Assert.Equal(best, winners[o]);
                        Assert.Equal(x[b * shape.InputSize + best], y[o]);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(PointwiseShapesAtEveryWidth))]
    public void Pointwise_convolution_matches_direct_convolution(int c, int h, int w, int f, bool withBias, SimdWidth width)
    {
        var shape = new ConvShape(c, h, w, f, 1, 1, 0);
        Assert.True(PointwiseConv.Applies(shape));
        const int batch = 3;
        float[] x = TestData.Uniform(batch * shape.InputSize, seed: 41), weight = TestData.Uniform(f * c, seed: 42);
        float[] bias = withBias ? TestData.Uniform(f, seed: 43) : [];
        var gemm = new GemmScratch();
        var y = new float[batch * shape.OutputSize];
        var expected = new float[y.Length];
        PointwiseConv.Forward(x, weight, bias, shape, batch, y, gemm, width);
        ConvReference.Forward(x, weight, bias, shape, batch, expected);
        AssertClose(expected, y, 1e-5f * c, "y");

        float[] dy = TestData.Uniform(y.Length, seed: 44);
        float[] dw = new float[weight.Length], db = new float[f], dx = new float[x.Length];
        float[] edw = new float[weight.Length], edb = new float[f], edx = new float[x.Length];
        Array.Fill(dx, float.NaN);
        PointwiseConv.Backward(x, weight, dy, shape, batch, dw, withBias ? db : default, dx, new float[PointwiseConv.ScratchSize(shape)], gemm, width);
        ConvReference.Backward(x, weight, dy, shape, batch, edw, edb, edx);
        AssertClose(edw, dw, 1e-5f * batch * shape.Positions, "dW");
        if (withBias)
        {
            AssertClose(edb, db, 1e-5f * batch * shape.Positions, "db");
        }

        AssertClose(edx, dx, 1e-5f * f, "dx");
        Assert.Throws<ArgumentException>(() => PointwiseConv.Forward(x, weight, bias, new ConvShape(c, h, w, f, 3, 1, 1), batch, y, gemm));
    }

    public static TheoryData<int, int, int, int, int, int> DirectShapes => new()
    {
        // channels, height, width, filters, kernel, padding (stride 1)
        { 1, 28, 28, 6, 5, 2 }, // LeNet-5's first convolution: one 6-row tile, 28 of every 32 positions valid
        { 6, 14, 14, 16, 5, 0 }, // LeNet-5's second: filters over two 8-row tiles at AVX-512 (three 6-row ones at AVX2), ∂x through padding 4
        { 20, 9, 7, 20, 3, 1 }, // 20 filters and channels: 8-row tiles with a ragged last one (4 rows), in the forward pass and ∂x
        { 3, 7, 9, 5, 3, 1 },
        { 2, 8, 8, 3, 5, 4 }, // the widest padding the kernel takes, K − 1: ∂x needs none
        { 4, 6, 5, 7, 2, 0 }, // an even window, 7 filters (a ragged 8-row tile at AVX-512, a ragged 6-row one at AVX2), taps not a multiple of the dot tile
        { 3, 2, 2, 4, 2, 0 }, // 2 × 2 images: a vector of positions spans samples, so the weight-gradient dots run over the chunk at once
        { 30, 6, 6, 100, 3, 1 }, // 100 filters (two Mc blocks) over 270 taps (two Kc blocks)
    };

    [Theory]
    [MemberData(nameof(DirectShapesAtEveryWidth))]
    public void Direct_convolution_matches_the_definition_over_several_chunks(int c, int h, int w, int f, int k, int padding, SimdWidth width)
    {
        var shape = new ConvShape(c, h, w, f, k, 1, padding);
        Assert.True(DirectConv.Applies(shape));
        int batch = Math.Min(DirectConv.ChunkSamples(shape, int.MaxValue), 200) + 1; // the last chunk holds one sample
        float[] x = TestData.Uniform(batch * shape.InputSize, seed: c * 100 + h);
        float[] weight = TestData.Uniform(f * shape.PatchSize, seed: f * 10 + k);
        float[] bias = TestData.Uniform(f, seed: 5);
        var scratch = new float[DirectConv.ScratchSize(shape, batch, width)];
        Array.Fill(scratch, float.NaN); // every float a kernel reads must have been written by the call
        var gemm = new GemmScratch();

        var y = new float[batch * shape.OutputSize];
        var expected = new float[y.Length];
        DirectConv.Forward(x, weight, bias, shape, batch, y, scratch, gemm, default(Identity), width);
        ConvReference.Forward(x, weight, bias, shape, batch, expected);
        AssertClose(expected, y, 1e-5f * shape.PatchSize, "y");

        float[] dy = TestData.Uniform(y.Length, seed: 9);
        float[] dw = new float[weight.Length], db = new float[f], dx = new float[x.Length];
        float[] edw = new float[weight.Length], edb = new float[f], edx = new float[x.Length];
        Array.Fill(dw, float.NaN);
        Array.Fill(dx, float.NaN);
        DirectConv.Backward(x, weight, dy, shape, batch, dw, db, dx, scratch, gemm, default(Identity), [], width);
        ConvReference.Backward(x, weight, dy, shape, batch, edw, edb, edx);
        AssertClose(edw, dw, 1e-5f * batch * shape.Positions, "dW");
        AssertClose(edb, db, 1e-5f * batch * shape.Positions, "db");
        AssertClose(edx, dx, 1e-5f * f * k * k, "dx");

        float[] dwOnly = new float[weight.Length];
        DirectConv.Backward(x, weight, dy, shape, batch, dwOnly, [], [], scratch, gemm, default(Identity), [], width); // a first layer: no ∂x, no bias
        AssertClose(edw, dwOnly, 1e-5f * batch * shape.Positions, "dW without dx");
    }

    [Theory]
    [MemberData(nameof(SplitShapesAtEveryWidth))]
    public void Direct_convolution_split_over_cores_matches_the_definition_and_its_one_core_bits(int c, int h, int w, int f, int k, int padding, SimdWidth width)
    {
        var shape = new ConvShape(c, h, w, f, k, 1, padding);
        const int batch = 64; // LeNet-5's batch: large enough to split
        float[] x = TestData.Uniform(batch * shape.InputSize, seed: 3);
        float[] weight = TestData.Uniform(f * shape.PatchSize, seed: 4);
        float[] bias = TestData.Uniform(f, seed: 5);
        float[] dy = TestData.Uniform(batch * shape.OutputSize, seed: 6);
        var scratch = new float[DirectConv.ScratchSize(shape, batch, width)];
        var gemm = new GemmScratch();

        (float[] Y, float[] Dw, float[] Db, float[] Dx) Run()
        {
            var y = new float[batch * shape.OutputSize];
            float[] dw = new float[weight.Length], db = new float[f], dx = new float[x.Length];
            DirectConv.Forward(x, weight, bias, shape, batch, y, scratch, gemm, default(Identity), width);
            DirectConv.Backward(x, weight, dy, shape, batch, dw, db, dx, scratch, gemm, default(Identity), [], width);
            return (y, dw, db, dx);
        }

        var split = Run();

        // With the workers held by another thread, the call runs its shares in turn on this one.
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            Assert.True(CoreSplit.TryEnter());
            held.Set();
            release.Wait();
            CoreSplit.Exit();
        });
        holder.Start();
        held.Wait();
        (float[] Y, float[] Dw, float[] Db, float[] Dx) alone;
        try
        {
            alone = Run();
        }
        finally
        {
            release.Set();
            holder.Join();
        }

        Assert.Equal(alone.Y, split.Y);
        Assert.Equal(alone.Dw, split.Dw);
        Assert.Equal(alone.Db, split.Db);
        Assert.Equal(alone.Dx, split.Dx);

        var expected = new float[split.Y.Length];
        float[] edw = new float[weight.Length], edb = new float[f], edx = new float[x.Length];
        ConvReference.Forward(x, weight, bias, shape, batch, expected);
        ConvReference.Backward(x, weight, dy, shape, batch, edw, edb, edx);
        AssertClose(expected, split.Y, 1e-5f * shape.PatchSize, "y");
        AssertClose(edw, split.Dw, 1e-5f * batch * shape.Positions, "dW");
        AssertClose(edb, split.Db, 1e-5f * batch * shape.Positions, "db");
        AssertClose(edx, split.Dx, 1e-5f * f * k * k, "dx");
    }

    [Theory]
    [MemberData(nameof(FusedBatchesAtEveryWidth))]
    public void Direct_convolution_applies_a_fused_activation_as_a_separate_pass_would(int batch, SimdWidth width)
    {
        var shape = new ConvShape(6, 14, 14, 16, 5, 1, 0);
        float[] x = TestData.Uniform(batch * shape.InputSize, seed: 12);
        float[] weight = TestData.Uniform(16 * shape.PatchSize, seed: 13);
        float[] bias = TestData.Uniform(16, seed: 14);
        var scratch = new float[DirectConv.ScratchSize(shape, batch, width)];
        var gemm = new GemmScratch();
        var expected = new float[batch * shape.OutputSize];
        var fused = new float[expected.Length];
        var activation = new LeakyRelu(0.1f);
        DirectConv.Forward(x, weight, bias, shape, batch, expected, scratch, gemm, default(Identity), width);
        Epilogue.Activation(activation, expected, width);
        DirectConv.Forward(x, weight, bias, shape, batch, fused, scratch, gemm, activation, width);
        Assert.Equal(expected, fused);
    }

    [Theory]
    [MemberData(nameof(FusedBatchesAtEveryWidth))]
    public void Direct_convolution_backpropagates_through_a_fused_activation_as_a_separate_pass_would(int batch, SimdWidth width)
    {
        var shape = new ConvShape(6, 14, 14, 16, 5, 1, 0);
        float[] x = TestData.Uniform(batch * shape.InputSize, seed: 15);
        float[] weight = TestData.Uniform(16 * shape.PatchSize, seed: 16);
        float[] y = TestData.Uniform(batch * shape.OutputSize, seed: 17); // stored LeakyReLU outputs, negative ones included
        float[] dy = TestData.Uniform(y.Length, seed: 18);
        float[] dyBefore = (float[])dy.Clone();
        var scratch = new float[DirectConv.ScratchSize(shape, batch, width)];
        var gemm = new GemmScratch();
        var activation = new LeakyRelu(0.1f);
        float[] dz = (float[])dy.Clone();
        Epilogue.ActivationBackward(y, activation, dz, width);
        float[] dw = new float[weight.Length], db = new float[16], dx = new float[x.Length];
        DirectConv.Backward(x, weight, dz, shape, batch, dw, db, dx, scratch, gemm, default(Identity), [], width);

        float[] fdw = new float[weight.Length], fdb = new float[16], fdx = new float[x.Length];
        DirectConv.Backward(x, weight, dy, shape, batch, fdw, fdb, fdx, scratch, gemm, activation, y, width);
        Assert.Equal(dw, fdw);
        Assert.Equal(db, fdb);
        Assert.Equal(dx, fdx);
        Assert.Equal(dyBefore, dy); // ∂L/∂y is read, not overwritten
        Assert.Equal(0, Allocations.PerCall(() => DirectConv.Backward(x, weight, dy, shape, batch, fdw, fdb, fdx, scratch, gemm, activation, y, width)));
        Assert.Throws<ArgumentException>(() => DirectConv.Backward(x, weight, dy, shape, batch, fdw, fdb, fdx, scratch, gemm, activation, y.AsSpan(0, 10), width));
        Assert.Throws<ArgumentException>(() => DirectConv.Backward(x, weight, dy, shape, batch, fdw, fdb, fdx, scratch, gemm, default(Gelu), y, width));
    }

    [Fact]
    public void Direct_convolution_refuses_shapes_and_spans_it_cannot_take()
    {
        var shape = new ConvShape(2, 8, 8, 3, 3, 1, 1);
        float[] x = new float[2 * shape.InputSize], weight = new float[3 * shape.PatchSize], y = new float[2 * shape.OutputSize];
        var gemm = new GemmScratch();
        var scratch = new float[DirectConv.ScratchSize(shape, 2)];
        Assert.False(DirectConv.Applies(shape with { Stride = 2 }));
        Assert.False(DirectConv.Applies(shape with { Kernel = 1, Padding = 0 }));
        Assert.False(DirectConv.Applies(shape with { Padding = 3 }));
        Assert.Throws<ArgumentException>(() => DirectConv.Forward(x, weight, [], shape with { Stride = 2 }, 2, y, scratch, gemm));
        Assert.Throws<ArgumentException>(() => DirectConv.Forward(x, weight, [], shape, 3, y, scratch, gemm));
        var message = Assert.Throws<ArgumentException>(() => DirectConv.Forward(x, weight, [], shape, 2, y, new float[10], gemm)).Message;
        Assert.Contains("ScratchSize", message);
        Assert.Throws<ArgumentException>(() => DirectConv.Backward(x, weight, y, shape, 2, new float[2], [], [], scratch, gemm));
    }

    [Fact]
    public void Output_size_follows_pytorch()
    {
        Assert.Equal((28, 28), (new ConvShape(1, 28, 28, 8, 3, 1, 1).OutHeight, new ConvShape(1, 28, 28, 8, 3, 1, 1).OutWidth));
        Assert.Equal(14, new ConvShape(8, 28, 28, 8, 2, 2, 0).OutHeight);
        Assert.Equal(3, new ConvShape(1, 7, 7, 1, 3, 2, 0).OutHeight);
        Assert.Equal(24, new ConvShape(1, 28, 28, 6, 5, 1, 0).OutWidth); // LeNet-5's first convolution
    }

    [Fact]
    public void Max_pooling_takes_window_maxima_and_routes_gradients_to_them()
    {
        var shape = new ConvShape(1, 4, 4, 1, 2, 2, 0);
        float[] x = [1, 2, 5, 3, 4, 0, 1, 1, 7, 8, 2, 2, 6, 9, 3, 4];
        var y = new float[4];
        var winners = new int[4];
        Pooling.MaxForward(x, shape, 1, y, winners);
        Assert.Equal([4f, 5f, 9f, 4f], y);
        var dx = new float[16];
        Pooling.MaxBackward([1f, 2f, 3f, 4f], winners, shape, 1, dx);
        Assert.Equal(1f, dx[4]);
        Assert.Equal(2f, dx[2]);
        Assert.Equal(3f, dx[13]);
        Assert.Equal(4f, dx[15]);
        Assert.Equal(10f, dx.Sum());

        int[] corrupt = [0, 2, 16, 15]; // 16 lies past the sample's 16 inputs
        Assert.Contains("winners[2]", Assert.Throws<ArgumentException>(() => Pooling.MaxBackward([1f, 2f, 3f, 4f], corrupt, shape, 1, dx)).Message);
        Assert.Equal(10f, dx.Sum()); // refused before anything was written

        var large = new ConvShape(1, 28, 28, 1, 2, 2, 0); // 196 winners: the vector check finds the bad one
        var largeWinners = new int[large.OutputSize];
        largeWinners[100] = -1;
        Assert.Contains("winners[100]", Assert.Throws<ArgumentException>(() => Pooling.MaxBackward(new float[large.OutputSize], largeWinners, large, 1, new float[large.InputSize])).Message);
        Assert.Throws<ArgumentException>(() => Pooling.MaxBackward([1f, 2f, 3f], winners, shape, 1, dx));
    }

    [Theory]
    [InlineData(28, 28, false)] // 14 windows per row: a vector of eight and six one by one
    [InlineData(7, 9, false)] // odd sizes: the last row and column belong to no window
    [InlineData(28, 28, true)] // a winner outside its window (not what MaxForward records) is still honoured
    public void Max_pooling_backward_routes_each_gradient_to_its_winner(int h, int w, bool foreignWinner)
    {
        var shape = new ConvShape(3, h, w, 3, 2, 2, 0);
        const int batch = 2;
        float[] x = TestData.Uniform(batch * shape.InputSize, seed: 8);
        var y = new float[batch * shape.OutputSize];
        var winners = new int[y.Length];
        Pooling.MaxForward(x, shape, batch, y, winners);
        if (foreignWinner)
        {
            winners[shape.OutputSize + 9] = winners[shape.OutputSize + 3]; // two windows of sample 1 share a winner
        }

        float[] dy = TestData.Uniform(y.Length, seed: 9);
        var expected = new float[x.Length];
        for (int o = 0; o < y.Length; o++)
        {
            expected[o / shape.OutputSize * shape.InputSize + winners[o]] += dy[o];
        }

        var dx = new float[x.Length];
        Array.Fill(dx, float.NaN);
        Pooling.MaxBackward(dy, winners, shape, batch, dx);
        Assert.Equal(expected, dx);
    }

    [Fact]
    public void Average_pooling_is_the_window_mean_and_spreads_gradients_evenly()
    {
        var shape = new ConvShape(2, 4, 4, 2, 2, 2, 0);
        float[] x = TestData.Uniform(2 * shape.InputSize, seed: 3);
        var y = new float[2 * shape.OutputSize];
        Pooling.AverageForward(x, shape, 2, y);
        Assert.Equal((x[0] + x[1] + x[4] + x[5]) / 4, y[0], 1e-6f);
        var dx = new float[x.Length];
        float[] dy = TestData.Uniform(y.Length, seed: 4);
        Pooling.AverageBackward(dy, shape, 2, dx);
        Assert.Equal(dy[0] / 4, dx[5], 1e-7f);
        Assert.Equal(dy.Sum(), dx.Sum(), 1e-4f);
    }

    /// <summary>Every row of <paramref name="rows"/> once per SIMD width, the width appended as the last argument.</summary>
    private static IEnumerable<object[]> AtEveryWidth(IEnumerable<object[]> rows) =>
        from row in rows from width in Widths select row.Append(width).ToArray();

    private static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}] = {actual[i]}, expected {expected[i]}");
        }
    }
}
