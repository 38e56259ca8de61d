using NetGen;
using NetGen.Data;
using NetGen.Data.Augmentation;
using NetGen.Data.Preprocessing;
using NetGen.Distributed;
using NetGen.Samples.FashionMnist;
using NetGen.Samples.Shared;
using NetGen.Schedules;
using NetGen.Training;

// Fashion-MNIST with a NetGen-generated MLP: load, standardize with the training set's statistics, train with
// Trainer.Fit (validation split, early stopping, a moving average of the parameters), and report the test accuracy of
// the best and of the averaged parameters, the confusion matrix and learning curves (PNG). After every epoch the whole
// training state is saved to artifacts/<model>.safetensors (--resume continues from it); at the end the inference
// graph is exported to artifacts/<model>.onnx. --load evaluates a saved model without training; --ensemble N trains N
// seeded members and reports each and their average; --augment flips and shifts the training images; --whiten zca|pca
// whitens them. Checkpoints and the ONNX model carry the preprocessing, so a deployed model takes raw pixels.
// Launched by Open MPI's mpirun (`mpirun -np 2 dotnet FashionMnist.dll`), the run is data-parallel (DistributedTrainer):
// each process trains its share of every batch, rank 0 alone prints, evaluates and saves, and the last line before the
// report says whether every rank ended with the same parameters (docs/distributed.md).
using Communicator communicator = Communicator.Start();
if (!communicator.IsRoot)
{
    Console.SetOut(TextWriter.Null); // rank 0 speaks for the job; errors still reach standard error
}

Options? options = Options.Parse(args, out string optionError);
if (options is null)
{
    Console.Error.WriteLine(optionError);
    return Exit(2);
}

if (communicator.Size > 1 && (options.Load is not null || options.Ensemble > 1))
{
    Console.Error.WriteLine($"--load and --ensemble run in one process: launch them without mpirun. {Options.Usage}");
    return Exit(2);
}

if (StandardizedFashionMnist.Load(options.DataDirectory, "or point --data at a directory holding the four IDX files") is not { } data)
{
    return Exit(1);
}

(DataSet train, DataSet test, Standardizer standardizer) = data;
Console.WriteLine($"Fashion-MNIST: {train.Count} training, {test.Count} test samples; standardized with mean {standardizer.Mean:F4}, std {standardizer.StandardDeviation:F4}");

INetwork network = options.Model == "cnn" ? new FashionCnn(options.Seed) : new FashionMlp(options.Seed);
Console.WriteLine($"{network.GetType().Name}: {string.Join(" | ", network.Layers)}; {network.ParameterCount:N0} parameters, batch {network.BatchSize}");

// The sample's preprocessing as a saved, exportable step: the standardization, then the whitening if asked.
int[] inputShape = options.Model == "cnn" ? [1, 28, 28] : [28 * 28];
Preprocessor preprocessing = standardizer.ToPreprocessor(inputShape);

if (options.Load is { } load)
{
    // Weights only (parameters and BatchNorm statistics): a NetGen checkpoint, or weights saved from PyTorch. A file that
    // holds its preprocessing is scored on the raw test images through it; one without, on this run's standardization.
    PreprocessingPipeline? saved = null;
    if (!Artifacts.TryLoad(() =>
    {
        network.LoadWeights(load);
        saved = Checkpoint.LoadPreprocessing(load);
    }))
    {
        return 1;
    }

    DataSet scored = saved is null ? test : saved.Apply(NetGen.Data.FashionMnist.Load(options.DataDirectory).Test);
    Console.WriteLine($"loaded {load}{(saved is null ? "" : $" with its preprocessing ({saved.Describe()})")}; test accuracy {Metrics.Accuracy(network, scored):P2}");
    return 0;
}

if (options.Ensemble > 1)
{
    return Reports.Ensemble(options, train, test, Augmentations.For(options, standardizer));
}

// The run: 10% of the training set held out (stratified, seeded) for validation, cosine annealing per epoch, early
// stopping on the validation loss (patience a quarter of the epochs, at least 3; the best epoch's state restored at the
// end) and an exponential moving average of the parameters (decay 0.999) updated after every step. The checkpoint after each epoch is what --resume
// continues from; the ONNX model and the reported accuracy are of the restored best state.
float initialRate = network.LearningRate;
long batchesPerEpoch = Reports.BatchesPerEpoch(train, network);
DataSet? validation = null;
if (options.Whiten is { } kind)
{
    // Split first, as Fit would (the same seeded, stratified split), so the whitening never sees a validation sample.
    (train, validation) = train.Split(Reports.ValidationFraction, options.Seed);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    Preprocessor whitening = Whiten.Parse(kind, options.Epsilon).Fit(train, inputShape);
    (train, validation, test) = (whitening.Apply(train), whitening.Apply(validation), whitening.Apply(test));
    preprocessing = new PreprocessingPipeline(preprocessing, whitening);
    Console.WriteLine($"whitened: {whitening.Describe()}, fitted on the {train.Count} training samples in {clock.Elapsed.TotalSeconds:F1} s");
}

