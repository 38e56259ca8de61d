using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace NetGen.Package.Tests;

/// <summary>
/// Why this exists: every other suite references src/NetGen and the generator as projects, so none of them would notice
/// a package that is unusable (no analyzer in it, the runtime missing from lib, a dependency on a package nobody
/// publishes), which is what users get. Here the package is packed, restored into an empty NuGet cache by a console
/// project outside the repository that has only `PackageReference Include="NetGen"`, built and run: it must compile a
/// [Network] class, train it with finite, falling losses, and report a bad spec as its NG diagnostic.
/// </summary>
public sealed class PackageTests(PackageFeed feed, ITestOutputHelper output) : IClassFixture<PackageFeed>
{
    [Fact]
    public void The_package_holds_the_library_the_runtime_the_exporter_the_generator_and_the_documents_and_depends_on_protobuf_and_spectre_console_only()
    {
        output.WriteLine($"pack: {feed.Pack.Elapsed.TotalSeconds:F1} s, {feed.PackagePath}");
        string[] expected =
        [
            "LICENSE", "README.md", "analyzers/dotnet/cs/NetGen.Generator.dll", "docs/diagnostics.md", "docs/spec-language.md", "docs/onnx.md",
            "lib/net10.0/NetGen.dll", "lib/net10.0/NetGen.xml", "lib/net10.0/NetGen.Runtime.dll", "lib/net10.0/NetGen.Runtime.xml",
            "lib/net10.0/NetGen.Onnx.dll", "lib/net10.0/NetGen.Onnx.xml",
        ];
        string listing = string.Join("\n", feed.Entries);
        foreach (string entry in expected)
        {
            Assert.True(feed.Entries.Contains(entry), $"the package has no {entry}:\n{listing}");
        }

        Assert.DoesNotContain(feed.Entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
        Assert.Equal(3, feed.Entries.Count(e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal)));
        Assert.Single(feed.Entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal));

        string Metadata(string name) => feed.Nuspec.Descendants().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        Assert.Equal("NetGen", Metadata("id"));
        Assert.Equal("MIT", Metadata("license"));
        Assert.Equal("README.md", Metadata("readme"));
        Assert.NotEqual("", Metadata("description"));
        Assert.NotEqual("", Metadata("tags"));
        // Three package dependencies (the runtime and the exporter travel inside): NetGen.Onnx's run-time Google.Protobuf,
        // MathNet.Numerics, whose eigendecomposition fits PCA and whitening, and Spectre.Console, which draws Trainer.Fit's live progress.
        var dependencies = feed.Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")?.Value ?? "").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Google.Protobuf", "MathNet.Numerics", "Spectre.Console"], dependencies);
        Assert.DoesNotContain(feed.RepositoryRoot, feed.NuspecText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_with_only_the_package_reference_builds_and_trains()
    {
        string project = Consumer("trains", Consumers.TrainingProgram);
        DotnetResult run = Dotnet.Run(project, feed.Environment(), "run", "-c", "Release", "--disable-build-servers");
        output.WriteLine($"pack {feed.Pack.Elapsed.TotalSeconds:F1} s; restore, build and run {run.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.ToString());

        float[] losses = Regex.Matches(run.Output, @"^step \d+ loss (\S+)$", RegexOptions.Multiline)
            .Select(m => float.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToArray();
        Assert.True(losses.Length == Consumers.Steps, $"expected {Consumers.Steps} losses. {run}");
        Assert.True(losses.All(float.IsFinite), $"a loss is not finite. {run}");
        Assert.True(losses[^1] < 0.9f * losses[0], $"the loss did not fall: {losses[0]} -> {losses[^1]}. {run}");
        Assert.Contains("predicted ", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"^exported onnx [1-9]\d* bytes$", run.Output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith("exported onnx", StringComparison.Ordinal)) ?? run.Output);
        // The package's own files, not a copy from anywhere else: the restore put exactly this version in the empty cache.
        Assert.True(Directory.Exists(Path.Combine(feed.Packages, "netgen", feed.Version.ToLowerInvariant())), $"NetGen {feed.Version} is not in {feed.Packages}");
    }

    [Fact]
    public void A_bad_spec_in_that_project_is_reported_as_its_NG_diagnostic()
    {
        string project = Consumer("bad-spec", Consumers.TrainingProgram);
        File.WriteAllText(Path.Combine(project, "BadSpec.cs"), Consumers.BadSpec);
        DotnetResult build = Dotnet.Run(project, feed.Environment(), "build", "-c", "Release", "--disable-build-servers");
        output.WriteLine($"restore and build {build.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(build.Output);
        Assert.True(build.ExitCode != 0, $"a Dense(0) layer should fail the build. {build}");
        Assert.Matches(@"BadSpec\.cs\(\d+,\d+\): error NG0007: Dense units of layer 'Output' is 0", build.Output);
        // The stub implements the layer properties, so the NG error is not buried under "partial property must have an implementation part".
        Assert.DoesNotContain("CS9248", build.Output, StringComparison.Ordinal);
    }

    /// <summary>A console project in its own directory under the feed's temporary root, with only the package reference.</summary>
    private string Consumer(string name, string program)
    {
        string directory = Path.Combine(feed.Root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), Consumers.Project(feed.Version));
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), Consumers.NuGetConfig(feed.Feed));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        return directory;
    }
}
