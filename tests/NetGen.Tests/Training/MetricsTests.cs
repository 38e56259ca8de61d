using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>Every metric against hand-computed answers, through a network whose Predict returns fixed rows.</summary>
public sealed class MetricsTests
{
    // Seven samples of three classes; the argmax predictions are 0 1 1 1 2 0 2 against the labels 0 0 1 1 2 2 2.
    private static readonly float[][] ThreeClassRows =
    [
        [0.7f, 0.2f, 0.1f],
        [0.3f, 0.6f, 0.1f],
        [0.1f, 0.8f, 0.1f],
        [0.2f, 0.5f, 0.3f],
        [0.1f, 0.1f, 0.8f],
        [0.5f, 0.1f, 0.4f],
        [0.2f, 0.2f, 0.6f],
    ];

    private static readonly int[] ThreeClassLabels = [0, 0, 1, 1, 2, 2, 2];

    private static (ScriptedNetwork Network, DataSet Data) ThreeClasses(int repeat = 1) =>
        (new ScriptedNetwork(PredictOutput.Softmax, ThreeClassRows),
         new DataSet(ScriptedNetwork.Indices(7 * repeat), [.. Enumerable.Range(0, 7 * repeat).Select(i => ThreeClassLabels[i % 7])], 1));

    [Fact]
    public void The_confusion_matrix_has_the_true_labels_as_rows()
    {
        (ScriptedNetwork network, DataSet data) = ThreeClasses();
        int[,] confusion = Metrics.ConfusionMatrix(network, data);
        Assert.Equal(new[,] { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 2 } }, confusion);
        Assert.Equal([0.5, 2.0 / 3, 1.0], Metrics.Precision(confusion), Tolerance);
        Assert.Equal([0.5, 1.0, 2.0 / 3], Metrics.Recall(confusion), Tolerance);
        Assert.Equal([0.5, 0.8, 0.8], Metrics.F1(confusion), Tolerance);
        Assert.Equal(5.0 / 7, Metrics.Accuracy(network, data), 12);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_and_f1_zero()
    {
        int[,] confusion = { { 2, 0 }, { 1, 0 } };
        Assert.Equal([2.0 / 3, 0], Metrics.Precision(confusion), Tolerance);
        Assert.Equal([1.0, 0], Metrics.Recall(confusion), Tolerance);
        Assert.Equal([0.8, 0], Metrics.F1(confusion), Tolerance);
        Assert.Throws<ArgumentException>(() => Metrics.Precision(new int[2, 3]));
    }

    [Fact]
    public void Metrics_are_the_same_across_predict_chunks()
    {
        // 7 × 300 = 2100 samples: three Predict chunks of up to 1000, one buffer.
        (ScriptedNetwork network, DataSet data) = ThreeClasses(repeat: 300);
        Assert.Equal(new[,] { { 300, 300, 0 }, { 0, 600, 0 }, { 300, 0, 600 } }, Metrics.ConfusionMatrix(network, data));
        Assert.Equal(3, network.PredictCalls);
        Assert.Equal(5.0 / 7, Metrics.Accuracy(network, data), 12);
        (ScriptedNetwork single, DataSet once) = ThreeClasses();
        Assert.Equal(Metrics.Loss(single, once), Metrics.Loss(network, data), 12);
    }

