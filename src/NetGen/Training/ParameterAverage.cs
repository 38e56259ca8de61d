using System.Numerics;
using NetGen.Data;

namespace NetGen.Training;

/// <summary>How a <see cref="ParameterAverage"/> weighs the steps it has seen.</summary>
public enum AveragingKind
{
    /// <summary>Exponential moving average: avg = decay·avg + (1 − decay)·θ (PyTorch's get_ema_multi_avg_fn).</summary>
    Exponential,

    /// <summary>Polyak–Ruppert averaging: the arithmetic mean of every θ seen (PyTorch's AveragedModel default, SWA).</summary>
    Polyak,
}

/// <summary>
/// An average of a network's <see cref="INetwork.Parameters"/> over training, in a buffer of its own: call
/// <see cref="Update"/> after each optimizer step (or each epoch, for SWA-style averaging), then evaluate with the average
/// swapped into the network (<see cref="Use"/> or <see cref="SwapIn"/>/<see cref="SwapOut"/>). Update and swapping
/// allocate nothing and run over <see cref="Vector{T}"/> lanes.
/// <para>
/// Both kinds are PyTorch's in-place lerp avg ← avg + w·(θ − avg): w = 1 − decay for <see cref="AveragingKind.Exponential"/>,
/// w = 1/(n + 1) for <see cref="AveragingKind.Polyak"/> after n updates. As in torch.optim.swa_utils.AveragedModel the
/// first update copies θ (n = 0), so an EMA does not start biased toward the initialization.
/// </para>
/// <para>
/// BatchNorm: the running mean and variance are buffers, not parameters, and are not averaged (PyTorch's default,
/// use_buffers = false). They were gathered under the raw weights, so with the average swapped in they are stale;
/// <see cref="UpdateBatchNorm"/> re-estimates them under the weights in the network (call it inside <see cref="Use"/>).
/// <see cref="SwapIn"/> saves the network's running statistics and <see cref="SwapOut"/> puts them back, so statistics
/// recomputed for the average never leak into the training network.
/// </para>
/// Not thread-safe; not to be used while another thread uses the network.
/// </summary>
public sealed class ParameterAverage
{
    private readonly INetwork _network;
    private readonly float[] _average;
    private readonly TrainingPassState _statistics;

