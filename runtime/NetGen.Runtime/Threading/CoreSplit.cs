using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// The processor's other cores as long-lived worker threads parked on events, each with its own GEMM packing buffers,
/// running shares of one job at a time. A job is a static function of (share index, share count, packing buffers);
/// its operands are pinned by the caller and published in static fields before <see cref="Run"/>, so a split call
/// allocates nothing. One job runs at a time: a caller that finds the workers busy does its work on its own thread.
/// Used by <see cref="GemmParallel"/> (column strips of a large product) and <see cref="DirectConv"/> (sample ranges).
/// </summary>
internal static unsafe class CoreSplit
{
    private static readonly object Gate = new();
    private static readonly Worker[] Workers = CreateWorkers();

    // The share function of the job being run, written under Gate before the workers are released.
    private static delegate*<int, int, GemmScratch, void> _share;

    /// <summary>Shares a split job has: the caller's core plus one per worker.</summary>
    public static int Threads => Workers.Length + 1;

    /// <summary>Takes the workers for one job; false if another thread holds them (the caller then runs alone).</summary>
    public static bool TryEnter() => Monitor.TryEnter(Gate);

    /// <summary>Releases the workers taken by <see cref="TryEnter"/>.</summary>
    public static void Exit() => Monitor.Exit(Gate);

    /// <summary>
    /// With the workers taken: runs share 0 on the calling thread with <paramref name="callerScratch"/> and share i on
    /// worker i, and returns when every share is done. Shares must not throw (callers validate before splitting).
    /// </summary>
    public static void Run(delegate*<int, int, GemmScratch, void> share, GemmScratch callerScratch)
    {
        _share = share;
        foreach (Worker worker in Workers)
        {
            worker.Start();
        }

        share(0, Threads, callerScratch);
        foreach (Worker worker in Workers)
        {
            worker.Wait();
        }
    }

    private static Worker[] CreateWorkers()
    {
        int count = Math.Max(0, Environment.ProcessorCount - 1);
        var workers = new Worker[count];
        for (int i = 0; i < count; i++)
        {
            workers[i] = new Worker(i + 1);
        }

        return workers;
    }

    /// <summary>A background thread that runs one share of each job it is started on.</summary>
    private sealed class Worker
    {
        // Spins before a wait blocks: enough to catch the next job of a layer's passes, short enough that an idle
        // worker does not take issue slots from the caller's core (vCPUs may be SMT siblings).
        private const int SpinCount = 100;

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
                _share(_index, Threads, _scratch);
                _done.Set();
            }
        }
    }
}
