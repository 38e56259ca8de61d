using System.Diagnostics;
using System.Globalization;
using NetGen.Data;
using NetGen.Data.Preprocessing;
using NetGen.Figures;

// PCA and ZCA whitening of Fashion-MNIST as the course shows them, every statistic fitted on the training set only and
// applied to test images: the explained variance of the leading k components (k = 10, 50, 100, 200), the leading
// components as 28 × 28 images, test images reconstructed from 50 components, and test images ZCA-whitened (ε set by
// --epsilon), which keeps their edges and flattens their smooth regions. Figures go to artifacts/preprocessing/.
const string Usage = "usage: Preprocessing [--data DIR] [--epsilon E] [--artifacts DIR]";
string dataDirectory = FashionMnist.DefaultDirectory, artifacts = Path.Combine("artifacts", "preprocessing");
float epsilon = 1e-2f;
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    bool ok = true;
    switch (args[i])
    {
        case "--data" when value is not null: dataDirectory = value; break;
        case "--artifacts" when value is not null: artifacts = value; break;
        case "--epsilon" when value is not null: ok = float.TryParse(value, CultureInfo.InvariantCulture, out epsilon) && epsilon > 0 && float.IsFinite(epsilon); break;
        default: ok = false; break;
    }

    if (!ok)
    {
        Console.Error.WriteLine($"bad argument '{args[i]}{(value is null ? "" : " " + value)}'\n{Usage}");
        return 2;
    }

    i++;
}

DataSet train, test;
try
{
    (train, test) = FashionMnist.Load(dataDirectory);
}
catch (DataSetException e)
{
    Console.Error.WriteLine($"Cannot load Fashion-MNIST: {e.Message}");
    Console.Error.WriteLine("Install the data set with 'apt-get install dataset-fashion-mnist', or point --data at a directory holding the four IDX files.");
    return 1;
}

Directory.CreateDirectory(artifacts);
const int Side = FashionMnist.ImageSide, Shown = 32;
Console.WriteLine($"Fashion-MNIST: {train.Count} training images (fitting), {test.Count} test images (shown), pixels in [0, 1]");

var clock = Stopwatch.StartNew();
Pca pca = Pca.Fit(train, components: 200);
Console.WriteLine($"PCA fitted in {clock.Elapsed.TotalSeconds:F1} s: total variance {pca.TotalVariance:F3}, λ1 = {pca.ExplainedVariance[0]:F4}");
foreach (int k in new[] { 10, 50, 100, 200 })
{
    Console.WriteLine($"k = {k,3}: explained variance {pca.CumulativeVarianceRatio(k):P2}");
}

string components = Path.Combine(artifacts, "pca-components.png");
ImageGrid.Write(components, pca.Components[..(64 * Side * Side)], 64, Side, Side, columns: 16);

DataSet shown = test.Subset([.. Enumerable.Range(0, Shown)]);
string originals = Path.Combine(artifacts, "test-images.png");
ImageGrid.Write(originals, shown.Features, Shown, Side, Side, columns: 16);

// Reconstruction from the first 50 components: x̂ = Uₖᵀ·Uₖ·(x − μ) + μ.
Pca pca50 = pca.Truncated(50);
var coordinates = new float[Shown * 50];
var reconstructed = new float[Shown * Side * Side];
pca50.Apply(shown.Features, coordinates);
pca50.InverseTransform(coordinates, reconstructed);
double error = shown.Features.Zip(reconstructed).Sum(p => (double)(p.First - p.Second) * (p.First - p.Second)) / Shown;
string reconstruction = Path.Combine(artifacts, "pca-reconstruction-k50.png");
ImageGrid.Write(reconstruction, reconstructed, Shown, Side, Side, columns: 16);
Console.WriteLine($"k =  50: test reconstruction error {error:F3} per image (training: {pca.TotalVariance * (1 - pca.CumulativeVarianceRatio(50)):F3}, the discarded eigenvalues)");

clock.Restart();
Whitening zca = Whitening.Fit(train, WhiteningKind.Zca, epsilon);
Console.WriteLine($"ZCA whitening (ε = {epsilon.ToString("R", CultureInfo.InvariantCulture)}) fitted in {clock.Elapsed.TotalSeconds:F1} s");
var whitened = new float[Shown * Side * Side];
zca.Apply(shown.Features, whitened);
string white = Path.Combine(artifacts, "zca-whitened.png");
ImageGrid.Write(white, whitened, Shown, Side, Side, columns: 16);
Console.WriteLine($"wrote {components}, {originals}, {reconstruction} and {white}");
return 0;
