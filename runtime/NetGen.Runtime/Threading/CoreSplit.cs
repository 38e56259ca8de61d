using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// The other compute threads (<see cref="ComputeThreads.Count"/> − 1) as long-lived workers parked on events, each with
/// its own GEMM packing buffers, running shares of one job at a time. A job is a static function of (share index, share count, packing buffers);
/// its operands are pinned by the caller and published in static fields before <see cref="Run"/>, so a split call
/// allocates nothing. One job runs at a time: a caller that finds the workers busy does its work on its own thread.
/// Used by <see cref="GemmParallel"/> (column strips of a large product), <see cref="RowDot"/> (column ranges of a
/// few-row product), and <see cref="DirectConv"/> and <see cref="PoolingSplit"/> (sample ranges).
/// </summary>
internal static unsafe class CoreSplit
{
    private static readonly object Gate = new();

    // Every worker started so far; the first _threads − 1 take part in a job. Both change only under Gate.
    private static readonly List<Worker> Workers = [];
    private static int _threads = Start(ComputeThreads.Default);

    // The share function of the job being run and its share count, written under Gate before the workers are released.
    private static delegate*<int, int, GemmScratch, void> _share;
    private static int _shares;
    private static long _workerAllocatedBytes;

    /// <summary>Managed bytes the workers have allocated while running shares, over the process's life.</summary>
    public static long WorkerAllocatedBytes => Interlocked.Read(ref _workerAllocatedBytes);

    /// <summary>Shares a split job has: the caller's thread plus one per active worker.</summary>
    public static int Threads => Volatile.Read(ref _threads);

    /// <summary>Makes jobs use <paramref name="threads"/> shares, starting workers if there are too few; waits for a running job.</summary>
    public static void SetThreads(int threads)
    {
        lock (Gate)
        {
            Volatile.Write(ref _threads, Start(threads));
        }
    }

    // Set on a thread that must run every split job alone (ComputeThreads.SplitOnCurrentThread = false).
    [ThreadStatic]
    private static bool t_alone;

    /// <summary>Whether split jobs called on the current thread may use the workers (false: they run on it alone).</summary>
    public static bool SplitOnCurrentThread
    {
        get => !t_alone;
        set => t_alone = !value;
    }

    /// <summary>
    /// Takes the workers for one job; false if another thread holds them or the current thread runs alone
    /// (<see cref="SplitOnCurrentThread"/>), in which case the caller runs the job on its own thread.
    /// </summary>
    public static bool TryEnter() => !t_alone && Monitor.TryEnter(Gate);

    /// <summary>Releases the workers taken by <see cref="TryEnter"/>.</summary>
    public static void Exit() => Monitor.Exit(Gate);

    /// <summary>
    /// With the workers taken: runs share 0 of <paramref name="shares"/> on the calling thread with
    /// <paramref name="callerScratch"/> and share i on worker i, and returns when every share is done. The caller picks
    /// the count (at most <see cref="Threads"/> when it looked; workers are never stopped, so that many exist) and each
    /// share function receives it. Shares must not throw (callers validate before splitting).
    /// </summary>
    public static void Run(delegate*<int, int, GemmScratch, void> share, int shares, GemmScratch callerScratch)
    {
        if (shares < 1 || shares > Workers.Count + 1)
        {
            SharesOutOfRange(shares, Workers.Count + 1);
        }

        _share = share;
        _shares = shares;
        for (int i = 0; i < shares - 1; i++)
        {
            Workers[i].Start();
        }

        share(0, shares, callerScratch);
        for (int i = 0; i < shares - 1; i++)
        {
            Workers[i].Wait();
        }
    }

    /// <summary>Starts workers until <paramref name="threads"/> − 1 exist; returns <paramref name="threads"/>.</summary>
    private static int Start(int threads)
    {
        while (Workers.Count < threads - 1)
        {
            Workers.Add(new Worker(Workers.Count + 1));
        }

        return threads;
    }

    /// <summary>A background thread that runs one share of each job it is started on.</summary>
    private sealed class Worker
    {
        // Spins before a wait blocks (ManualResetEventSlim's SpinWait: a few pauses, then yields of the core, ~1–2 ms
        // in all; its most is 2047). Enough to catch the next job across a whole training step, so a worker is awake
        // for every product and convolution of it: with 100 spins it went to sleep between a step's passes and each
        // split paid a wake-up. On a 2-core Xeon, alternating processes: MLP 784-256-128-10 train 771–813 -> 679–698
        // µs, LeNet-5 1551–1593 -> 1410–1432 µs, 10 × 500 tanh 54.6–57.7 -> 50.9–53.0 ms (medians). A worker that has
        // gone idle yields its core to whatever else runs, and blocks after the spin.
        private const int SpinCount = 2000;

        private readonly ManualResetEventSlim _start = new(false, spinCount: SpinCount);
        private readonly ManualResetEventSlim _done = new(false, spinCount: SpinCount);
        private readonly GemmScratch _scratch = new();
        private readonly int _index;

        public Worker(int index)
        {
            _index = index;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"NetGen worker {index}" };
            thread.Start();
        }

        public void Start()
        {
            _done.Reset();
            _start.Set();
        }

        public void Wait() => _done.Wait();

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                _start.Reset();
                long before = GC.GetAllocatedBytesForCurrentThread();
                _share(_index, _shares, _scratch);
                Interlocked.Add(ref _workerAllocatedBytes, GC.GetAllocatedBytesForCurrentThread() - before);
                _done.Set();
            }
        }
    }

    /// <summary>The message of <see cref="Run"/>'s check, built out of line (see <see cref="SpanErrors"/>).</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SharesOutOfRange(int shares, int most) =>
        throw new ArgumentOutOfRangeException(nameof(shares), shares, $"a split job has 1 to {most} shares");
}
