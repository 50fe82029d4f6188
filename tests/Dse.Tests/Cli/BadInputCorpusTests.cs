using System.Text.Json.Nodes;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary>
/// The bad-input corpus (<c>Fixtures/bad-input/corpus.json</c>): device files, sweep files, tensor files and
/// command-line arguments, each of which must exit 2 with a message naming the file and the JSON path or line,
/// and leave no output behind.
/// </summary>
public class BadInputCorpusTests
{
    private static readonly string Fixtures = Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Corpus()) data.Add((string)c["name"]!);
        return data;
    }

    private static IEnumerable<JsonObject> Corpus()
        => JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures, "corpus.json")))!["cases"]!.AsArray().Select(c => c!.AsObject());

    [Fact]
    public void CorpusHasAtLeastThirtyCasesOverEveryKindOfInput()
    {
        var names = Corpus().Select(c => (string)c["name"]!).ToList();
        Assert.True(names.Count >= 30, $"{names.Count} cases");
        foreach (var kind in new[] { "sweep:", "device:", "tensor:", "cli:" })
            Assert.Contains(names, n => n.StartsWith(kind, StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExitsTwoNamesTheProblemAndWritesNothing(string name)
    {
        var c = Corpus().Single(x => (string)x["name"]! == name);
        string outDir = Path.Combine(TestPaths.NewTempDir(), "out");
        var before = Directory.GetFileSystemEntries(Fixtures, "*", SearchOption.AllDirectories).Length;
        var args = c["args"]!.AsArray().Select(a => ((string)a!).Replace("{fixtures}", Fixtures).Replace("{out}", outDir)).ToArray();
        var result = CliRunner.Run(args);
        Assert.True(result.ExitCode == 2, $"{name}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        foreach (var mention in c["mentions"]!.AsArray().Select(m => ((string)m!).Replace("{fixtures}", Fixtures)))
            Assert.True(result.Stderr.Contains(mention, StringComparison.Ordinal), $"{name}: stderr lacks \"{mention}\":\n{result.Stderr}");
        Assert.False(Directory.Exists(outDir), $"{name}: created {outDir}");
        Assert.Equal(before, Directory.GetFileSystemEntries(Fixtures, "*", SearchOption.AllDirectories).Length);
    }
}