    private ParameterAverage(INetwork network, AveragingKind kind, float decay)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        Kind = kind;
        Decay = decay;
        _average = network.Parameters.ToArray();
        _statistics = new TrainingPassState(network);
    }

    /// <summary>
    /// An exponential moving average with <paramref name="decay"/> in [0, 1) (0.999 weighs roughly the last 1000 updates;
    /// 0.99 the last 100).
    /// </summary>
    public static ParameterAverage Exponential(INetwork network, float decay = 0.999f)
    {
        if (!(decay >= 0f && decay < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "an EMA decay must be in [0, 1).");
        }

        return new ParameterAverage(network, AveragingKind.Exponential, decay);
    }

    /// <summary>The running arithmetic mean of every parameter vector passed to <see cref="Update"/>.</summary>
    public static ParameterAverage Polyak(INetwork network) => new(network, AveragingKind.Polyak, float.NaN);

    /// <summary>Exponential or Polyak.</summary>
    public AveragingKind Kind { get; }

    /// <summary>The EMA decay; NaN for Polyak.</summary>
    public float Decay { get; }

    /// <summary>Updates taken so far (PyTorch's n_averaged).</summary>
    public long Count { get; private set; }

    /// <summary>True between <see cref="SwapIn"/> and <see cref="SwapOut"/>: the network holds the average.</summary>
    public bool IsSwappedIn { get; private set; }

    /// <summary>The averaged parameters, laid out as <see cref="INetwork.Parameters"/> (the network's values before the first update).</summary>
    public ReadOnlySpan<float> Values => _average;

    /// <summary>Folds the network's current parameters into the average (the first call copies them). No allocation.</summary>
    /// <exception cref="InvalidOperationException">The average is swapped in (it would average itself).</exception>
    public void Update()
    {
        if (IsSwappedIn)
        {
            throw new InvalidOperationException("the average is swapped into the network; SwapOut before Update.");
        }

        Span<float> parameters = _network.Parameters;
        if (Count == 0)
        {
            parameters.CopyTo(_average);
        }
        else
        {
            float weight = Kind == AveragingKind.Exponential ? 1f - Decay : (float)(1.0 / (Count + 1));
            Lerp(_average, parameters, weight);
        }

        Count++;
    }

    /// <summary>
    /// Exchanges the network's parameters with the average (no allocation) and saves the BatchNorm running statistics,
    /// so Predict evaluates the averaged model; <see cref="SwapOut"/> exchanges them back.
    /// </summary>
    public void SwapIn()
    {
        if (IsSwappedIn)
        {
            throw new InvalidOperationException("the average is already swapped in.");
        }

        _statistics.Save();
        Swap(_network.Parameters, _average);
        IsSwappedIn = true;
    }

    /// <summary>Puts the network's own parameters and BatchNorm running statistics back.</summary>
    public void SwapOut()
    {
        if (!IsSwappedIn)
        {
            throw new InvalidOperationException("the average is not swapped in.");
        }

        Swap(_network.Parameters, _average);
        _statistics.RestoreRunningStatistics();
        IsSwappedIn = false;
    }

    /// <summary>Swaps the average in until the returned scope is disposed: <c>using (average.Use()) { ... }</c>.</summary>
    public Scope Use()
    {
        SwapIn();
        return new Scope(this);
    }

    /// <summary>Writes the average into another network of the same shape (e.g. to save it as a checkpoint).</summary>
    public void CopyTo(INetwork target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.ParameterCount != _average.Length)
        {
            throw new ArgumentException($"the target has {target.ParameterCount} parameters; the average has {_average.Length}.", nameof(target));
        }

        if (IsSwappedIn && ReferenceEquals(target, _network))
        {
            throw new InvalidOperationException("the average is swapped into this network: SwapOut first (the buffer holds the network's own parameters now).");
        }

        _average.CopyTo(target.Parameters);
    }

    /// <summary>
    /// Re-estimates BatchNorm's running statistics under the parameters now in <paramref name="network"/> (PyTorch's
    /// update_bn), by training-mode passes over <paramref name="data"/> in batches of <see cref="INetwork.BatchSize"/>:
    /// ComputeGradients into a throwaway buffer moves the running statistics and changes no parameter and no optimizer
    /// state; the <see cref="INetwork.Position"/> (dropout stream, BatchNorm batch count) is restored afterwards. The cost is
    /// about one epoch of forward and backward passes per pass over the data. Unlike update_bn, which resets the buffers and
    /// sets momentum = None for an exact mean, the layers keep their momentum, so the result is an exponential average
    /// over the batches seen, weighted toward the last ones; with momentum 0.1 the old statistics weigh 0.9^k after k
    /// batches (under 1% after 45). Use <paramref name="passes"/> for more batches on a small set. Does nothing without BatchNorm.
    /// Uses the data's labels or float targets, whichever it holds (their values do not affect the statistics).
    /// </summary>
    public static void UpdateBatchNorm(INetwork network, DataSet data, int passes = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(passes);
        if (data.FeatureSize != network.InputSize)
        {
            throw new ArgumentException($"the data has {data.FeatureSize} features per sample but the network takes {network.InputSize}.", nameof(data));
        }

        if (!network.Layers.Any(l => l.RunningMean.Length > 0))
        {
            return;
        }

        TrainingPosition position = network.Position;
        var scratch = new float[network.ParameterCount];
        int batch = network.BatchSize;
        for (int pass = 0; pass < passes; pass++)
        {
            for (int start = 0; start < data.Count; start += batch)
            {
                int count = Math.Min(batch, data.Count - start);
                ReadOnlySpan<float> inputs = data.Features.AsSpan(start * data.FeatureSize, count * data.FeatureSize);
                if (data.HasTargets)
                {
                    network.ComputeGradients(inputs, data.Targets.AsSpan(start * data.TargetSize, count * data.TargetSize), scratch);
                }
                else
                {
                    network.ComputeGradients(inputs, data.Labels.AsSpan(start, count), scratch);
                }
            }
        }

        network.Position = position;
    }

    /// <summary>a ← a + w·(b − a), vectorized.</summary>
    internal static void Lerp(Span<float> a, ReadOnlySpan<float> b, float w)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var weight = new Vector<float>(w);
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var va = new Vector<float>(a.Slice(i));
                (va + weight * (new Vector<float>(b.Slice(i)) - va)).CopyTo(a.Slice(i));
            }
        }

        for (; i < a.Length; i++)
        {
            a[i] += w * (b[i] - a[i]);
        }
    }

    /// <summary>Exchanges a and b element by element, vectorized.</summary>
    internal static void Swap(Span<float> a, Span<float> b)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var va = new Vector<float>(a.Slice(i));
                new Vector<float>(b.Slice(i)).CopyTo(a.Slice(i));
                va.CopyTo(b.Slice(i));
            }
        }

        for (; i < a.Length; i++)
        {
            (a[i], b[i]) = (b[i], a[i]);
        }
    }

    /// <summary>Swaps the average back out when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ParameterAverage? _owner;

        internal Scope(ParameterAverage owner) => _owner = owner;

        /// <summary>Swaps the network's own parameters back in.</summary>
        public void Dispose() => _owner?.SwapOut();
    }
}
