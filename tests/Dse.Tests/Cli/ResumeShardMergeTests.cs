using System.Diagnostics;
using System.Text.Json.Nodes;
using Dse.Reports;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary>Long runs, safely: kill and resume, shards and merge, refusals that protect results.</summary>
public class ResumeShardMergeTests
{
    /// <summary>A sweep of 14 Monte-Carlo groups (7 token counts x 2 cell bits), long enough to be killed part-way.</summary>
    private static JsonObject ManyGroups()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["virtualTokens"] = new JsonArray(2, 3, 4, 5, 6, 7, 8);
        sweep["crossbar"] = new JsonArray("32x32", "64x64", "32x64");
        sweep["mc"]!["trials"] = 24;
        return sweep;
    }

    private static string[] SortedLines(string dir) => File.ReadAllLines(Path.Combine(dir, "points.jsonl")).Order(StringComparer.Ordinal).ToArray();

    private static string RunToCompletion(string spec, params string[] extra)
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run(["sweep", spec, "--out", outDir, "--quiet", .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return outDir;
    }

    [Fact]
    [Trait("Category", "Long")]
    public void KilledRunResumesToTheSameResults()
    {
        var spec = TestSweeps.Write(ManyGroups());
        var reference = RunToCompletion(spec);
        int total = SortedLines(reference).Length;

        var outDir = Path.Combine(TestPaths.NewTempDir(), "killed");
        string dse = Path.Combine(AppContext.BaseDirectory, "dse.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dse, "sweep", spec, "--out", outDir, "--threads", "1" }) start.ArgumentList.Add(a);
        using (var process = Process.Start(start)!)
        {
            string points = Path.Combine(outDir, "points.jsonl");
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60) && (!File.Exists(points) || File.ReadAllLines(points).Length < 2 * total / 14))
                Thread.Sleep(20);
            Assert.False(process.HasExited, "the sweep finished before it could be killed; make it longer");
            process.Kill(entireProcessTree: true); // SIGKILL
            process.WaitForExit();
        }
        int before = File.ReadAllLines(Path.Combine(outDir, "points.jsonl")).Length;
        Assert.InRange(before, 1, total - 1);

        var resumed = CliRunner.Run("sweep", spec, "--out", outDir, "--resume", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var lines = SortedLines(outDir);
        Assert.Equal(SortedLines(reference), lines);
        var keys = lines.Select(l => JsonNode.Parse(l)!["key"]!.ToString()).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "points.csv")), File.ReadAllText(Path.Combine(outDir, "points.csv")));
    }

    [Fact]
    [Trait("Category", "Long")]
    public void TornLastLineIsDroppedOnResume()
    {
        var spec = TestSweeps.Write(TestSweeps.TinySynthetic());
        var reference = RunToCompletion(spec);
        var outDir = RunToCompletion(spec);
        // Simulate a crash mid-write: keep 10 complete lines and half of the 11th.
        var lines = File.ReadAllLines(Path.Combine(outDir, "points.jsonl"));
        File.WriteAllText(Path.Combine(outDir, "points.jsonl"), string.Join("\n", lines.Take(10)) + "\n" + lines[10][..(lines[10].Length / 2)]);
        var resumed = CliRunner.Run("sweep", spec, "--out", outDir, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("torn last line", resumed.Stderr);
        Assert.Equal(SortedLines(reference), SortedLines(outDir));
    }

    [Fact]
    [Trait("Category", "Long")]
    public void ThreeShardsMergedEqualOneRun()
    {
        var spec = TestSweeps.Write(ManyGroups());
        var single = RunToCompletion(spec);
        var shards = Enumerable.Range(0, 3).Select(i => RunToCompletion(spec, "--shard", $"{i}/3")).ToArray();
        var counts = shards.Select(s => SortedLines(s).Length).ToArray();
        Assert.Equal(SortedLines(single).Length, counts.Sum());
        Assert.True(counts.Max() - counts.Min() <= counts.Max() / 2, $"unbalanced shards: {string.Join(", ", counts)}");

        var merged = Path.Combine(TestPaths.NewTempDir(), "merged");
        var result = CliRunner.Run(["merge", .. shards, "--out", merged]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(single, "points.csv")), File.ReadAllText(Path.Combine(merged, "points.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(single, "pareto.csv")), File.ReadAllText(Path.Combine(merged, "pareto.csv")));
        Assert.True(File.Exists(Path.Combine(merged, "pareto.html")));
    }

    [Fact]
    public void MergeRefusesOverlapsAndDifferentSweeps()
    {
        var spec = TestSweeps.Write(TestSweeps.TinySynthetic());
        var a = RunToCompletion(spec, "--shard", "0/2");
        var overlap = CliRunner.Run("merge", a, a, "--out", Path.Combine(TestPaths.NewTempDir(), "m"));
        Assert.Equal(2, overlap.ExitCode);
        Assert.Contains("also in", overlap.Stderr);

        var other = RunToCompletion(spec, "--shard", "1/2", "--set", "mc.trials=3");
        var different = CliRunner.Run("merge", a, other, "--out", Path.Combine(TestPaths.NewTempDir(), "m"));
        Assert.Equal(2, different.ExitCode);
        Assert.Contains("$.mc.trials", different.Stderr);
    }

    [Fact]
    public void AnExistingRunIsNeverOverwrittenSilently()
    {
        var spec = TestSweeps.Write(TestSweeps.TinySynthetic());
        var outDir = RunToCompletion(spec);
        var before = File.ReadAllText(Path.Combine(outDir, "points.jsonl"));

        var again = CliRunner.Run("sweep", spec, "--out", outDir, "--quiet");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(outDir, "points.jsonl")));

        var changed = CliRunner.Run("sweep", spec, "--out", outDir, "--resume", "--quiet", "--set", "mc.trials=5");
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("$.mc.trials", changed.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(outDir, "points.jsonl")));

        var resumedComplete = CliRunner.Run("sweep", spec, "--out", outDir, "--resume", "--quiet");
        Assert.Equal(0, resumedComplete.ExitCode);
        Assert.StartsWith("0 points computed", resumedComplete.Stdout);
        Assert.Equal(before, File.ReadAllText(Path.Combine(outDir, "points.jsonl")));

        Assert.Equal(0, CliRunner.Run("sweep", spec, "--out", outDir, "--quiet", "--force", "--set", "mc.trials=5").ExitCode);
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(outDir, "points.jsonl")));
    }
}
