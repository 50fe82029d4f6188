using System.Text.Json.Nodes;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary>Runs you can trust: inputs pinned on resume and merge, empty shards, messages that work, provenance.</summary>
public class RunTrustTests
{
    /// <summary>A tiny sweep on one device file of its own (copied beside the sweep) with a single Monte-Carlo work unit.</summary>
    private static (string Sweep, string Device) OneUnitSweep()
    {
        var sweep = TestSweeps.TinySynthetic();
        string path = TestSweeps.Write(sweep);
        string device = Path.Combine(Path.GetDirectoryName(path)!, "mydev.json");
        File.WriteAllText(device, File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "rram1.json")).Replace("\"name\": \"rram1\"", "\"name\": \"mydev\""));
        sweep["devices"] = new JsonArray("./mydev.json");
        sweep["crossbar"] = new JsonArray("64x64");
        sweep["cellBits"] = new JsonArray(2);
        sweep["virtualTokens"] = new JsonArray(4);
        sweep["mc"]!["trials"] = 2;
        File.WriteAllText(path, sweep.ToJsonString());
        return (path, device);
    }

    private static string[] SortedLines(string dir) => File.ReadAllLines(Path.Combine(dir, "points.jsonl")).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void ResumeAfterADeviceEditIsRefusedNamingTheFileAndForceRecordsTheMix()
    {
        var (sweep, device) = OneUnitSweep();
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run("sweep", sweep, "--out", outDir, "--quiet").ExitCode);
        File.WriteAllText(device, File.ReadAllText(device).Replace("\"gMaxS\": 1e-05", "\"gMaxS\": 2e-05"));
        var refused = CliRunner.Run("sweep", sweep, "--out", outDir, "--resume", "--quiet");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("mydev.json", refused.Stderr);
        Assert.Contains("changed file", refused.Stderr);
        var forced = CliRunner.Run("sweep", sweep, "--out", outDir, "--resume", "--force", "--quiet");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.Contains("mydev.json", summary["mixedInputs"]![0]!.ToString());
    }

    [Fact]
    public void MergeOfShardsRunWithDifferentDeviceFilesIsRefusedUnlessForced()
    {
        var (sweep, device) = OneUnitSweep();
        var root = TestPaths.NewTempDir();
        Assert.Equal(0, CliRunner.Run("sweep", sweep, "--out", Path.Combine(root, "s0"), "--shard", "0/2", "--quiet").ExitCode);
        File.WriteAllText(device, File.ReadAllText(device).Replace("\"cellAreaF2\": 48", "\"cellAreaF2\": 50"));
        Assert.Equal(0, CliRunner.Run("sweep", sweep, "--out", Path.Combine(root, "s1"), "--shard", "1/2", "--quiet").ExitCode);
        var refused = CliRunner.Run("merge", Path.Combine(root, "s0"), Path.Combine(root, "s1"), "--out", Path.Combine(root, "m"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("mydev.json", refused.Stderr);
        var forced = CliRunner.Run("merge", Path.Combine(root, "s0"), Path.Combine(root, "s1"), "--out", Path.Combine(root, "m"), "--force");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Contains("mydev.json", File.ReadAllText(Path.Combine(root, "m", "summary.json")));
    }

    [Fact]
    [Trait("Category", "Long")]
    public void AnEmptyShardWritesAValidRunAndMergesWithTheFullOneIntoASingleRun()
    {
        var (sweep, _) = OneUnitSweep();
        var root = TestPaths.NewTempDir();
        Assert.Equal(0, CliRunner.Run("sweep", sweep, "--out", Path.Combine(root, "single"), "--quiet").ExitCode);
        var tasks = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            string dir = Path.Combine(root, $"s{i}");
            var result = CliRunner.Run("sweep", sweep, "--out", dir, "--shard", $"{i}/3");
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.True(File.Exists(Path.Combine(dir, "index.html")));
            if (i > 0) Assert.Contains("has no work", result.Stderr);
            tasks.Add(dir);
        }
        var merged = CliRunner.Run(["merge", .. tasks, "--out", Path.Combine(root, "merged")]);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        foreach (var file in new[] { "points.csv", "pareto.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(root, "single", file)), File.ReadAllText(Path.Combine(root, "merged", file)));
        Assert.Equal(3, JsonNode.Parse(File.ReadAllText(Path.Combine(root, "merged", "summary.json")))!["shards"]!.AsArray().Count);
    }

    [Fact]
    public void ABadSeedSaysWhatWasExpected()
    {
        var result = CliRunner.Run("sweep", TestSweeps.Write(TestSweeps.TinySynthetic()), "--seed", "abc", "--out", Path.Combine(TestPaths.NewTempDir(), "o"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--seed", result.Stderr);
        Assert.Contains("\"abc\"", result.Stderr);
        Assert.DoesNotContain("Nullable", result.Stderr);
    }

    [Fact]
    public void DseWithoutArgumentsShowsHelp()
    {
        var result = CliRunner.Run();
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("sweep", result.Stdout);
        Assert.Contains("Usage", result.Stdout);
    }

    [Fact]
    public void TheResumeCommandKeepsTheOverrides()
    {
        string command = Dse.Cli.Commands.SweepCommand.ResumeCommand(["sweep", "s.json", "--set", "mc.trials=3", "--force", "--out", "/tmp/my run"], "/tmp/my run");
        Assert.Equal("dse sweep s.json --set mc.trials=3 --out '/tmp/my run' --resume", command);
        // Started with dotnet run, the hint starts the same way.
        string viaDotnetRun = Dse.Cli.Commands.SweepCommand.ResumeCommand(["sweep", "s.json"], "/tmp/r", ["dotnet", "run", "--project", "src/Dse.Cli", "-c", "Release", "--"]);
        Assert.Equal("dotnet run --project src/Dse.Cli -c Release -- sweep s.json --out /tmp/r --resume", viaDotnetRun);
    }

    [Fact]
    public void TheInvocationIsHowThisDseWasStarted()
    {
        var root = TestPaths.NewTempDir();
        var project = Path.Combine(root, "src", "Dse.Cli");
        var output = Path.Combine(project, "bin", "Release", "net10.0", "linux-x64");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(project, "Dse.Cli.csproj"), "<Project />");
        Assert.Equal(["dotnet", "run", "--project", Path.Combine("src", "Dse.Cli"), "-c", "Release", "--"],
            Dse.Cli.Shell.Invocation(Path.Combine(output, "dse"), "", root));
        var tools = Path.Combine(root, "tools");
        Assert.Equal(["dse"], Dse.Cli.Shell.Invocation(Path.Combine(tools, "dse"), tools, root));
        Assert.Equal([Path.Combine(root, "elsewhere", "dse")], Dse.Cli.Shell.Invocation(Path.Combine(root, "elsewhere", "dse"), tools, root));
        Assert.Equal(["dse"], Dse.Cli.Shell.Invocation("/usr/share/dotnet/dotnet", "", root));
    }

    [Fact]
    public void TheSummaryRecordsTheToolTheCommandAndTheHost()
    {
        var (sweep, _) = OneUnitSweep();
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run("sweep", sweep, "--out", outDir, "--quiet", "--threads", "1").ExitCode);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.False(string.IsNullOrEmpty(summary["toolVersion"]?.ToString()));
        Assert.Contains("--threads 1", summary["commandLine"]!.ToString());
        Assert.Equal(Environment.ProcessorCount, (int)summary["host"]!["cores"]!);
        Assert.Contains((int)summary["host"]!["vectorWidthBits"]!, new[] { 0, 128, 256, 512 });
        Assert.False(string.IsNullOrEmpty(summary["host"]!["cpuModel"]!.ToString()));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "run.json")))!;
        Assert.Contains(manifest["inputs"]!.AsArray(), i => i!["path"]!.ToString().EndsWith("mydev.json") && i["sha256"]!.ToString().Length == 64);
    }

    [Fact]
    public void PointsCsvOrdersNumbersByValue()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["adcBits"] = new JsonArray(8, 10);
        sweep["devices"] = new JsonArray("rram1");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet").ExitCode);
        var keys = File.ReadAllLines(Path.Combine(outDir, "points.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.True(keys.FindIndex(k => k.StartsWith("rram1/32x32/c1/a8/")) < keys.FindIndex(k => k.StartsWith("rram1/32x32/c1/a10/")));
        Assert.True(keys.FindLastIndex(k => k.Contains("/32x32/")) < keys.FindIndex(k => k.Contains("/64x64/")));
    }

    [Fact]
    public void DevicesValidateChecksAFileAsWhatItsSchemaSays()
    {
        var dir = TestPaths.NewTempDir();
        File.Copy(Path.Combine(TestPaths.DeviceModels, "periphery", "22nm.json"), Path.Combine(dir, "22nm.json"));
        File.Copy(Path.Combine(TestPaths.DeviceModels, "baselines", "jetson-orin-cpu.json"), Path.Combine(dir, "jetson-orin-cpu.json"));
        var result = CliRunner.Run("devices", "validate", Path.Combine(dir, "22nm.json"), Path.Combine(dir, "jetson-orin-cpu.json"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("periphery 22nm", result.Stdout);
        Assert.Contains("baseline jetson-orin-cpu", result.Stdout);
    }

    [Fact]
    public void NaturalOrderComparesDigitRunsByValue()
    {
        var keys = new[] { "a10", "a8", "a08", "b1", "a9x" }.Order(Dse.Reports.NaturalKeyComparer.Instance).ToArray();
        Assert.Equal(["a08", "a8", "a9x", "a10", "b1"], keys);
    }
}
