using System.Runtime.CompilerServices;
using ApprovalTests;
using ApprovalTests.Reporters;

[assembly: UseReporter(typeof(QuietReporter))]

namespace NetGen.Generator.Tests;

/// <summary>
/// The generated source of representative networks, compared with the approved snapshot beside this file: the snapshot
/// is reviewed like code, so any change to the output's formatting or content is seen in review.
/// A mismatch writes *.received.txt next to the approved file.
/// </summary>
public class SnapshotTests
{
    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Design_example_mlp_with_batch_norm_and_dropout() => Verify(Sources.FashionMlp);

    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Regressor_without_bias_and_with_nesterov() => Verify(Sources.Regressor);

    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Single_layer_in_the_global_namespace() => Verify(Sources.Logistic);

    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void AdamW_with_norm_clipping_L1_and_undecayed_biases() => Verify(Sources.ClippedAdamW);

    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void GELU_dropout_PReLU_Maxout_and_binary_cross_entropy() => Verify(Sources.Catalogue);

    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Cnn_with_batch_norm_and_pooling() => Verify(Sources.FashionCnn);

    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Weight_norm_and_the_per_channel_forms_after_convolution() => Verify(Sources.ChannelForms);

    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void LeNet_with_direct_and_strided_convolutions() => Verify(Sources.LeNet);

    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void MaxNorm_Gaussian_noise_and_activity_L1() => Verify(Sources.Regularized);

    [Fact]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Dense_chain_trained_feature_major() => Verify(Sources.DenseChain);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Verify(string source)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(source);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationDiagnostics);
        Approvals.Verify(Assert.Single(outcome.Generated));
    }
}
