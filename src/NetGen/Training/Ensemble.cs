using NetGen.Data;

namespace NetGen.Training;

/// <summary>
/// Networks of the same input and output sizes and the same output kind whose predictions are averaged: probabilities
/// for softmax and sigmoid networks (the mean of the members' Predict outputs, which stays a distribution), raw values
/// for mean-squared-error networks. Members are any <see cref="INetwork"/>s (different architectures are fine).
/// <see cref="Predict"/> reuses one scratch buffer, so it is not thread-safe.
/// </summary>
public sealed class Ensemble
{
    private readonly INetwork[] _members;
    private float[] _scratch = [];

    /// <summary>An ensemble of <paramref name="members"/> (at least one), checked to agree on InputSize, OutputSize and output kind.</summary>
    public Ensemble(IEnumerable<INetwork> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = members.ToArray();
        if (_members.Length == 0)
        {
            throw new ArgumentException("an ensemble needs at least one member.", nameof(members));
        }

        INetwork first = _members[0] ?? throw new ArgumentException("member 0 is null.", nameof(members));
        for (int i = 1; i < _members.Length; i++)
        {
            INetwork m = _members[i] ?? throw new ArgumentException($"member {i} is null.", nameof(members));
            if (m.InputSize != first.InputSize || m.OutputSize != first.OutputSize)
            {
                throw new ArgumentException($"member {i} maps {m.InputSize} → {m.OutputSize} but member 0 maps {first.InputSize} → {first.OutputSize}.", nameof(members));
            }

            if (m.Architecture.Output != first.Architecture.Output)
            {
                throw new ArgumentException($"member {i}'s Predict gives {m.Architecture.Output} outputs but member 0's gives {first.Architecture.Output}; averaging them means nothing.", nameof(members));
            }
        }

        InputSize = first.InputSize;
        OutputSize = first.OutputSize;
        Output = first.Architecture.Output;
    }

    /// <summary>Members independently initialized: <paramref name="factory"/>(firstSeed + i) for i in 0..count − 1.</summary>
    public static Ensemble Seeded(int count, Func<int, INetwork> factory, int firstSeed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(factory);
        return new Ensemble(Enumerable.Range(0, count).Select(i => factory(firstSeed + i)));
    }

    /// <summary>
    /// Members from checkpoints (e.g. a run's epoch snapshots, "snapshot ensembles"): for each path, a fresh network from
    /// <paramref name="factory"/> and <see cref="Checkpoint.LoadWeights(INetwork, string)"/> into it.
    /// </summary>
    public static Ensemble FromCheckpoints(IEnumerable<string> paths, Func<INetwork> factory)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(factory);
        return new Ensemble(paths.Select(path =>
        {
            INetwork network = factory();
            network.LoadWeights(path);
            return network;
        }));
    }

    /// <summary>
    /// Bagging: member i is <paramref name="factory"/>(firstSeed + i) trained by <paramref name="train"/> on its own
    /// bootstrap resample of <paramref name="data"/> (<see cref="Bootstrap.Resample"/> with seed + i). Members are trained
    /// one after another.
    /// </summary>
    public static Ensemble Bagged(int count, Func<int, INetwork> factory, DataSet data, Action<INetwork, DataSet> train, long seed, int firstSeed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(train);
        var members = new INetwork[count];
        for (int i = 0; i < count; i++)
        {
            members[i] = factory(firstSeed + i);
            train(members[i], Bootstrap.Resample(data, seed + i));
        }

        return new Ensemble(members);
    }

    /// <summary>The members, in order.</summary>
    public IReadOnlyList<INetwork> Members => _members;

    /// <summary>Floats per input sample.</summary>
    public int InputSize { get; }

    /// <summary>Floats per output sample.</summary>
    public int OutputSize { get; }

    /// <summary>What the averaged outputs are: probabilities (Softmax, Sigmoid) or raw values (Identity).</summary>
    public PredictOutput Output { get; }

    /// <summary>outputs[n, OutputSize] = the mean of the members' Predict outputs on inputs[n, InputSize].</summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        if (inputs.Length % InputSize != 0)
        {
            throw new ArgumentException($"inputs holds {inputs.Length} floats, not a whole number of samples of {InputSize}.", nameof(inputs));
        }

        int n = inputs.Length / InputSize;
        if (outputs.Length != n * OutputSize)
        {
            throw new ArgumentException($"outputs holds {outputs.Length} floats but {n} samples need {n * OutputSize}.", nameof(outputs));
        }

        if (_scratch.Length < outputs.Length)
        {
            _scratch = new float[outputs.Length];
        }

        Span<float> member = _scratch.AsSpan(0, outputs.Length);
        _members[0].Predict(inputs, outputs);
        for (int m = 1; m < _members.Length; m++)
        {
            _members[m].Predict(inputs, member);
            for (int i = 0; i < outputs.Length; i++)
            {
                outputs[i] += member[i];
            }
        }

        float scale = 1f / _members.Length;
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i] *= scale;
        }
    }

    /// <summary>The ensemble's accuracy (argmax of the averaged outputs) and every member's on <paramref name="data"/>.</summary>
    public EnsembleAccuracy Accuracy(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureSize != InputSize)
        {
            throw new ArgumentException($"the data has {data.FeatureSize} features per sample but the ensemble takes {InputSize}.", nameof(data));
        }

        const int chunk = 1000;
        var outputs = new float[chunk * OutputSize];
        int correct = 0;
        for (int start = 0; start < data.Count; start += chunk)
        {
            int count = Math.Min(chunk, data.Count - start);
            Span<float> predicted = outputs.AsSpan(0, count * OutputSize);
            Predict(data.Features.AsSpan(start * InputSize, count * InputSize), predicted);
            for (int i = 0; i < count; i++)
            {
                if (Evaluation.ArgMax(predicted.Slice(i * OutputSize, OutputSize)) == data.Labels[start + i])
                {
                    correct++;
                }
            }
        }

        double ensemble = data.Count == 0 ? 0 : (double)correct / data.Count;
        return new EnsembleAccuracy(ensemble, _members.Select(m => Evaluation.Accuracy(m, data)).ToArray());
    }
}

/// <summary>The ensemble's accuracy and each member's, on one data set.</summary>
/// <param name="Ensemble">The fraction of samples whose averaged output's argmax is the label.</param>
/// <param name="Members">Each member's own accuracy, in member order.</param>
public sealed record EnsembleAccuracy(double Ensemble, IReadOnlyList<double> Members)
{
    /// <summary>The mean of the members' accuracies (what one member gives on average).</summary>
    public double MeanMember => Members.Average();

    /// <summary>The best member's accuracy.</summary>
    public double BestMember => Members.Max();

    /// <inheritdoc/>
    public override string ToString() => $"ensemble {Ensemble:P2}; members {string.Join(", ", Members.Select(a => a.ToString("P2")))} (mean {MeanMember:P2})";
}
