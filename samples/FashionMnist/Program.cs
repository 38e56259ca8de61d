using System.Diagnostics;
using NetGen;
using NetGen.Data;
using NetGen.Samples.FashionMnist;
using NetGen.Samples.Shared;
using NetGen.Training;

// Fashion-MNIST with a NetGen-generated MLP: load, standardize with the training set's statistics, train with
// shuffled minibatches, and report loss, test accuracy and throughput per epoch. After every epoch the whole training
// state is saved to artifacts/<model>.safetensors (--resume continues from it); at the end the inference graph is also
// exported to artifacts/<model>.onnx. --load evaluates a saved model without training.
Options? options = Options.Parse(args, out string optionError);
if (options is null)
{
    Console.Error.WriteLine(optionError);
    return 2;
}

if (StandardizedFashionMnist.Load(options.DataDirectory, "or point --data at a directory holding the four IDX files") is not { } data)
{
    return 1;
}

(DataSet train, DataSet test, Standardizer standardizer) = data;
Console.WriteLine($"Fashion-MNIST: {train.Count} training, {test.Count} test samples; standardized with mean {standardizer.Mean:F4}, std {standardizer.StandardDeviation:F4}");

INetwork network = options.Model == "cnn" ? new FashionCnn(options.Seed) : new FashionMlp(options.Seed);
Console.WriteLine($"{network.GetType().Name}: {string.Join(" | ", network.Layers)}; {network.ParameterCount:N0} parameters, batch {network.BatchSize}");

if (options.Load is { } load)
{
    // Weights only (parameters and BatchNorm statistics): a NetGen checkpoint, or weights saved from PyTorch.
    if (!Artifacts.TryLoad(() => network.LoadWeights(load)))
    {
        return 1;
    }

    Console.WriteLine($"loaded {load}; test accuracy {Evaluation.Accuracy(network, test):P2}");
    return 0;
}

var batches = new Minibatches(train, network.BatchSize, seed: options.Seed);
float initialRate = network.LearningRate;
int firstEpoch = 1;
if (options.Resume is { } resume)
{
    if (!Artifacts.TryLoad(() => network.Load(resume)))
    {
        return 1;
    }

    // The checkpoint is taken at an epoch's end: replay the shuffles of the epochs done, so the run continues exactly
    // as the uninterrupted one (the seed must be the one the run started with).
    int done = (int)(network.Step / batches.BatchesPerEpoch);
    for (int epoch = 0; epoch < done; epoch++)
    {
        batches.Shuffle();
    }

    firstEpoch = done + 1;
    Console.WriteLine($"resumed {resume} at step {network.Step:N0} (epoch {done} done)");
}

string checkpoint = Path.Combine(options.Artifacts, $"{options.Model}.safetensors");
Directory.CreateDirectory(options.Artifacts);
double accuracy = Evaluation.Accuracy(network, test);
for (int epoch = firstEpoch; epoch <= options.Epochs; epoch++)
{
    // Cosine annealing per epoch, γ_e = γ0·(1 + cos(π(e-1)/E))/2: large steps early, small ones to settle at the end,
    // so the last epoch's accuracy is not the luck of one noisy step.
    network.LearningRate = initialRate * 0.5f * (1f + MathF.Cos(MathF.PI * (epoch - 1) / options.Epochs));
    var progress = new ProgressBar($"epoch {epoch,2}/{options.Epochs}", batches.BatchesPerEpoch);
    batches.Shuffle();
    double lossSum = 0;
    int steps = 0;
    var clock = Stopwatch.StartNew();
    while (batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels))
    {
        lossSum += network.TrainStep(inputs, labels);
        steps++;
        progress.Report(steps, (float)(lossSum / steps));
    }

    double seconds = clock.Elapsed.TotalSeconds;
    accuracy = Evaluation.Accuracy(network, test);
    progress.Finish($"epoch {epoch,2}/{options.Epochs}  lr {network.LearningRate:F4}  loss {lossSum / steps:F4}  test accuracy {accuracy:P2}  {train.Count / seconds:N0} samples/s");
    network.Save(checkpoint);
}

Console.WriteLine($"final test accuracy {accuracy:P2}");
string onnx = Path.ChangeExtension(checkpoint, ".onnx");
network.ExportOnnx(onnx);
Console.WriteLine($"saved {checkpoint} (training state) and {onnx} (inference graph, softmax outputs)");
return 0;
