using NetGen.Randomness;

namespace NetGen.Data;

/// <summary>
/// A data set in memory: features[count, featureSize] row-major, and either integer labels[count] (classification,
/// and 0/1 labels for one-output binary cross-entropy) or float targets[count, targetSize] (mean squared error, binary
/// cross-entropy, soft targets). <see cref="HasTargets"/> says which; a set holds one kind.
/// </summary>
public sealed class DataSet
{
    private readonly int[]? _labels;
    private readonly float[]? _targets;

    /// <summary>A labelled set: wraps the arrays (no copy); their lengths must agree.</summary>
    public DataSet(float[] features, int[] labels, int featureSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        if ((long)labels.Length * featureSize != features.Length)
        {
            throw new ArgumentException($"features holds {features.Length} floats but {labels.Length} samples of {featureSize} need {(long)labels.Length * featureSize}.", nameof(features));
        }

        Features = features;
        _labels = labels;
        FeatureSize = featureSize;
        Count = labels.Length;
    }

    /// <summary>A set with float targets: wraps the arrays (no copy); their lengths must agree on the sample count.</summary>
    public DataSet(float[] features, float[] targets, int featureSize, int targetSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSize);
        if (targets.Length % targetSize != 0)
        {
            throw new ArgumentException($"targets holds {targets.Length} floats, not a multiple of the target size {targetSize}.", nameof(targets));
        }

        int count = targets.Length / targetSize;
        if ((long)count * featureSize != features.Length)
        {
            throw new ArgumentException($"features holds {features.Length} floats but {count} samples of {featureSize} (from {targets.Length} targets of {targetSize}) need {(long)count * featureSize}.", nameof(features));
        }

        Features = features;
        _targets = targets;
        FeatureSize = featureSize;
        TargetSize = targetSize;
        Count = count;
    }

    /// <summary>features[count, featureSize].</summary>
    public float[] Features { get; }

    /// <summary>labels[count]; a set with targets has none (<see cref="InvalidOperationException"/>).</summary>
    public int[] Labels => _labels ?? throw new InvalidOperationException($"this data set holds float targets ({TargetSize} per sample), not labels; read Targets.");

    /// <summary>targets[count, targetSize]; a labelled set has none (<see cref="InvalidOperationException"/>).</summary>
    public float[] Targets => _targets ?? throw new InvalidOperationException("this data set holds integer labels, not float targets; read Labels.");

    /// <summary>True for a set built with float targets, false for a labelled one.</summary>
    public bool HasTargets => _targets is not null;

    /// <summary>Floats per sample.</summary>
    public int FeatureSize { get; }

    /// <summary>Floats per target; 0 for a labelled set.</summary>
    public int TargetSize { get; }

    /// <summary>Samples.</summary>
    public int Count { get; }

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Sample(int index) => Features.AsSpan(index * FeatureSize, FeatureSize);

    /// <summary>The targets of sample <paramref name="index"/> (a set with targets only).</summary>
    public ReadOnlySpan<float> Target(int index) => Targets.AsSpan(index * TargetSize, TargetSize);

    /// <summary>A new set of the samples at <paramref name="indices"/>, in that order (copied; an index may repeat).</summary>
    public DataSet Subset(ReadOnlySpan<int> indices)
    {
        var features = new float[(long)indices.Length * FeatureSize];
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"indices[{i}] = {index} is not a sample of this set of {Count}.");
            }

            Sample(index).CopyTo(features.AsSpan(i * FeatureSize, FeatureSize));
        }

        if (_targets is null)
        {
            var labels = new int[indices.Length];
            for (int i = 0; i < indices.Length; i++)
            {
                labels[i] = _labels![indices[i]];
            }

            return new DataSet(features, labels, FeatureSize);
        }

        var targets = new float[(long)indices.Length * TargetSize];
        for (int i = 0; i < indices.Length; i++)
        {
            Target(indices[i]).CopyTo(targets.AsSpan(i * TargetSize, TargetSize));
        }

        return new DataSet(features, targets, FeatureSize, TargetSize);
    }

    /// <summary>
    /// Splits the set in two (copies): a seeded shuffle picks round(count·<paramref name="validationFraction"/>)
    /// samples for validation, the rest train; each part keeps the samples in their original order. A labelled set is
    /// split <paramref name="stratified"/> by default: each class on its own, round(classCount·fraction) of it to
    /// validation, so both parts hold the classes in (nearly) the proportions of the whole. A set with targets has no
    /// classes; <paramref name="stratified"/> is then ignored. The same seed gives the same split.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">One part would be empty.</exception>
    public (DataSet Train, DataSet Validation) Split(double validationFraction, long seed, bool stratified = true)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "the validation fraction must be in (0, 1).");
        }

        var random = new SeededRandom(seed);
        var inValidation = new bool[Count];
        int validationCount = 0;
        if (stratified && _labels is not null)
        {
            var byClass = new Dictionary<int, List<int>>();
            for (int i = 0; i < Count; i++)
            {
                if (!byClass.TryGetValue(_labels[i], out List<int>? members))
                {
                    byClass[_labels[i]] = members = [];
                }

                members.Add(i);
            }

            foreach (int label in byClass.Keys.Order())
            {
                int[] members = [.. byClass[label]];
                random.Shuffle(members);
                int take = (int)Math.Round(members.Length * validationFraction, MidpointRounding.AwayFromZero);
                for (int i = 0; i < take; i++)
                {
                    inValidation[members[i]] = true;
                }

                validationCount += take;
            }
        }
        else
        {
            int[] order = [.. Enumerable.Range(0, Count)];
            random.Shuffle(order);
            validationCount = (int)Math.Round(Count * validationFraction, MidpointRounding.AwayFromZero);
            for (int i = 0; i < validationCount; i++)
            {
                inValidation[order[i]] = true;
            }
        }

        if (validationCount == 0 || validationCount == Count)
        {
            string part = validationCount == 0 ? "validation" : "training";
            throw new ArgumentException($"a validation fraction of {validationFraction} of {Count} samples{(stratified && _labels is not null ? " (rounded per class)" : "")} leaves the {part} part empty.", nameof(validationFraction));
        }

        var train = new int[Count - validationCount];
        var validation = new int[validationCount];
        int t = 0, v = 0;
        for (int i = 0; i < Count; i++)
        {
            if (inValidation[i])
            {
                validation[v++] = i;
            }
            else
            {
                train[t++] = i;
            }
        }

        return (Subset(train), Subset(validation));
    }
}
