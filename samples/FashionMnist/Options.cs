namespace NetGen.Samples.FashionMnist;

/// <summary>
/// Command-line options: --model mlp|cnn, --data DIR, --epochs N, --seed N; --load PATH evaluates a saved model
/// without training, --resume PATH continues a saved run, --ensemble N (≥ 2) trains N seeded members; --artifacts DIR is
/// where the checkpoint, the ONNX model, the history and the figures go; --augment trains on randomly flipped and shifted
/// images; --whiten zca|pca whitens the standardized pixels with statistics of the training part of the split, with
/// --epsilon E (default 0.1: the standardized pixels have unit variance, so this is about 0.01 on pixels in [0, 1]).
/// </summary>
internal sealed record Options(string DataDirectory, int Epochs, int Seed, string Model = "mlp", string? Load = null, string? Resume = null, string Artifacts = "artifacts", int Ensemble = 1, bool Augment = false, string? Whiten = null, float Epsilon = 0.1f)
{
    public const string Usage = "usage: FashionMnist [--model mlp|cnn] [--data DIR] [--epochs N] [--seed N] [--augment] [--whiten zca|pca [--epsilon E]] [--load PATH | --resume PATH | --ensemble N] [--artifacts DIR]";

    /// <summary>Parses <paramref name="args"/>; returns null with <paramref name="error"/> set when they are wrong.</summary>
    public static Options? Parse(string[] args, out string error)
    {
        var options = new Options(Data.FashionMnist.DefaultDirectory, Epochs: 10, Seed: 0);
        error = "";
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
            {
                error = Usage;
                return null;
            }

            if (name == "--augment")
            {
                options = options with { Augment = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value. {Usage}";
                return null;
            }

            string value = args[++i];
            switch (name)
            {
                case "--data":
                    options = options with { DataDirectory = value };
                    break;
                case "--epochs" when int.TryParse(value, out int epochs) && epochs > 0:
                    options = options with { Epochs = epochs };
                    break;
                case "--model" when value is "mlp" or "cnn":
                    options = options with { Model = value };
                    break;
                case "--seed" when int.TryParse(value, out int seed):
                    options = options with { Seed = seed };
                    break;
                case "--load":
                    options = options with { Load = value };
                    break;
                case "--resume":
                    options = options with { Resume = value };
                    break;
                case "--artifacts":
                    options = options with { Artifacts = value };
                    break;
                case "--whiten" when value is "zca" or "pca":
                    options = options with { Whiten = value };
                    break;
                case "--epsilon" when float.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out float epsilon) && epsilon > 0 && float.IsFinite(epsilon):
                    options = options with { Epsilon = epsilon };
                    break;
                case "--ensemble" when int.TryParse(value, out int members) && members >= 2:
                    options = options with { Ensemble = members };
                    break;
                default:
                    error = $"unknown option or bad value: {name} {value}. {Usage}";
                    return null;
            }
        }

        if ((options.Load is null ? 0 : 1) + (options.Resume is null ? 0 : 1) + (options.Ensemble > 1 ? 1 : 0) > 1)
        {
            error = $"--load evaluates a saved model, --resume continues training one and --ensemble trains several: give one of them. {Usage}";
            return null;
        }

        if (options.Whiten is not null && (options.Ensemble > 1 || options.Load is not null))
        {
            error = $"--whiten fits its statistics on the run's training split: it trains one network, so it goes with neither --ensemble (each member splits with its own seed) nor --load (a saved model brings its own preprocessing). {Usage}";
            return null;
        }

        return options;
    }
}
