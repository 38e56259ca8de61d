namespace NetGen.Generator.Tests;

/// <summary>
/// The representative networks, as a user would write them: the files of tests/NetGen.TestNetworks, declared once there
/// (where they are also compiled, trained and checked against the interpreter by the end-to-end suite) and copied into
/// this project's output as text. Each property is the file of the class of the same name.
/// </summary>
internal static class Sources
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestNetworks");

    public static string FashionMlp => Read(nameof(FashionMlp));

    public static string Regressor => Read(nameof(Regressor));

    public static string Logistic => Read(nameof(Logistic));

    public static string ClippedAdamW => Read(nameof(ClippedAdamW));

    public static string Catalogue => Read(nameof(Catalogue));

    public static string FashionCnn => Read(nameof(FashionCnn));

    public static string LeNet => Read(nameof(LeNet));

    public static string ChannelForms => Read(nameof(ChannelForms));

    public static string Regularized => Read(nameof(Regularized));

    public static string DenseChain => Read(nameof(DenseChain));

    /// <summary>The class name of every network file in the folder, so a network added there is covered by tests that take them all.</summary>
    public static IEnumerable<string> All() =>
        Directory.GetFiles(Folder, "*.cs").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal);

    /// <summary>The file of network class <paramref name="name"/>, with line feeds whatever the checkout wrote.</summary>
    public static string Read(string name) => File.ReadAllText(Path.Combine(Folder, name + ".cs")).Replace("\r\n", "\n", StringComparison.Ordinal);
}
