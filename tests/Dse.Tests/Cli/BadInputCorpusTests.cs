using System.Text.Json.Nodes;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary>
/// The bad-input corpus (<c>Fixtures/bad-input/corpus.json</c>): device files, sweep files, tensor and text files,
/// unreadable files (FIFOs, devices, directories, made under a scratch folder by a case's <c>make</c> list) and
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
    public void CorpusHasAtLeastSeventyCasesOverEveryKindOfInput()
    {
        var names = Corpus().Select(c => (string)c["name"]!).ToList();
        Assert.True(names.Count >= 70, $"{names.Count} cases");
        foreach (var kind in new[] { "sweep:", "device:", "tensor:", "text:", "unreadable:", "cli:" })
            Assert.Contains(names, n => n.StartsWith(kind, StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ExitsTwoNamesTheProblemAndWritesNothing(string name)
    {
        var c = Corpus().Single(x => (string)x["name"]! == name);
        string outDir = Path.Combine(TestPaths.NewTempDir(), "out");
        string scratch = TestPaths.NewTempDir();
        string Expand(string s) => s.Replace("{fixtures}", Fixtures).Replace("{out}", outDir).Replace("{scratch}", scratch);
        foreach (var make in c["make"]?.AsArray().Select(m => m!.AsObject()) ?? [])
        {
            if (make["fifo"] is { } fifo) Fuzz.Fifo.Create(Expand((string)fifo!));
            if (make["dir"] is { } dir) Directory.CreateDirectory(Expand((string)dir!));
            if (make["copy"] is JsonArray copy) File.Copy(Expand((string)copy[0]!), Expand((string)copy[1]!));
        }
        var before = Directory.GetFileSystemEntries(Fixtures, "*", SearchOption.AllDirectories).Length;
        var args = c["args"]!.AsArray().Select(a => Expand((string)a!)).ToArray();
        // A reader that opened a FIFO would block forever: a deadline turns that into a failure (TimeoutException).
        var result = await Task.Run(() => CliRunner.Run(args)).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 2, $"{name}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        foreach (var mention in c["mentions"]!.AsArray().Select(m => Expand((string)m!)))
            Assert.True(result.Stderr.Contains(mention, StringComparison.Ordinal), $"{name}: stderr lacks \"{mention}\":\n{result.Stderr}");
        Assert.False(Directory.Exists(outDir), $"{name}: created {outDir}");
        Assert.Equal(before, Directory.GetFileSystemEntries(Fixtures, "*", SearchOption.AllDirectories).Length);
    }
}
