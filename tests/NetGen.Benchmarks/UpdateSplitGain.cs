using NetGen.Runtime;

namespace NetGen.Benchmarks;

/// <summary>
/// What splitting an optimizer's update over the cores (UpdateSplit) buys, in one process: the suite's networks whose
/// layers reach UpdateSplit.MinimumParameters, each engine's TrainStep in alternating rounds with the split on and off
/// (medians of the rounds, so the machine's drift from one minute to the next falls on both sides), and Adam.Update
/// alone at sizes around the threshold (best of the rounds).
/// </summary>
internal static class UpdateSplitGain
{
    private const int Rounds = 15;

    public static void Print()
    {
        Console.WriteLine("| network | generated, one thread / split | µs | interpreted, one thread / split | µs |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (string name in new[] { "mlp784", "mlp784bn", "mlpwide", "lenet5" })
        {
            SuiteCase suite = SuiteCase.Named(name);
            INetwork generated = suite.Create(Engine.Generated), interpreted = suite.Create(Engine.Interpreted);
            (float[] inputs, int[] labels) = suite.Batch(generated);
            int calls = name == "mlpwide" ? 20 : 200;
            (double genAlone, double genSplit) = OnAndOff(() => generated.TrainStep(inputs, labels), calls, median: true);
            (double interpAlone, double interpSplit) = OnAndOff(() => interpreted.TrainStep(inputs, labels), calls, median: true);
            Console.WriteLine(FormattableString.Invariant(
                $"| {suite.Title} | {genAlone / genSplit:F2}× | {genAlone:F0} → {genSplit:F0} | {interpAlone / interpSplit:F2}× | {interpAlone:F0} → {interpSplit:F0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| Adam.Update, parameters | one thread µs | split µs | one thread / split |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (int length in new[] { 16 * 1024, 32 * 1024, UpdateSplit.MinimumParameters, 200_960, 1024 * 1024 })
        {
            // Nonzero gradients everywhere: a zero gradient decays m toward subnormals, whose arithmetic is slow.
            float[] g = Enumerable.Range(0, length).Select(i => 0.01f + i % 7 * 0.01f).ToArray();
            float[] theta = new float[length], m = new float[length], v = Enumerable.Repeat(0.01f, length).ToArray();
            AdamStep step = AdamStep.At(3, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false);
            (double alone, double split) = OnAndOff(() => Adam.Update(g, GradientTransform.None, step, theta, m, v, default), 200, median: false);
            Console.WriteLine(FormattableString.Invariant($"| {length:N0} | {alone:F2} | {split:F2} | {alone / split:F2}× |"));
        }
    }

    /// <summary>Microseconds a call with the split off and on, each side warmed up, over alternating rounds (their median or best).</summary>
    private static (double Alone, double Split) OnAndOff(Action call, int calls, bool median)
    {
        var alone = new List<double>();
        var split = new List<double>();
        try
        {
            foreach (bool enabled in new[] { false, true })
            {
                UpdateSplit.Enabled = enabled;
                CrossoverTiming.Warm(call);
            }

            for (int round = 0; round < Rounds; round++)
            {
                UpdateSplit.Enabled = false;
                alone.Add(CrossoverTiming.Round(call, calls));
                UpdateSplit.Enabled = true;
                split.Add(CrossoverTiming.Round(call, calls));
            }
        }
        finally
        {
            UpdateSplit.Enabled = true;
        }

        alone.Sort();
        split.Sort();
        return median ? (alone[Rounds / 2], split[Rounds / 2]) : (alone[0], split[0]);
    }
}
