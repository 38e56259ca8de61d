namespace NetGen.Generator.Tests;

/// <summary>
/// The README's "What gets generated (excerpt)" shows generated code; this test keeps it true: every line of the
/// excerpt but the <c>...</c> elisions, trimmed, must appear in the same order in the approved snapshot of the network
/// the excerpt names, so a change to the generated code that the README does not follow fails here.
/// </summary>
public class ReadmeExcerptTests
{
    private const string Section = "## What gets generated (excerpt)";

    [Fact]
    public void The_readme_excerpt_appears_in_order_in_the_snapshot_of_its_network()
    {
        string root = RepositoryRoot();
        string[] excerpt = Excerpt(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.NotEmpty(excerpt);
        string network = Assert.Single(excerpt, line => line.StartsWith("// Network ", StringComparison.Ordinal));
        string snapshotFolder = Path.Combine(root, "tests", "NetGen.Generator.Tests");
        string snapshot = Assert.Single(
            Directory.GetFiles(snapshotFolder, "SnapshotTests.*.approved.txt"),
            path => TrimmedLines(File.ReadAllText(path)).Contains(network));
        string[] generated = TrimmedLines(File.ReadAllText(snapshot));

        int next = 0;
        foreach (string line in excerpt)
        {
            int found = Array.IndexOf(generated, line, next);
            Assert.True(found >= 0, $"README excerpt line not found in {Path.GetFileName(snapshot)} after line {next}:\n{line}");
            next = found + 1;
        }
    }

    /// <summary>The section's first csharp code block, trimmed, without blank lines and <c>...</c> elisions.</summary>
    private static string[] Excerpt(string readme)
    {
        int section = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(section >= 0, $"README has no \"{Section}\" section");
        int start = readme.IndexOf("```csharp", section, StringComparison.Ordinal);
        int end = readme.IndexOf("```", start + 1, StringComparison.Ordinal);
        return TrimmedLines(readme.Substring(start + "```csharp".Length, end - start - "```csharp".Length))
            .Where(line => line.Length > 0 && line.TrimStart('/', ' ') != "...")
            .ToArray();
    }

    private static string[] TrimmedLines(string text) => text.TrimStart('\uFEFF').Split('\n').Select(l => l.Trim()).ToArray();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NetGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("no NetGen.sln above " + AppContext.BaseDirectory);
    }
}
