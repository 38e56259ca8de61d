namespace NetGen.Data.Preprocessing;

/// <summary>The names a checkpoint's "netgen.preprocessing" metadata gives step kinds and scopes (docs/checkpoints.md).</summary>
internal static class PreprocessingKinds
{
    public const string Standardization = "standardization";
    public const string MeanSubtraction = "mean_subtraction";
    public const string Pca = "pca";
    public const string PcaWhitening = "pca_whitening";
    public const string ZcaWhitening = "zca_whitening";

    public static string Name(StatisticScope scope) => scope switch
    {
        StatisticScope.Global => "global",
        StatisticScope.PerFeature => "per_feature",
        _ => "per_channel",
    };

    public static StatisticScope? Scope(string? name) => name switch
    {
        "global" => StatisticScope.Global,
        "per_feature" => StatisticScope.PerFeature,
        "per_channel" => StatisticScope.PerChannel,
        _ => null,
    };
}
