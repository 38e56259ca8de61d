namespace NetGen.Runtime.Tests;

/// <summary>
/// The compute-thread setting: read from NETGEN_THREADS, settable at run time, and never a reason for different bits or
/// for a scratch buffer sized under another count to stop fitting.
/// </summary>
public unsafe class ComputeThreadsTests
{
    private static object? _kept;

    [Fact]
    public void What_a_worker_allocates_in_a_share_is_counted()
    {
        int before = ComputeThreads.Count;
        try
        {
            ComputeThreads.Count = 2;
            Assert.True(CoreSplit.TryEnter());
            long counted = ComputeThreads.WorkerAllocatedBytes;
            try
            {
                CoreSplit.Run(&AllocateOnWorkers, 2, new GemmScratch());
            }
            finally
            {
                CoreSplit.Exit();
            }

            Assert.True(ComputeThreads.WorkerAllocatedBytes - counted >= 1024, "a worker's 1 KiB array is counted");
        }
        finally
        {
            ComputeThreads.Count = before;
        }
    }

    /// <summary>A share that allocates 1 KiB on every worker (share 0 runs on the caller, whose count is its own).</summary>
    private static void AllocateOnWorkers(int index, int shares, GemmScratch scratch)
    {
        if (index > 0)
        {
            _kept = new byte[1024];
        }
    }

    [Theory]
    [InlineData(null, 4)]
    [InlineData("", 4)]
    [InlineData("3", 3)]
    [InlineData("256", 256)]
    [InlineData("0", 4)]
    [InlineData("-2", 4)]
    [InlineData("257", 4)]
    [InlineData("two", 4)]
    [InlineData("1.5", 4)]
    public void The_environment_variable_sets_the_default_when_it_is_a_count_in_range(string? text, int expected) =>
        Assert.Equal(expected, ComputeThreads.FromEnvironment(text, fallback: 4));

    [Fact]
    public void Counts_outside_1_to_MaxCount_are_refused_and_change_nothing()
    {
        int before = ComputeThreads.Count;
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeThreads.Count = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeThreads.Count = ComputeThreads.MaxCount + 1);
        Assert.Equal(before, ComputeThreads.Count);
    }

    [Fact]
    public void Splitting_off_on_one_thread_keeps_its_jobs_on_it_and_leaves_other_threads_alone()
    {
        const int m = 130, n = 301, k = 257;
        float[] x = TestData.Uniform(m * k, seed: 41), w = TestData.Uniform(n * k, seed: 42);
        var split = new float[m * n];
        Gemm.MultiplyTransposedB(x, w, m, n, k, split, new GemmScratch());
        var alone = new float[m * n];
        bool offThere = true, tookWorkersThere = true, freshThreadSplits = false;
        var worker = new Thread(() =>
        {
            ComputeThreads.SplitOnCurrentThread = false;
            offThere = !ComputeThreads.SplitOnCurrentThread;
            tookWorkersThere = CoreSplit.TryEnter(); // refused without touching the workers' lock
            Gemm.MultiplyTransposedB(x, w, m, n, k, alone, new GemmScratch());
            var fresh = new Thread(() => freshThreadSplits = ComputeThreads.SplitOnCurrentThread);
            fresh.Start();
            fresh.Join();
        });
        worker.Start();
        worker.Join();

        Assert.True(offThere);
        Assert.False(tookWorkersThere);
        Assert.True(freshThreadSplits); // thread-local: a thread started from it splits as usual
        Assert.True(ComputeThreads.SplitOnCurrentThread); // and this thread is untouched
        Assert.Equal(split, alone); // the same bits on one thread as split over the cores
    }

    [Fact]
    public void Any_count_gives_the_single_thread_bits_and_scratch_sized_under_another_count_still_fits()
    {
        int before = ComputeThreads.Count;
        const int m = 130, n = 301, k = 257;
        float[] x = TestData.Uniform(m * k, seed: 31), w = TestData.Uniform(n * k, seed: 32);
        var shape = new ConvShape(8, 20, 20, 16, 3, 1, 1);
        const int batch = 16;
        float[] image = TestData.Uniform(batch * shape.InputSize, seed: 33), filters = TestData.Uniform(shape.Filters * shape.PatchSize, seed: 34);
        var scratch = new GemmScratch();
        try
        {
            ComputeThreads.Count = 1;
            float[] product = Product();
            var small = new float[DirectConv.ScratchSize(shape, batch)];
            float[] convolved = Convolve(small);
            foreach (int count in new[] { 2, 3, 1 })
            {
                ComputeThreads.Count = count;
                Assert.Equal(count, ComputeThreads.Count);
                Assert.Equal(product, Product());
                Assert.Equal(convolved, Convolve(small)); // sized for one thread: runs as one share
                Assert.Equal(convolved, Convolve(new float[DirectConv.ScratchSize(shape, batch)]));
            }
        }
        finally
        {
            ComputeThreads.Count = before;
        }

        float[] Product()
        {
            var c = new float[m * n];
            Gemm.MultiplyTransposedB(x, w, m, n, k, c, scratch);
            return c;
        }

        float[] Convolve(float[] convScratch)
        {
            var y = new float[batch * shape.OutputSize];
            DirectConv.Forward(image, filters, default, shape, batch, y, convScratch, scratch);
            return y;
        }
    }
}
