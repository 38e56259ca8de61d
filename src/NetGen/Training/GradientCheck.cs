using NetGen.Randomness;

namespace NetGen.Training;

/// <summary>
/// Checks any network's <see cref="INetwork.ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float})"/>
/// against central differences of its loss on one batch, over a few seeded parameter dimensions (cs231n's recipe).
/// <para>
/// Every loss evaluation is a ComputeGradients call into a scratch buffer, which moves BatchNorm's running statistics,
/// the dropout stream and the batch count: they are saved before and restored after each evaluation, so every evaluation
/// sees the same dropout masks (the loss is one smooth function of θ) and the network ends exactly as it started
/// (parameters, running statistics, <see cref="INetwork.Position"/>). The perturbed parameter is put back bit for bit.
/// </para>
/// <para>
/// Per dimension i: numeric = (L(θ + h·eᵢ) − L(θ − h·eᵢ)) / (h₊ + h₋) in double, with h₊, h₋ the steps float can
/// actually represent at θᵢ; relative error = |a − n| / max(|a|, |n|, floor). The loss is a float, so rounding alone
/// makes n uncertain by about noise = 8·ε·|L| / (2h) (ε = 2⁻²³; a few ulps of the loss over the step: ≈ 6.7e-4 for
/// L ≈ 1.4 at h = 1e-3; a float loss cannot resolve a smaller slope). The default floor is noise / threshold, so a
/// dimension passes when |a − n| ≤ threshold·max(|a|, |n|) or |a − n| ≤ noise: near-zero gradients are judged by the
/// absolute noise, not by a relative error that noise alone would make large.
/// </para>
/// <para>
/// Kinks (ReLU, max pooling, Maxout, clamps): the perturbation may cross a point where the loss is not differentiable,
/// and then the central difference is meaningless. Criterion: the one-sided slopes (L₊ − L₀)/h₊ and (L₀ − L₋)/h₋
/// disagree by more than the threshold in the same relative measure (smooth losses differ by only about h·|L''|). A
/// dimension over the threshold with a kink is reported as <see cref="DimensionCheck.Kink"/>, and passes only if the
/// analytic value equals one side's slope (at a real kink it is one of them; a wrong gradient matches neither); rerun
/// with another seed or a smaller step to look at it again.
/// </para>
/// <para>
/// ActivityL1: ComputeGradients' gradient includes the penalties λ·Σ|y|/B but its loss is the data loss, so each
/// evaluation adds the penalties, recomputed from a <see cref="INetwork.RecordActivations"/> pass at the same state.
/// A penalized layer that draws dropout or noise after it is refused (NotSupportedException): the recorded output
/// precedes the draw.
/// </para>
/// </summary>
public static class GradientCheck
{
    /// <summary>Checks the gradients of the label loss on inputs[batch, InputSize], labels[batch].</summary>
    public static GradientCheckResult Run(INetwork network, float[] inputs, int[] labels, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ActivityPenalty? penalty = ActivityPenalty.Of(network);
        return Run(network, g => (penalty?.Evaluate(network, inputs) ?? 0) + network.ComputeGradients(inputs, labels, g), options ?? new GradientCheckOptions());
    }

    /// <summary>Checks the gradients of the target loss on inputs[batch, InputSize], targets[batch, OutputSize].</summary>
    public static GradientCheckResult Run(INetwork network, float[] inputs, float[] targets, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ActivityPenalty? penalty = ActivityPenalty.Of(network);
        return Run(network, g => (penalty?.Evaluate(network, inputs) ?? 0) + network.ComputeGradients(inputs, targets, g), options ?? new GradientCheckOptions());
    }

    private static GradientCheckResult Run(INetwork network, Func<float[], double> loss, GradientCheckOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Dimensions);
        if (!(options.Step > 0) || !(options.Threshold > 0) || !(options.Floor is null or > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Step, Threshold and Floor must be positive.");
        }

        var state = new TrainingPassState(network);
        var analytic = new float[network.ParameterCount];
        var scratch = new float[network.ParameterCount];
        state.Save();
        double l0;
        try
        {
            l0 = loss(analytic);
        }
        finally
        {
            state.Restore();
        }

        double floor = options.Floor ?? NoiseFloor(l0, options.Step) / options.Threshold;
        int[] indices = options.Indices?.ToArray() ?? Choose(network.ParameterCount, options.Dimensions, options.Seed);
        var results = new DimensionCheck[indices.Length];
        for (int d = 0; d < indices.Length; d++)
        {
            int i = indices[d];
            if ((uint)i >= (uint)network.ParameterCount)
            {
                throw new ArgumentOutOfRangeException(nameof(options), i, $"index {i} is outside the {network.ParameterCount} parameters.");
            }

            float original = network.Parameters[i];
            float plus = (float)(original + options.Step), minus = (float)(original - options.Step);
            if (plus == original || minus == original)
            {
                // θ ± h rounds back to θ in float: there is no difference to take (it would read 0/0 or x/0).
                throw new ArgumentOutOfRangeException(nameof(options), options.Step, $"parameter {i} is {original}, where float cannot represent θ ± {options.Step}; use a Step of at least {Math.BitIncrement(MathF.Abs(original)) - MathF.Abs(original):G3} for it, or leave it out of Indices.");
            }

            double lPlus, lMinus;
            try
            {
                network.Parameters[i] = plus;
                lPlus = loss(scratch);
                state.Restore();
                network.Parameters[i] = minus;
                lMinus = loss(scratch);
            }
            finally
            {
                state.Restore();
                network.Parameters[i] = original;
            }

            double hPlus = (double)plus - original, hMinus = original - (double)minus;
            double numeric = (lPlus - lMinus) / (hPlus + hMinus);
            double a = analytic[i];
            double error = Relative(a, numeric, floor);
            double forward = (lPlus - l0) / hPlus, backward = (l0 - lMinus) / hMinus;
            bool kink = Relative(forward, backward, floor) > options.Threshold;
            bool within = error <= options.Threshold;
            // At a real kink the analytic gradient is one side's slope: a kink excuses the central difference, never a
            // value that matches neither side (a smooth curve whose slopes differ by h·f″ must not hide a wrong gradient).
            bool oneSided = kink && (Relative(a, forward, floor) <= options.Threshold || Relative(a, backward, floor) <= options.Threshold);
            results[d] = new DimensionCheck(i, a, numeric, error, kink, within || oneSided);
        }

        return new GradientCheckResult(results, options.Threshold, floor, l0);
    }

