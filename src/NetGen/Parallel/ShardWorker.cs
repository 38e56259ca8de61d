using System.Runtime.ExceptionServices;
using NetGen.Runtime;

namespace NetGen.Training; // folder Parallel; not a namespace NetGen.Parallel, which would hide System.Threading.Tasks.Parallel from all code in namespace NetGen.*

/// <summary>What a <see cref="ShardWorker"/> runs: one shard of the step in progress.</summary>
internal interface IShardRunner
{
    /// <summary>Runs shard <paramref name="worker"/> of the published step; may throw (the worker keeps the exception).</summary>
    void RunShard(int worker);
}

/// <summary>
/// A long-lived background thread parked on an event that runs one shard of each step it is started on, with split
/// kernels kept on it (<see cref="ComputeThreads.SplitOnCurrentThread"/> = false: the workers are the parallelism). No
/// allocation per step: the events are reused and the runner is a field. An exception from the shard is kept and
/// handed to <see cref="Wait"/>'s caller; the thread stays ready for the next step.
/// </summary>
internal sealed class ShardWorker : IDisposable
{
    // Spins before a wait blocks: enough to catch the next step of a small network's loop, short enough that an idle
    // worker does not take issue slots from a busy core for long (the machine's vCPUs may be SMT siblings).
    private const int SpinCount = 100;

    private readonly ManualResetEventSlim _start = new(false, SpinCount);
    private readonly ManualResetEventSlim _done = new(false, SpinCount);
    private readonly IShardRunner _runner;
    private readonly int _index;
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _error;
    private volatile bool _stopping;
    private long _allocatedBytes;

    public ShardWorker(IShardRunner runner, int index)
    {
        _runner = runner;
        _index = index;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"NetGen data-parallel worker {index}" };
        _thread.Start();
    }

    /// <summary>Managed bytes this worker has allocated while running shards (0 is the contract).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>Starts the worker on the published step.</summary>
    public void Start()
    {
        _error = null;
        _done.Reset();
        _start.Set();
    }

    /// <summary>Waits for the shard to finish; returns its exception, or null.</summary>
    public ExceptionDispatchInfo? Wait()
    {
        _done.Wait();
        return _error;
    }

    /// <summary>Ends the thread (after a step in flight) and waits for it.</summary>
    public void Dispose()
    {
        _stopping = true;
        _start.Set();
        _thread.Join();
        _start.Dispose();
        _done.Dispose();
    }

    private void Loop()
    {
        ComputeThreads.SplitOnCurrentThread = false;
        while (true)
        {
            _start.Wait();
            _start.Reset();
            if (_stopping)
            {
                return;
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                _runner.RunShard(_index);
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
            }

            Interlocked.Add(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread() - before);
            _done.Set();
        }
    }
}
