using NetGen.Data;

namespace NetGen.Samples.Shared;

/// <summary>Fashion-MNIST loaded and standardized with the training set's statistics, or a clear message why not.</summary>
internal sealed record StandardizedFashionMnist(DataSet Train, DataSet Test, Standardizer Standardizer)
{
    /// <summary>Loads from <paramref name="directory"/>; on a missing or corrupt file prints the file and the fix, and returns null.</summary>
    /// <param name="alternative">What else the user may do, for the message (e.g. "run with --no-data").</param>
    public static StandardizedFashionMnist? Load(string directory, string alternative)
    {
        DataSet train, test;
        try
        {
            (train, test) = NetGen.Data.FashionMnist.Load(directory);
        }
        catch (DataSetException e)
        {
            Console.Error.WriteLine($"Cannot load Fashion-MNIST: {e.Message}");
            Console.Error.WriteLine($"Install the data set with 'apt-get install dataset-fashion-mnist', {alternative}.");
            return null;
        }

        var standardizer = Standardizer.Fit(train.Features);
        standardizer.Apply(train.Features);
        standardizer.Apply(test.Features);
        return new StandardizedFashionMnist(train, test, standardizer);
    }

    /// <summary>A seeded random subset of <paramref name="count"/> training images (all of them when there are fewer).</summary>
    public DataSet TrainSubset(int count, long seed)
    {
        if (count >= Train.Count)
        {
            return Train;
        }

        int[] order = Enumerable.Range(0, Train.Count).ToArray();
        new NetGen.Randomness.SeededRandom(seed).Shuffle(order);
        return Train.Subset(order.AsSpan(0, count));
    }
}
