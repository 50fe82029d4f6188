using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Tests.Shared;

namespace Dse.Tests.Exploration;

/// <summary>Strict checks of the <c>text</c> and <c>tensors</c> workload sections.</summary>
public class FileWorkloadSpecTests
{
    private static readonly string Dir = TestPaths.NewTempDir();

    private static IReadOnlyList<InputError> Errors(string workload, string tokens = "\"virtualTokens\": [4],")
    {
        File.WriteAllText(Path.Combine(Dir, "a.txt"), "a");
        File.WriteAllText(Path.Combine(Dir, "glove.txt"), "a 1");
        var text = $$"""
            {
              "name": "t", "devices": ["rram1"], "crossbar": ["64x64"], "cellBits": [1], "adcBits": [6], {{tokens}}
              "workload": {{workload}},
              "mc": { "trials": 1 }
            }
            """;
        var path = Path.Combine(Dir, "sweep.json");
        File.WriteAllText(path, text);
        return Assert.Throws<InputException>(() => SweepSpecLoader.Load(path)).Errors;
    }

    [Fact]
    public void Text_unknown_key_gets_a_suggestion_with_line()
    {
        var e = Assert.Single(Errors("""{ "kind": "text", "domains": ["a.txt", "."], "vectors": "glove.txt", "bufferSise": 5 }"""));
        Assert.Equal(("$.workload.bufferSise", 3), (e.Path, e.Line));
        Assert.Contains("did you mean 'bufferSize'", e.Expected);
    }

    [Fact]
    public void Text_missing_files_and_keys()
    {
        var errors = Errors("""{ "kind": "text", "domains": ["a.txt", "nowhere"] }""");
        Assert.Contains(errors, e => e.Path == "$.workload.vectors" && e.Found == "no such key");
        Assert.Contains(errors, e => e.Path == "$.workload.domains[1]" && e.Found.Contains("no such file"));
        var missing = Assert.Single(Errors("""{ "kind": "text", "domains": ["a.txt", "."], "vectors": "glove.txt" }""", tokens: ""));
        Assert.Contains("virtualTokens", missing.Expected);
    }

    [Fact]
    public void Text_tokens_above_the_buffer()
    {
        var e = Assert.Single(Errors("""{ "kind": "text", "domains": ["a.txt", "."], "vectors": "glove.txt", "bufferSize": 3 }"""));
        Assert.Equal("$.virtualTokens[0]", e.Path);
        Assert.Contains("bufferSize = 3", e.Expected);
    }

    [Fact]
    public void Tensors_paths_must_exist_and_queries_come_from_the_file()
    {
        var errors = Errors("""{ "kind": "tensors", "store": "store.npy", "queries": ".", "labls": "x" }""", tokens: "");
        Assert.Contains(errors, e => e.Path == "$.workload.store" && e.Found.Contains("no such file"));
        Assert.Contains(errors, e => e.Path == "$.workload.queries" && e.Found.Contains("a directory"));
        Assert.Contains(errors, e => e.Path == "$.workload.labls" && e.Expected.Contains("did you mean 'labels'"));
    }

    [Fact]
    public void Example_text_sweep_is_valid_apart_from_its_absent_data()
    {
        var errors = Assert.Throws<InputException>(() => SweepSpecLoader.Load(Path.Combine(TestPaths.RepoRoot, "sweeps", "text-domains.json"))).Errors;
        Assert.All(errors, e => Assert.Contains("no such file", e.Found));
        Assert.Equal(15, errors.Count);
    }
}
