using NetGen.Data;
using NetGen.Data.Augmentation;

namespace NetGen.Samples.FashionMnist;

/// <summary>--augment: the training batches' random flips and shifts (docs/augmentation.md).</summary>
internal static class Augmentations
{
    /// <summary>
    /// Half the images mirrored left to right (every Fashion-MNIST class is left-right symmetric as a class) and every image
    /// shifted by up to 2 pixels each way, padded with black: the images are standardized, so black is −μ/s, not 0.
    /// Null without --augment.
    /// </summary>
    public static AugmentationPipeline? For(Options options, Standardizer standardizer) => options.Augment
        ? new AugmentationPipeline(
            new SampleShape(1, 28, 28),
            new RandomHorizontalFlip(0.5),
            new RandomCrop(padding: 2) { Fill = [-standardizer.Mean / standardizer.StandardDeviation] })
        : null;
}
