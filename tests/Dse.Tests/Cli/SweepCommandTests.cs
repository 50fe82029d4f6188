using System.Text.Json.Nodes;
using Dse.Reports;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

public class SweepCommandTests
{
    [Fact]
    public void TinySweepWritesEveryReport()
    {
        var spec = TestSweeps.Write(TestSweeps.TinySynthetic());
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", spec, "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (var file in new[] { "points.jsonl", "points.csv", "pareto.csv", "pareto.html", "summary.json" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        var points = PointJson.ReadAll(Path.Combine(outDir, "points.jsonl")).Points;
        // 2 devices x 2 crossbars x 2 cellBits x 2 adcBits x 2 token counts.
        Assert.Equal(32, points.Count);
        Assert.All(points, p => Assert.InRange(p.Accuracy!.Mean, 0, 1));
        Assert.All(points, p => Assert.True(p.EnergyJ > 0 && p.AreaMm2 > 0 && p.LatencyS > 0));
        Assert.Equal(33, File.ReadAllLines(Path.Combine(outDir, "points.csv")).Length);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.Equal(7, (int)summary["seed"]!);
        Assert.Equal(32, (int)summary["points"]!);
        Assert.Contains(summary["inputs"]!.AsArray(), i => ((string)i!["path"]!).EndsWith("rram1.json") && ((string)i["sha256"]!).Length == 64);
        Assert.NotNull(summary["versions"]!["Google.OrTools"]);
        Assert.Contains("Points", result.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    [Trait("Category", "Long")]
    public void SameNumbersWhateverTheThreadCount()
    {
        var spec = TestSweeps.Write(TestSweeps.TinySynthetic());
        var one = Path.Combine(TestPaths.NewTempDir(), "one");
        var two = Path.Combine(TestPaths.NewTempDir(), "two");
        Assert.Equal(0, CliRunner.Run("sweep", spec, "--out", one, "--threads", "1", "--quiet").ExitCode);
        Assert.Equal(0, CliRunner.Run("sweep", spec, "--out", two, "--threads", "2", "--quiet").ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(one, "points.jsonl")), File.ReadAllText(Path.Combine(two, "points.jsonl")));
    }

    [Fact]
    [Trait("Category", "Long")]
    public void SeedOverrideChangesTheTrialsButNotTheCost()
    {
        var spec = TestSweeps.Write(TestSweeps.TinySynthetic());
        var a = Path.Combine(TestPaths.NewTempDir(), "a");
        var b = Path.Combine(TestPaths.NewTempDir(), "b");
        Assert.Equal(0, CliRunner.Run("sweep", spec, "--out", a, "--quiet", "--set", "devices=[\"rram1\"]").ExitCode);
        Assert.Equal(0, CliRunner.Run("sweep", spec, "--out", b, "--quiet", "--set", "devices=[\"rram1\"]", "--seed", "8").ExitCode);
        var pa = PointJson.ReadAll(Path.Combine(a, "points.jsonl")).Points;
        var pb = PointJson.ReadAll(Path.Combine(b, "points.jsonl")).Points;
        Assert.Equal(16, pa.Count);
        Assert.NotEqual(pa.Select(p => p.Agreement!.Mean), pb.Select(p => p.Agreement!.Mean));
        Assert.Equal(pa.Select(p => p.Key), pb.Select(p => p.Key));
    }

    [Fact]
    public void SkipsPointsADeviceCannotRealiseAndSaysWhy()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray("rram1", Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "devices", "binary-rram.json"));
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.Equal(8, (int)summary["skippedPoints"]!);
        Assert.Contains("cellBits 2 exceeds binary-rram's maximum of 1 bits per cell", summary["skipped"]![0]!["reason"]!.ToString());
    }

    [Fact]
    public void HelpWorksEverywhere()
    {
        foreach (var args in new[] { new[] { "--help" }, ["sweep", "--help"], ["select", "--help"], ["devices", "validate", "--help"] })
        {
            var result = CliRunner.Run(args);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage", result.Stdout);
        }
    }
}
