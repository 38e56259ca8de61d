namespace NetGen.Data.Preprocessing;

/// <summary>Over which values one mean (and standard deviation) is computed and applied.</summary>
public enum StatisticScope
{
    /// <summary>One over every value of every sample (the existing <see cref="Standardizer"/>; Normalize((m,), (s,))).</summary>
    Global,

    /// <summary>One per feature, over the samples: for images a mean image (AlexNet subtracts it).</summary>
    PerFeature,

    /// <summary>One per channel of [C, H, W] samples, over the samples and the H·W positions (VGG's mean RGB; torchvision's Normalize(mean[C], std[C])).</summary>
    PerChannel,
}
