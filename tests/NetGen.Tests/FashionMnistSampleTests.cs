namespace NetGen.Tests;

/// <summary>
/// The main job's checkpoint flags, run as a user runs the sample, on a small synthetic data set in Fashion-MNIST's
/// format: a run resumed from its epoch-1 checkpoint ends with the same checkpoint, byte for byte, as the
/// uninterrupted run; --load of the saved best state reports the run's final accuracy; a damaged file is one message
/// naming it and exit code 1; --ensemble reports each member and the ensemble; --augment changes the training batches
/// and resumes to the same checkpoint as its uninterrupted run.
/// </summary>
public class FashionMnistSampleTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "FashionMnist.dll");

    [Fact]
    public void A_resumed_run_ends_with_the_uninterrupted_runs_checkpoint_and_the_best_state_reloads_to_its_accuracy()
    {
        string data = SyntheticData();
        string whole = Folder(), split = Folder();
        Run(0, "--data", data, "--epochs", "2", "--artifacts", whole);
        Run(0, "--data", data, "--epochs", "1", "--artifacts", split);
        string resumed = Run(0, "--data", data, "--epochs", "2", "--artifacts", split, "--resume", Path.Combine(split, "mlp.safetensors"));

        Assert.Contains("resumed", resumed);
        Assert.Contains("(epoch 1 done;", resumed);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "mlp.safetensors")), File.ReadAllBytes(Path.Combine(split, "mlp.safetensors")));
        foreach (string artifact in new[] { "mlp-best.safetensors", "mlp.onnx", "mlp-curves.png", "mlp-history.csv" })
        {
            Assert.True(File.Exists(Path.Combine(whole, artifact)), artifact);
        }

        string loaded = Run(0, "--data", data, "--load", Path.Combine(whole, "mlp-best.safetensors"));
        string final = File.ReadAllLines(Path.Combine(whole, "log.txt")).Last(l => l.StartsWith("final test accuracy", StringComparison.Ordinal));
        Assert.Contains($"test accuracy {final["final test accuracy ".Length..]}", loaded);
    }

    [Fact]
    public void An_augmented_run_trains_on_other_batches_and_resumes_to_the_same_checkpoint()
    {
        string data = SyntheticData();
        string plain = Folder(), whole = Folder(), split = Folder();
        Run(0, "--data", data, "--epochs", "2", "--artifacts", plain);
        string output = Run(0, "--data", data, "--epochs", "2", "--augment", "--artifacts", whole);
        Assert.Contains("augmenting the training batches: random horizontal flip", output);
        Run(0, "--data", data, "--epochs", "1", "--augment", "--artifacts", split);
        Run(0, "--data", data, "--epochs", "2", "--augment", "--artifacts", split, "--resume", Path.Combine(split, "mlp.safetensors"));

        byte[] augmented = File.ReadAllBytes(Path.Combine(whole, "mlp.safetensors"));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(plain, "mlp.safetensors")), augmented);
        Assert.Equal(augmented, File.ReadAllBytes(Path.Combine(split, "mlp.safetensors")));
    }

    [Fact]
    public void A_whitened_run_saves_its_preprocessing_so_the_best_state_scores_raw_test_images_the_same()
    {
        string data = SyntheticData(), folder = Folder();
        string output = Run(0, "--data", data, "--epochs", "2", "--whiten", "zca", "--artifacts", folder);
        Assert.Contains("whitened: ZCA whitening", output);
        string final = output.Split('\n').Last(l => l.StartsWith("final test accuracy", StringComparison.Ordinal)).Trim();
        string loaded = Run(0, "--data", data, "--load", Path.Combine(folder, "mlp-best.safetensors"));
        Assert.Contains("with its preprocessing (", loaded);
        Assert.Contains($"test accuracy {final["final test accuracy ".Length..]}", loaded);
        Assert.Contains("--whiten fits its statistics", Run(2, "--data", data, "--whiten", "zca", "--ensemble", "2"));
    }

    [Fact]
    public void An_ensemble_reports_each_member_and_their_average()
    {
        string output = Run(0, "--data", SyntheticData(), "--epochs", "1", "--ensemble", "2", "--artifacts", Folder());
        Assert.Contains("member seed 0: test accuracy", output);
        Assert.Contains("member seed 1: test accuracy", output);
        Assert.Contains("ensemble of 2: test accuracy", output);
    }

    [Fact]
    public void A_damaged_checkpoint_is_one_message_naming_the_file()
    {
        string data = SyntheticData(), folder = Folder();
        string path = Path.Combine(folder, "bad.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        string errors = Run(1, "--data", data, "--load", path);
        Assert.Contains($"{path}: 3 bytes is too short for a safetensors file", errors);
        Assert.DoesNotContain("   at ", errors); // no stack trace
        Assert.Contains($"{path}: 3 bytes", Run(1, "--data", data, "--resume", path));
    }

    private static string Run(int exitCode, params string[] arguments) => SampleProcess.Run(Sample, exitCode, arguments);

    private static string Folder() => SampleProcess.Folder();

    private static string SyntheticData() => SampleProcess.SyntheticData();
}