    /// <summary>The rounding noise of a central difference of a float loss: a few ulps of the loss over 2h.</summary>
    internal static double NoiseFloor(double loss, double step) => 8 * Math.Pow(2, -23) * Math.Max(Math.Abs(loss), 1e-3) / (2 * step);

    private static double Relative(double a, double b, double floor) => Math.Abs(a - b) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), floor);

    /// <summary>Distinct indices: all of them when there are no more than asked for, else a seeded partial shuffle.</summary>
    private static int[] Choose(int count, int dimensions, long seed)
    {
        if (count <= dimensions)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        var random = new SeededRandom(seed);
        var chosen = new HashSet<int>();
        var order = new List<int>(dimensions);
        while (order.Count < dimensions)
        {
            int i = random.NextInt(count);
            if (chosen.Add(i))
            {
                order.Add(i);
            }
        }

        return order.ToArray();
    }
}

/// <summary>Settings of <see cref="GradientCheck"/>.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>Random parameter dimensions to check (all when the network has fewer).</summary>
    public int Dimensions { get; init; } = 10;

    /// <summary>Seeds the choice of dimensions.</summary>
    public long Seed { get; init; }

    /// <summary>The dimensions to check instead of a random choice.</summary>
    public IReadOnlyList<int>? Indices { get; init; }

    /// <summary>The perturbation h (the loss is a float, so 1e-3 balances truncation h² against rounding ε/h).</summary>
    public double Step { get; init; } = 1e-3;

    /// <summary>The largest relative error that passes.</summary>
    public double Threshold { get; init; } = 1e-2;

    /// <summary>
    /// The smallest denominator of the relative error; null (the default): the float loss's rounding noise in the
    /// numeric slope divided by the threshold (see <see cref="GradientCheck"/>).
    /// </summary>
    public double? Floor { get; init; }
}

/// <summary>One checked dimension.</summary>
/// <param name="Index">Index into <see cref="INetwork.Parameters"/>.</param>
/// <param name="Analytic">ComputeGradients' value.</param>
/// <param name="Numeric">The central difference.</param>
/// <param name="RelativeError">|a − n| / max(|a|, |n|, floor).</param>
/// <param name="Kink">The one-sided slopes disagree: the perturbation crossed a non-differentiable point.</param>
/// <param name="Passed">Within the threshold, or at a kink where the analytic value equals one side's slope.</param>
public sealed record DimensionCheck(int Index, double Analytic, double Numeric, double RelativeError, bool Kink, bool Passed);

/// <summary>The outcome of a gradient check.</summary>
public sealed record GradientCheckResult(IReadOnlyList<DimensionCheck> Dimensions, double Threshold, double Floor, double Loss)
{
    /// <summary>True when every dimension passed.</summary>
    public bool Passed => Dimensions.All(d => d.Passed);

    /// <summary>The dimensions over the threshold without a kink.</summary>
    public IEnumerable<DimensionCheck> Failures => Dimensions.Where(d => !d.Passed);

    /// <summary>The dimensions where a kink was detected.</summary>
    public IEnumerable<DimensionCheck> Kinks => Dimensions.Where(d => d.Kink);

    /// <summary>The largest relative error among dimensions without a kink.</summary>
    public double MaxRelativeError => Dimensions.Where(d => !d.Kink).Select(d => d.RelativeError).DefaultIfEmpty(0).Max();

    /// <inheritdoc/>
    public override string ToString() => Passed
        ? $"gradient check passed: {Dimensions.Count} dimensions, max relative error {MaxRelativeError:E2} (threshold {Threshold:E1}), {Kinks.Count()} kink(s)."
        : $"gradient check FAILED at {string.Join(", ", Failures.Select(d => $"[{d.Index}] analytic {d.Analytic:G5} vs numeric {d.Numeric:G5} (error {d.RelativeError:E2})"))}.";
}
