using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Tests.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.Exploration;

public class AdaptiveTrialsTests
{
    [Fact]
    public void CheckpointsAreBatchesOfMinTrialsEndingAtMax()
    {
        Assert.Equal([8, 16, 24, 30], AdaptiveTrials.Checkpoints(8, 30));
        Assert.Equal([4, 8], AdaptiveTrials.Checkpoints(4, 8));
        Assert.Equal([5], AdaptiveTrials.Checkpoints(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdaptiveTrials.Checkpoints(8, 4));
    }

    [Fact]
    public void StopsWhenTheHalfWidthReachesTheTargetOrNoTrialsAreLeft()
    {
        // 4 trials, mean 0.5, sd sqrt(0.04 / 3) = 0.1155: half-width t(0.975, 3) sd / 2 = 3.182 x 0.0577 = 0.184.
        double[] wide = [0.4, 0.6, 0.4, 0.6];
        double half = Statistics.HalfWidth95(wide);
        Assert.Equal(3.182446 * Math.Sqrt(0.04 / 3) / 2, half, 5);
        Assert.False(AdaptiveTrials.Stops(wide, 0.18, 16));
        Assert.True(AdaptiveTrials.Stops(wide, 0.19, 16));
        Assert.True(AdaptiveTrials.Stops(wide, 0.01, 4));
        Assert.True(AdaptiveTrials.Stops([0.9, 0.9, 0.9], 1e-9, 16));
    }

    private static JsonObject Adaptive()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["sigmaScale"] = new JsonArray(0.1, 1);
        sweep["mc"] = new JsonObject { ["targetCiHalfWidth"] = 0.06, ["minTrials"] = 3, ["maxTrials"] = 12, ["queries"] = 24, ["seed"] = 7 };
        return sweep;
    }

    private static Dictionary<string, JsonNode> Points(string dir) => File.ReadAllLines(Path.Combine(dir, "points.jsonl"))
        .Select(l => JsonNode.Parse(l)!).ToDictionary(n => n["key"]!.ToString());

    [Fact]
    [Trait("Category", "Long")]
    public void EachPointKeepsTheTrialsOfItsOwnStoppingCheckpointWhateverRunsWithIt()
    {
        var spec = TestSweeps.Write(Adaptive());
        var all = Path.Combine(TestPaths.NewTempDir(), "all");
        Assert.Equal(0, CliRunner.Run("sweep", spec, "--out", all, "--quiet", "--threads", "2").ExitCode);
        var points = Points(all);
        var trials = points.Values.Select(p => (int)p["trials"]!).ToList();
        Assert.All(trials, t => Assert.Contains(t, new[] { 3, 6, 9, 12 }));
        Assert.True(trials.Distinct().Count() > 1, "the sweep should stop points at different checkpoints");
        foreach (var p in points.Values.Where(p => (int)p["trials"]! < 12))
        {
            var acc = p["accuracy"] ?? p["agreement"]!; // the rule watches accuracy when labels exist
            Assert.True(((double)acc["ciHigh"]! - (double)acc["ciLow"]!) / 2 <= 0.06 + 1e-12, p.ToJsonString());
        }

        // One sigma scale alone (other variants absent from the group) and one thread: the same trials and numbers.
        var alone = Path.Combine(TestPaths.NewTempDir(), "alone");
        Assert.Equal(0, CliRunner.Run("sweep", spec, "--out", alone, "--quiet", "--threads", "1", "--set", "sigmaScale=[1]").ExitCode);
        foreach (var (key, p) in Points(alone)) Assert.Equal(points[key].ToJsonString(), p.ToJsonString());
    }

    [Theory]
    [InlineData("""{ "trials": 8, "minTrials": 4 }""", "$.mc.minTrials", "only with mc.targetCiHalfWidth")]
    [InlineData("""{ "trials": 8, "maxTrials": 4 }""", "$.mc.maxTrials", "only with mc.targetCiHalfWidth")]
    [InlineData("""{ "targetCiHalfWidth": 0.02 }""", "$.mc.maxTrials", "maxTrials")]
    [InlineData("""{ "targetCiHalfWidth": 0.02, "trials": 8, "maxTrials": 8 }""", "$.mc.trials", "either trials or maxTrials")]
    [InlineData("""{ "targetCiHalfWidth": 0.7, "maxTrials": 8 }""", "$.mc.targetCiHalfWidth", "(0, 0.5]")]
    [InlineData("""{ "targetCiHalfWidth": 0.02, "minTrials": 16, "maxTrials": 8 }""", "$.mc.minTrials", "at most maxTrials")]
    public void BadAdaptiveSettingsAreNamed(string mc, string path, string expected)
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["mc"] = JsonNode.Parse(mc);
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", Path.Combine(TestPaths.NewTempDir(), "x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(path, result.Stderr);
        Assert.Contains(expected, result.Stderr);
    }
}
