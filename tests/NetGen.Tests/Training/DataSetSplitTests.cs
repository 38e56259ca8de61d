using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>DataSet with targets, Subset, Split (stratification, determinism, argument checks), Minibatches over targets.</summary>
public sealed class DataSetSplitTests
{
    // Sample i has the one feature i, so a part's features name the samples it took.
    private static DataSet Labelled(params int[] labels) => new(ScriptedNetwork.Indices(labels.Length), labels, 1);

    private static int[] Classes(int zeros, int ones, int twos) => [.. Enumerable.Repeat(0, zeros), .. Enumerable.Repeat(1, ones), .. Enumerable.Repeat(2, twos)];

    private static int[] Samples(DataSet part) => [.. part.Features.Select(f => (int)f)];

    [Fact]
    public void A_stratified_split_takes_the_fraction_of_every_class()
    {
        DataSet data = Labelled(Classes(60, 30, 10));
        (DataSet train, DataSet validation) = data.Split(0.2, seed: 7);
        Assert.Equal([12, 6, 2], Enumerable.Range(0, 3).Select(c => validation.Labels.Count(l => l == c)));
        Assert.Equal([48, 24, 8], Enumerable.Range(0, 3).Select(c => train.Labels.Count(l => l == c)));
        // Disjoint, together every sample once, each part in the original order, labels carried along.
        Assert.Equal(Enumerable.Range(0, 100), Samples(train).Concat(Samples(validation)).Order());
        Assert.Equal(Samples(train).Order(), Samples(train));
        Assert.Equal(Samples(validation).Select(i => data.Labels[i]), validation.Labels);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        DataSet data = Labelled(Classes(60, 30, 10));
        int[] first = Samples(data.Split(0.2, seed: 7).Validation);
        Assert.Equal(first, Samples(data.Split(0.2, seed: 7).Validation));
        Assert.NotEqual(first, Samples(data.Split(0.2, seed: 8).Validation));
    }

    [Fact]
    public void An_unstratified_split_takes_the_fraction_of_the_whole()
    {
        DataSet data = Labelled(Classes(60, 30, 10));
        (DataSet train, DataSet validation) = data.Split(0.25, seed: 1, stratified: false);
        Assert.Equal((75, 25), (train.Count, validation.Count));

        var targets = new DataSet(ScriptedNetwork.Indices(10), [.. Enumerable.Range(0, 20).Select(i => (float)(i / 2) * 10)], 1, 2);
        (DataSet t, DataSet v) = targets.Split(0.3, seed: 2);
        Assert.Equal((7, 3, 2), (t.Count, v.Count, v.TargetSize));
        for (int i = 0; i < v.Count; i++)
        {
            Assert.Equal([v.Features[i] * 10, v.Features[i] * 10], v.Target(i).ToArray());
        }
    }

    [Fact]
    public void Split_refuses_fractions_outside_the_open_interval_and_empty_parts()
    {
        DataSet data = Labelled(Classes(6, 3, 1));
        foreach (double fraction in new[] { 0, 1, -0.1, 1.5, double.NaN })
        {
            Assert.Throws<ArgumentOutOfRangeException>("validationFraction", () => data.Split(fraction, seed: 1));
        }

        Assert.Contains("validation part empty", Assert.Throws<ArgumentException>(() => data.Split(0.01, seed: 1)).Message);
        Assert.Contains("training part empty", Assert.Throws<ArgumentException>(() => data.Split(0.99, seed: 1, stratified: false)).Message);
    }

    [Fact]
    public void Subset_copies_the_samples_in_the_order_given()
    {
        DataSet data = Labelled(5, 6, 7, 8);
        DataSet subset = data.Subset([3, 1, 1]);
        Assert.Equal([3f, 1f, 1f], subset.Features);
        Assert.Equal([8, 6, 6], subset.Labels);
        subset.Features[0] = 99;
        Assert.Equal(3f, data.Features[3]);
        Assert.Throws<ArgumentOutOfRangeException>("indices", () => data.Subset([4]));

        var targets = new DataSet([1f, 2f], [10f, 11f, 20f, 21f], 1, 2);
        DataSet picked = targets.Subset([1]);
        Assert.Equal([2f], picked.Features);
        Assert.Equal([20f, 21f], picked.Targets);
    }

    [Fact]
    public void A_set_holds_labels_or_targets_and_says_which()
    {
        var targets = new DataSet([1f, 2f, 3f, 4f], [0.5f, 1.5f], 2, 1);
        Assert.True(targets.HasTargets);
        Assert.Equal((2, 2, 1), (targets.Count, targets.FeatureSize, targets.TargetSize));
        Assert.Throws<InvalidOperationException>(() => targets.Labels);
        DataSet labels = Labelled(0, 1);
        Assert.False(labels.HasTargets);
        Assert.Equal(0, labels.TargetSize);
        Assert.Throws<InvalidOperationException>(() => labels.Targets);
        Assert.Throws<ArgumentException>("targets", () => new DataSet([1f, 2f], [1f, 2f, 3f], 1, 2));
        Assert.Throws<ArgumentException>("features", () => new DataSet([1f, 2f, 3f], [1f, 2f], 1, 1));
    }

    [Fact]
    public void Minibatches_gather_targets_with_their_samples()
    {
        var data = new DataSet(ScriptedNetwork.Indices(5), [.. Enumerable.Range(0, 10).Select(i => (float)i)], 1, 2);
        var batches = new Minibatches(data, 2, seed: 3);
        batches.Shuffle();
        var seen = new List<int>();
        while (batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<float> targets))
        {
            Assert.Equal(inputs.Length * 2, targets.Length);
            for (int i = 0; i < inputs.Length; i++)
            {
                int sample = (int)inputs[i];
                Assert.Equal([2f * sample, 2f * sample + 1], targets.Slice(2 * i, 2).ToArray());
                seen.Add(sample);
            }
        }

        Assert.Equal(Enumerable.Range(0, 5), seen.Order());
        Assert.Throws<InvalidOperationException>(() => batches.TryNext(out _, out ReadOnlySpan<int> _));
        Assert.Throws<InvalidOperationException>(() => new Minibatches(Labelled(0, 1), 2, 0).TryNext(out _, out ReadOnlySpan<float> _));
    }
}
