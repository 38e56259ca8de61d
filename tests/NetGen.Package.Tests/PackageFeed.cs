using System.IO.Compression;
using System.Xml.Linq;

namespace NetGen.Package.Tests;

/// <summary>
/// The NetGen package, packed once for the tests of this class into a folder feed in a fresh temporary directory.
/// </summary>
/// <remarks>
/// The pack runs against the repository's sources with <c>--artifacts-path</c> in the temporary directory, so its
/// restore, obj and bin files go there and nothing is written into the repository: other test projects of the same
/// `dotnet test NetGen.sln` may be building src/NetGen, the runtime or the generator into their usual obj/bin folders at
/// the same moment, and the two builds never share a file. The version gets a prerelease suffix of its own
/// (VersionPrefix from Directory.Build.props stays the base), so no package of that id and version can come from any
/// other source the machine knows; the consumers' NuGet cache is empty at first, so no cached copy hides a broken
/// package either.
/// </remarks>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Path.Combine(Path.GetTempPath(), "netgen-package-" + Guid.NewGuid().ToString("N")[..12]);
        if (IsUnder(Root, RepositoryRoot))
        {
            throw new InvalidOperationException($"The temporary directory {Root} is inside the repository {RepositoryRoot}: its Directory.Build.props would leak into the consumer.");
        }

        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "nuget-packages");
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Packages);
        // Stop MSBuild's upward search here, whatever lies above the temporary directory.
        foreach (string name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(Root, name), "<Project />\n");
        }

        string suffix = "packagetest" + Guid.NewGuid().ToString("N")[..8];
        Pack = Dotnet.Run(RepositoryRoot, Environment(),
            "pack", Path.Combine(RepositoryRoot, "src", "NetGen", "NetGen.csproj"), "-c", "Release", "-o", Feed,
            "--artifacts-path", Path.Combine(Root, "artifacts"), "-p:VersionSuffix=" + suffix, "--disable-build-servers");
        string[] packages = Directory.GetFiles(Feed, "*.nupkg");
        if (Pack.ExitCode != 0 || packages.Length != 1)
        {
            throw new InvalidOperationException($"Packing src/NetGen should make one package in {Feed}, found {packages.Length}. {Pack}");
        }

        PackagePath = packages[0];
        using ZipArchive archive = ZipFile.OpenRead(PackagePath);
        Entries = archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToArray();
        ZipArchiveEntry nuspecEntry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using (var reader = new StreamReader(nuspecEntry.Open()))
        {
            NuspecText = reader.ReadToEnd();
        }

        Nuspec = XDocument.Parse(NuspecText);
        Version = Nuspec.Descendants().Single(e => e.Name.LocalName == "version").Value;
    }

    public string RepositoryRoot { get; }

    /// <summary>The temporary directory holding the feed, the NuGet cache, the artifacts and the consumers.</summary>
    public string Root { get; }

    public string Feed { get; }

    /// <summary>The consumers' NUGET_PACKAGES: empty before the first restore.</summary>
    public string Packages { get; }

    public DotnetResult Pack { get; }

    public string PackagePath { get; }

    /// <summary>The package's file paths, sorted.</summary>
    public string[] Entries { get; }

    public string NuspecText { get; }

    public XDocument Nuspec { get; }

    public string Version { get; }

    /// <summary>The environment of every dotnet call: the fresh NuGet cache.</summary>
    public IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NetGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No NetGen.sln above {AppContext.BaseDirectory}.");
    }

    private static bool IsUnder(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