    [Fact]
    public void Top_k_accuracy_counts_the_label_among_the_k_highest()
    {
        (ScriptedNetwork network, DataSet data) = ThreeClasses();
        // Top 2: the two misses, sample 1 (label 0, 0.3 second highest) and sample 5 (label 2, 0.4 second), now count.
        Assert.Equal(5.0 / 7, Metrics.TopKAccuracy(network, data, 1), 12);
        Assert.Equal(1.0, Metrics.TopKAccuracy(network, data, 2), 12);
        Assert.Equal(1.0, Metrics.TopKAccuracy(network, data, 3), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.TopKAccuracy(network, data, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.TopKAccuracy(network, data, 0));
    }

    [Fact]
    public void Top_k_breaks_ties_as_argmax_does()
    {
        var network = new ScriptedNetwork(PredictOutput.Softmax, [[0.4f, 0.4f, 0.2f]]);
        var data = new DataSet(ScriptedNetwork.Indices(2), [0, 1], 1);
        // ArgMax picks index 0 on the tie: label 0 is top-1, label 1 is only top-2.
        Assert.Equal(0.5, Metrics.TopKAccuracy(network, data, 1), 12);
        Assert.Equal(1.0, Metrics.TopKAccuracy(network, data, 2), 12);
    }

    [Fact]
    public void Softmax_cross_entropy_is_minus_the_log_of_the_label_probability_clamped()
    {
        var network = new ScriptedNetwork(PredictOutput.Softmax, [[0.7f, 0.2f, 0.1f], [0.2f, 0.5f, 0.3f], [1f, 0f, 0f]]);
        var data = new DataSet(ScriptedNetwork.Indices(3), [0, 2, 1], 1);
        double expected = -(Math.Log(0.7f) + Math.Log(0.3f) + Math.Log(Metrics.ProbabilityFloor)) / 3;
        Assert.Equal(expected, Metrics.Loss(network, data), 12);

        // Soft targets: −Σ t·log p per sample, averaged over samples.
        var soft = new DataSet(ScriptedNetwork.Indices(2), [0.5f, 0.5f, 0f, 0f, 0f, 1f], 1, 3);
        Assert.Equal(-(0.5 * Math.Log(0.7f) + 0.5 * Math.Log(0.2f) + Math.Log(0.3f)) / 2, Metrics.Loss(network, soft), 12);
    }

    [Fact]
    public void Binary_accuracy_and_cross_entropy_for_one_sigmoid_output()
    {
        var network = new ScriptedNetwork(PredictOutput.Sigmoid, [[0.9f], [0.2f], [0.6f], [0.4f]]);
        var labels = new DataSet(ScriptedNetwork.Indices(4), [1, 0, 0, 1], 1);
        var targets = new DataSet(ScriptedNetwork.Indices(4), [1f, 0f, 0f, 1f], 1, 1);
        foreach (DataSet data in new[] { labels, targets })
        {
            Assert.Equal(0.5, Metrics.BinaryAccuracy(network, data), 12);
            Assert.Equal(0.75, Metrics.BinaryAccuracy(network, data, threshold: 0.3), 12);
            double expected = -(Math.Log(0.9f) + Math.Log(1 - (double)0.2f) + Math.Log(1 - (double)0.6f) + Math.Log(0.4f)) / 4;
            Assert.Equal(expected, Metrics.Loss(network, data), 12);
        }

        Assert.Equal(0.5, Metrics.Accuracy(network, labels), 12);
        Assert.Equal(new[,] { { 1, 1 }, { 1, 1 } }, Metrics.ConfusionMatrix(network, labels));
        Assert.Throws<ArgumentException>(() => Metrics.BinaryAccuracy(ThreeClasses().Network, ThreeClasses().Data));
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.BinaryAccuracy(network, labels, threshold: 1.5));
    }

    [Fact]
    public void Regression_metrics_for_mean_squared_error_networks()
    {
        var network = new ScriptedNetwork(PredictOutput.Identity, [[1f, 2f], [3f, 5f]]);
        var data = new DataSet(ScriptedNetwork.Indices(2), [1f, 1f, 2f, 7f], 1, 2);
        // Errors 0, 1, 1, −2.
        Assert.Equal(1.5, Metrics.MeanSquaredError(network, data), 12);
        Assert.Equal(1.0, Metrics.MeanAbsoluteError(network, data), 12);
        Assert.Equal(1.5, Metrics.Loss(network, data), 12);
        // Output 0: SS_res 1, SS_tot 0.5 → −1; output 1: SS_res 5, SS_tot 18 → 13/18; mean −5/36.
        Assert.Equal(-5.0 / 36, Metrics.RSquared(network, data), 12);

        var constant = new DataSet(ScriptedNetwork.Indices(2), [1f, 2f, 1f, 5f], 1, 2);
        // Output 0's targets are all 1 and predicted 1 and 3: 0 by convention; output 1: 2, 5 predicted exactly: 1.
        Assert.Equal(0.5, Metrics.RSquared(network, constant), 12);
    }

    [Fact]
    public void Metrics_refuse_the_wrong_kind_of_data()
    {
        (ScriptedNetwork network, DataSet data) = ThreeClasses();
        var regression = new ScriptedNetwork(PredictOutput.Identity, [[1f, 2f]]);
        var targets = new DataSet(ScriptedNetwork.Indices(1), [1f, 2f], 1, 2);
        Assert.Throws<ArgumentException>(() => Metrics.MeanSquaredError(regression, new DataSet([0f], [0], 1)));
        Assert.Throws<ArgumentException>(() => Metrics.ConfusionMatrix(regression, targets));
        Assert.Throws<ArgumentException>(() => Metrics.Accuracy(network, new DataSet([0f], [3], 1)));
        Assert.Throws<ArgumentException>(() => Metrics.Accuracy(network, new DataSet([0f, 1f], [0], 2)));
        Assert.Throws<ArgumentException>(() => Metrics.Loss(network, new DataSet([0f], [1f, 0f], 1, 2)));
        Assert.True(double.IsNaN(Metrics.Accuracy(network, new DataSet([], Array.Empty<int>(), 1))));
        Assert.Equal(5.0 / 7, Metrics.Accuracy(network, data), 12);
    }

    private static readonly IEqualityComparer<double> Tolerance = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-12, _ => 0);
}
