namespace NetGen.Tests;

/// <summary>Bad spans and labels throw an exception naming the argument and the expectation, and change nothing.</summary>
public class ArgumentValidationTests
{
    private const int In = ReluClassifier.InputSize;

    [Theory]
    [InlineData(0, "labels")]
    [InlineData(5, "labels")]
    public void Batch_outside_1_to_BatchSize_throws(int batch, string argument) =>
        AssertRejected(n => n.TrainStep(new float[batch * In], new int[batch]), argument, "1 to 4");

    [Fact]
    public void Inputs_of_the_wrong_length_throw() =>
        AssertRejected(n => n.TrainStep(new float[2 * In + 1], new int[2]), "inputs", "2 samples of 5 need 10");

    [Fact]
    public void Out_of_range_labels_throw() =>
        AssertRejected(n => n.TrainStep(new float[2 * In], [1, 3]), "labels", "labels[1] = 3");

    [Fact]
    public void Negative_labels_throw() =>
        AssertRejected(n => n.TrainStep(new float[In], [-1]), "labels", "0..2");

    [Fact]
    public void Targets_not_a_whole_number_of_samples_throw() =>
        AssertRejected(n => n.TrainStep(new float[In], new float[4]), "targets", "whole number");

    [Fact]
    public void Gradient_span_of_the_wrong_length_throws()
    {
        AssertRejected(n => n.ApplyGradients(new float[3]), "gradients", $"exactly {ReluClassifier.ParameterCount}");
        AssertRejected(n => n.ComputeGradients(new float[In], [0], new float[ReluClassifier.ParameterCount + 1]), "gradients", "one per parameter");
    }

    [Fact]
    public void Predict_with_mismatched_outputs_throws()
    {
        AssertRejected(n => n.Predict(new float[2 * In], new float[5]), "outputs", "need 6");
        AssertRejected(n => n.Predict(new float[In + 2], new float[3]), "inputs", "whole number");
    }

    private static void AssertRejected(Action<ReluClassifier> call, string argument, string expectedText)
    {
        var network = new ReluClassifier(seed: 5);
        float[] before = network.Parameters.ToArray();
        var e = Assert.ThrowsAny<ArgumentException>(() => call(network));
        Assert.Equal(argument, e.ParamName);
        Assert.Contains(expectedText, e.Message);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Equal(0, network.Step);
    }
}