int epochsDone = 0;
if (options.Resume is { } resume)
{
    // Rank 0 reads the checkpoint (it alone writes them, so on other hosts there may be none) and gives it to the others.
    if (communicator.IsRoot && !Artifacts.TryLoad(() => network.Load(resume)))
    {
        return Exit(1);
    }

    DistributedTrainer.ShareState(communicator, network);

    epochsDone = (int)(network.Step / batchesPerEpoch);
    Console.WriteLine($"resumed {resume} at step {network.Step:N0} (epoch {epochsDone} done; the moving average and early stopping start afresh)");
    if (epochsDone >= options.Epochs)
    {
        Console.WriteLine($"all {options.Epochs} epochs are done; test accuracy {Metrics.Accuracy(network, test):P2}");
        return 0;
    }
}

string checkpoint = Path.Combine(options.Artifacts, $"{options.Model}.safetensors");
Directory.CreateDirectory(options.Artifacts);
ParameterAverage average = ParameterAverage.Exponential(network, decay: 0.999f);
AugmentationPipeline? augmentation = Augmentations.For(options, standardizer);
if (augmentation is not null)
{
    Console.WriteLine("augmenting the training batches: random horizontal flip (p 0.5), random shift by up to 2 pixels (black padding), prepared on a background thread");
}

if (communicator.Size > 1)
{
    int fewest = network.BatchSize / communicator.Size, most = (network.BatchSize + communicator.Size - 1) / communicator.Size;
    Console.WriteLine($"data-parallel over {communicator.Size} processes: each trains {(fewest == most ? $"{most}" : $"{fewest}–{most}")} samples of every batch of {network.BatchSize}; rank 0 evaluates and saves");
}

FitResult result = DistributedTrainer.Fit(communicator, network, train, new FitOptions
{
    Epochs = options.Epochs,
    InitialEpoch = epochsDone,
    Seed = options.Seed,
    ValidationFraction = validation is null ? Reports.ValidationFraction : null,
    Validation = validation,
    Schedule = new CosineAnnealing(initialRate, periods: options.Epochs),
    SchedulePer = SchedulePeriod.Epoch,
    EarlyStopping = Reports.EarlyStoppingFor(options.Epochs),
    OnStep = (_, _) => average.Update(),
    OnEpoch = _ => network.Save(checkpoint, preprocessing),
    Log = Path.Combine(options.Artifacts, $"{options.Model}-history.csv"),
    Augmentation = augmentation,
});

if (communicator.Size > 1)
{
    (string hash, int disagreeing) = ParameterHash.Agreement(communicator, network);
    Console.WriteLine(disagreeing == 0
        ? $"ranks agree: all {communicator.Size} hold parameters {hash}"
        : $"ranks DISAGREE: {disagreeing} of {communicator.Size} differ from rank 0's parameters {hash}");
    if (!communicator.IsRoot)
    {
        return 0;
    }
}

double accuracy = Metrics.Accuracy(network, test);
Console.WriteLine($"best epoch {result.BestEpoch} of {result.History[^1].Epoch}{(result.StoppedEarly ? " (stopped early)" : "")}: test accuracy {accuracy:P2}");
using (average.Use())
{
    Console.WriteLine($"moving average of the parameters (decay 0.999, {average.Count:N0} steps): test accuracy {Metrics.Accuracy(network, test):P2}");
}

Reports.Confusion(network, test);
string curves = Reports.Curves(result, options);
Console.WriteLine($"final test accuracy {accuracy:P2}");
string best = Path.Combine(options.Artifacts, $"{options.Model}-best.safetensors");
network.Save(best, preprocessing);
string onnx = Path.ChangeExtension(checkpoint, ".onnx");
network.ExportOnnx(onnx, preprocessing);
Console.WriteLine($"saved {checkpoint} (training state after the last epoch), {best} and {onnx} (the best epoch's state and inference graph, both with the preprocessing: {preprocessing.Describe()}) and {curves}");
return 0;

// An error exit: in a job of several processes, the whole job ends (the other ranks would wait in a collective).
int Exit(int code)
{
    if (communicator.Size > 1)
    {
        communicator.Abort($"FashionMnist exits with code {code} (the message above says why)", code);
    }

    return code;
}
