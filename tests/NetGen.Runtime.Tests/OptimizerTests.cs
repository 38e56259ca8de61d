namespace NetGen.Runtime.Tests;

/// <summary>
/// Every optimizer kernel against <see cref="OptimizerReference"/> (the torch.optim rules in double), for each
/// variant, at every length 0..257 and every width, over three steps so the state buffers are exercised; each case
/// also checks that the width it asked for ran its own loop (<see cref="ExpectedCoverage"/>).
/// </summary>
public class OptimizerTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    private static readonly GradientTransform[] Transforms =
    [
        GradientTransform.None,
        GradientTransform.Decay(1e-2f),
        new(0.5f, 1e-3f, 0f, 1e-4f),
        new(1f, 0f, 0.3f, 0f),
    ];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Sgd_matches_reference(SimdWidth width)
    {
        SgdSettings[] variants = [new(0.1f, 0f, 0f, false), new(0.1f, 0.9f, 0f, false), new(0.05f, 0.9f, 0.3f, false), new(0.01f, 0.8f, 0f, true)];
        foreach (SgdSettings s in variants)
        {
            ForEachCase(width, states: 1, (g, t, step, theta, state) => Sgd.Update(g, t, s, step == 1, theta, s.Momentum != 0 ? state[0] : default, width),
                (g, t, step, theta, state) => OptimizerReference.Sgd(g, t, s, step == 1, theta, s.Momentum != 0 ? state[0] : default));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Adam_and_AdamW_with_and_without_AMSGrad_match_reference(SimdWidth width)
    {
        foreach ((float decoupled, bool ams) in new[] { (0f, false), (0f, true), (1e-2f, false), (0.1f, true) })
        {
            ForEachCase(width, states: 3, (g, t, step, theta, state) => Adam.Update(g, t, AdamStep.At(step, 1e-2f, 0.9f, 0.999f, 1e-8f, decoupled, ams), theta, state[0], state[1], ams ? state[2] : default, width),
                (g, t, step, theta, state) => OptimizerReference.Adam(g, t, step, 1e-2f, 0.9f, 0.999f, 1e-8f, decoupled, ams, theta, state[0], state[1], state[2]),
                tolerance: 2e-6f);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void RmsProp_plain_centered_and_with_momentum_match_reference(SimdWidth width)
    {
        RmsPropSettings[] variants = [new(1e-2f, 0.99f, 1e-8f, 0f, false), new(1e-2f, 0.9f, 1e-8f, 0f, true), new(1e-3f, 0.99f, 1e-6f, 0.9f, true)];
        foreach (RmsPropSettings s in variants)
        {
            ForEachCase(width, states: 3, (g, t, step, theta, state) => RmsProp.Update(g, t, s, theta, state[0], s.Centered ? state[1] : default, s.Momentum > 0 ? state[2] : default, width),
                (g, t, step, theta, state) => OptimizerReference.RmsProp(g, t, s, theta, state[0], state[1], state[2]),
                tolerance: 2e-6f);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void AdaGrad_with_rate_decay_matches_reference(SimdWidth width)
    {
        foreach (float decay in new[] { 0f, 0.1f })
        {
            ForEachCase(width, states: 1, (g, t, step, theta, state) => AdaGrad.Update(g, t, AdaGrad.DecayedRate(1e-2f, decay, step), 1e-10f, theta, state[0], width),
                (g, t, step, theta, state) => OptimizerReference.AdaGrad(g, t, step, 1e-2f, decay, 1e-10f, theta, state[0]),
                tolerance: 2e-6f);
        }
    }

    [Fact]
    public void Slices_updated_alone_are_bit_identical_to_a_whole_span_update()
    {
        // TrainStep updates layer slices inside backward; ApplyGradients may update wider spans.
        var transform = new GradientTransform(0.7f, 1e-3f, 0f, 1e-3f);
        float[] g = TestData.Uniform(100, seed: 1);
        float[] whole = TestData.Uniform(100, seed: 2);
        float[] sliced = (float[])whole.Clone();
        float[][] wholeState = [new float[100], new float[100], new float[100]];
        float[][] slicedState = [new float[100], new float[100], new float[100]];
        AdamStep step = AdamStep.At(1, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, amsGrad: true);
        Adam.Update(g, transform, step, whole, wholeState[0], wholeState[1], wholeState[2]);
        foreach ((int start, int length) in new[] { (0, 37), (37, 63) })
        {
            Adam.Update(g.AsSpan(start, length), transform, step, sliced.AsSpan(start, length), slicedState[0].AsSpan(start, length), slicedState[1].AsSpan(start, length), slicedState[2].AsSpan(start, length));
        }

        Assert.Equal(whole, sliced);
        Assert.Equal(wholeState[0], slicedState[0]);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Squared_norm_includes_the_L1_subgradient_and_the_value_clamp(SimdWidth width)
    {
        foreach (int n in new[] { 0, 1, 17, 255, 256, 257, 511, 512, 768, 1000, 4099 })
        {
            float[] g = TestData.Uniform(n, seed: 4);
            float[] theta = TestData.Uniform(n, seed: 5);
            var transform = new GradientTransform(1f, 0.01f, 0.5f, 123f); // weight decay is not part of the clipped norm
            double expected = 0;
            for (int i = 0; i < g.Length; i++)
            {
                double clamped = Math.Clamp(g[i] + 0.01 * Math.Sign(theta[i]), -0.5, 0.5);
                expected += clamped * clamped;
            }

            Assert.Equal(expected, transform.SquaredNorm(g, theta, width), 1e-4);
        }
    }

    [Fact]
    public void Adam_step_scalars_are_math_pow_s_on_both_sides_of_one_minus_beta_to_the_t_reaching_one()
    {
        // 1 − β^t reaches exactly 1 in double near t = 350 for β = 0.9 and 38,000 for 0.999, and β^t underflows near
        // 7,070 and 744,000: the scalars must be Math.Pow's on both sides of both.
        foreach (float beta in new[] { 0.9f, 0.5f, 0.999f, 0.99999f })
        {
            foreach (long t in new long[] { 1, 2, 100, 300, 330, 340, 350, 360, 380, 400, 7000, 7070, 7100, 20_000, 37_000, 38_000, 39_000, 40_000, 743_000, 746_000, 3_800_000, 10_000_000, long.MaxValue / 1024 })
            {
                AdamStep step = AdamStep.At(t, 1e-3f, beta, beta, 1e-8f, 0f, false);
                Assert.Equal((float)(1e-3f / (1.0 - Math.Pow(beta, t))), step.StepSize);
                Assert.Equal((float)Math.Sqrt(1.0 - Math.Pow(beta, t)), step.BiasCorrection2Sqrt);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Adam_rounds_as_its_formula_on_both_sides_of_the_second_correction_reaching_one(SimdWidth width)
    {
        // √(1 − β2^t) rounds to exactly 1f from t ≈ 16,600 at β2 = 0.999, and the kernel then skips dividing by it:
        // each element must still be θ − m / (√v / √(1 − β2^t) + ε) · step to the bit, one ulp below 1 as at 1.
        float[] g = TestData.Uniform(37, seed: 3);
        foreach (long t in new long[] { 1, 16_000, 16_500, 16_600, 16_700, 17_000, 20_000, 1_000_000 })
        {
            AdamStep step = AdamStep.At(t, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false);
            float[] theta = TestData.Uniform(37, seed: 4), m = TestData.Uniform(37, seed: 5), v = TestData.Uniform(37, seed: 6).Select(MathF.Abs).ToArray();
            float[] expected = new float[37];
            for (int i = 0; i < 37; i++)
            {
                float mean = m[i] * 0.9f + g[i] * (1f - 0.9f);
                float square = v[i] * 0.999f + g[i] * g[i] * (1f - 0.999f);
                expected[i] = theta[i] - mean / (MathF.Sqrt(square) / step.BiasCorrection2Sqrt + 1e-8f) * step.StepSize;
            }

            Adam.Update(g, GradientTransform.None, step, theta, m, v, default, width);
            Assert.Equal(expected, theta);
        }

        Assert.True(AdamStep.At(16_000, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false).BiasCorrection2Sqrt < 1f);
        Assert.Equal(1f, AdamStep.At(17_000, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false).BiasCorrection2Sqrt);
    }

    /// <summary>One optimizer call on g and θ with its state buffers, at a width: what the split test runs both ways.</summary>
    internal delegate SimdCoverage UpdateCall(float[] g, float[] theta, float[][] state, SimdWidth width);

    /// <summary>Every optimizer with each state buffer it can keep, and the buffers' count.</summary>
    public static TheoryData<string, int> SplitCases => new()
    {
        { "Adam", 2 }, { "Adam AMSGrad", 3 }, { "SGD", 0 }, { "SGD momentum", 1 }, { "RMSprop", 1 }, { "RMSprop centered momentum", 3 }, { "AdaGrad", 1 },
    };

    private static UpdateCall SplitCase(string name)
    {
        var transform = new GradientTransform(0.9f, 1e-4f, 0f, 1e-3f);
        return name switch
        {
            "Adam" or "Adam AMSGrad" => (g, theta, s, w) => Adam.Update(g, transform, AdamStep.At(3, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f, s.Length == 3), theta, s[0], s[1], s.Length == 3 ? s[2] : default, w),
            "SGD" => (g, theta, s, w) => Sgd.Update(g, transform, new SgdSettings(1e-2f, 0f, 0f, false), false, theta, default, w),
            "SGD momentum" => (g, theta, s, w) => Sgd.Update(g, transform, new SgdSettings(1e-2f, 0.9f, 0.1f, true), false, theta, s[0], w),
            "RMSprop" => (g, theta, s, w) => RmsProp.Update(g, transform, new RmsPropSettings(1e-2f, 0.99f, 1e-8f, 0f, false), theta, s[0], default, default, w),
            "RMSprop centered momentum" => (g, theta, s, w) => RmsProp.Update(g, transform, new RmsPropSettings(1e-3f, 0.99f, 1e-6f, 0.9f, true), theta, s[0], s[1], s[2], w),
            _ => (g, theta, s, w) => AdaGrad.Update(g, transform, AdaGrad.DecayedRate(1e-2f, 0.1f, 3), 1e-10f, theta, s[0], w),
        };
    }

    [Theory]
    [MemberData(nameof(SplitCases))]
    public void A_large_update_split_over_the_cores_is_the_one_thread_update_bit_for_bit(string optimizer, int buffers)
    {
        UpdateCall update = SplitCase(optimizer);
        int before = ComputeThreads.Count;
        try
        {
            foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 })
            {
                foreach (int threads in new[] { 2, 3 })
                {
                    ComputeThreads.Count = threads;
                    foreach (int length in new[] { UpdateSplit.MinimumParameters, 100_003 })
                    {
                        string what = $"{optimizer}, {length} parameters on {threads} threads, {width}";
                        float[] g = TestData.Uniform(length, seed: 11);
                        float[][] start = [TestData.Uniform(length, seed: 12), .. Enumerable.Range(0, buffers).Select(b => TestData.Uniform(length, seed: 13 + b).Select(MathF.Abs).ToArray())];
                        float[][] alone = start.Select(a => (float[])a.Clone()).ToArray();
                        ComputeThreads.SplitOnCurrentThread = false;
                        SimdCoverage expected = update(g, alone[0], alone[1..], width);
                        ComputeThreads.SplitOnCurrentThread = true;

                        // The workers may be taken by another test's product for a moment: start over until the split runs.
                        float[][] split = [];
                        SimdCoverage coverage = default;
                        bool ran = false;
                        for (int attempt = 0; attempt < 1000 && !ran; attempt++)
                        {
                            split = start.Select(a => (float[])a.Clone()).ToArray();
                            int splits = UpdateSplit.SplitsOnThisThread;
                            coverage = update(g, split[0], split[1..], width);
                            ran = UpdateSplit.SplitsOnThisThread > splits;
                        }

                        Assert.True(ran, $"{what}: the update was never split");
                        Assert.Equal(expected, coverage);
                        for (int buffer = 0; buffer < alone.Length; buffer++)
                        {
                            Assert.True(alone[buffer].AsSpan().SequenceEqual(split[buffer]), $"{what}: buffer {buffer} differs from the one-thread update");
                        }
                    }
                }
            }

            int below = UpdateSplit.SplitsOnThisThread;
            update(TestData.Uniform(100, seed: 1), new float[100], Enumerable.Range(0, buffers).Select(_ => new float[100]).ToArray(), SimdWidth.Vector256);
            Assert.Equal(below, UpdateSplit.SplitsOnThisThread); // 100 parameters run on one thread
        }
        finally
        {
            ComputeThreads.SplitOnCurrentThread = true;
            ComputeThreads.Count = before;
        }
    }

    [Fact]
    public void Clip_coefficient_follows_torch_clip_grad_norm()
    {
        Assert.Equal(1f, GradientTransform.ClipCoefficient(0.25, maxNorm: 1f)); // ‖g‖ = 0.5 < 1: unchanged
        Assert.Equal(1f / (2f + 1e-6f), GradientTransform.ClipCoefficient(4.0, maxNorm: 1f), 7);
    }

    [Fact]
    public void Mismatched_state_lengths_throw_naming_the_span()
    {
        AdamStep step = AdamStep.At(1, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false);
        var e = Assert.Throws<ArgumentException>(() => Adam.Update(new float[4], GradientTransform.None, step, new float[4], new float[4], new float[3], default));
        Assert.Equal("secondMoment", e.ParamName);
        Assert.Throws<ArgumentException>(() => Sgd.Update(new float[3], GradientTransform.None, new SgdSettings(0.1f, 0.9f, 0f, false), true, new float[4], new float[4]));
    }

    private delegate SimdCoverage Kernel(float[] gradients, GradientTransform transform, long step, float[] parameters, float[][] state);

    private delegate void Rule(float[] gradients, GradientTransform transform, long step, float[] parameters, float[][] state);

    private static void ForEachCase(SimdWidth width, int states, Kernel kernel, Rule reference, float tolerance = 1e-6f)
    {
        foreach (GradientTransform transform in Transforms)
        {
            for (int n = 0; n <= 257; n++)
            {
                float[] theta = TestData.Uniform(n, seed: n);
                float[] expected = (float[])theta.Clone();
                float[][] state = Enumerable.Range(0, states).Select(_ => new float[n]).ToArray();
                float[][] expectedState = Enumerable.Range(0, states).Select(_ => new float[n]).ToArray();
                for (long step = 1; step <= 3; step++)
                {
                    float[] g = TestData.Uniform(n, seed: (int)(1000 * step) + n);
                    Assert.Equal(ExpectedCoverage.Of(width, n), kernel(g, transform, step, theta, state));
                    reference(g, transform, step, expected, expectedState);
                }

                for (int i = 0; i < n; i++)
                {
                    float bound = tolerance * Math.Max(1f, Math.Abs(expected[i]));
                    Assert.True(Math.Abs(expected[i] - theta[i]) <= bound, $"n={n} i={i}: {theta[i]} vs {expected[i]}");
                }
            }
        }
    }
}
