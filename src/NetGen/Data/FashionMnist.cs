namespace NetGen.Data;

/// <summary>
/// Fashion-MNIST from its four IDX files (as Debian's dataset-fashion-mnist installs them, gzip-compressed,
/// or uncompressed): 60,000 training and 10,000 test images of 28 × 28, ten classes.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Images are <see cref="ImageSide"/> × <see cref="ImageSide"/> pixels.</summary>
    public const int ImageSide = 28;

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The training and test sets with pixels scaled to [0, 1].</summary>
    /// <exception cref="DataSetException">A file is missing, truncated or corrupt; the message names it.</exception>
    public static (DataSet Train, DataSet Test) Load(string directory) =>
        (LoadPart(directory, "train"), LoadPart(directory, "t10k"));

    private static DataSet LoadPart(string directory, string prefix)
    {
        string imagesPath = Locate(directory, $"{prefix}-images-idx3-ubyte");
        string labelsPath = Locate(directory, $"{prefix}-labels-idx1-ubyte");
        IdxImages images = IdxReader.ReadImages(imagesPath);
        byte[] labels = IdxReader.ReadLabels(labelsPath);
        if (images.Rows != ImageSide || images.Columns != ImageSide || images.Count == 0)
        {
            throw new DataSetException(imagesPath, $"{images.Count} images of {images.Rows} × {images.Columns}; Fashion-MNIST has at least one image of {ImageSide} × {ImageSide}.");
        }

        if (labels.Length != images.Count)
        {
            throw new DataSetException(labelsPath, $"{labels.Length} labels for {images.Count} images in {imagesPath}.");
        }

        var classes = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= ClassNames.Count)
            {
                throw new DataSetException(labelsPath, $"label {labels[i]} at index {i} is outside 0..{ClassNames.Count - 1}.");
            }

            classes[i] = labels[i];
        }

        var features = new float[images.Pixels.Length];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = images.Pixels[i] / 255f;
        }

        return new DataSet(features, classes, images.Rows * images.Columns);
    }

    /// <summary>The file itself, or its .gz form; the plain name (which does not exist) when neither does, so the error names it.</summary>
    private static string Locate(string directory, string name)
    {
        string plain = Path.Combine(directory, name);
        string gzip = plain + ".gz";
        return File.Exists(plain) || !File.Exists(gzip) ? plain : gzip;
    }
}
