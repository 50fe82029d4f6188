using System.Text.Json.Nodes;
using Dse.Tests.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.Exploration;

/// <summary><c>"mc": { "arithmetic": "int8" }</c>: the crossbar MMMs on 8-bit fixed-point conductances, against the float reference.</summary>
public class FixedPointArithmeticTests
{
    private static JsonObject Sweep(string arithmetic)
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray("rram1");
        sweep["crossbar"] = new JsonArray("64x64", "128x128");
        sweep["sigmaScale"] = new JsonArray(0.5);
        sweep["workload"] = new JsonObject { ["kind"] = "synthetic", ["prompts"] = 16, ["dim"] = 128, ["regime"] = "vocabInit", ["queryTokens"] = 8 };
        sweep["mc"] = new JsonObject { ["trials"] = 16, ["queries"] = 64, ["seed"] = 3, ["arithmetic"] = arithmetic };
        return sweep;
    }

    private string? _lastRun;

    private Dictionary<string, JsonObject> Run(JsonObject sweep, params string[] extra)
    {
        var outDir = _lastRun = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run([.. new[] { "sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet" }, .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return File.ReadLines(Path.Combine(outDir, "points.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(p => (string)p["key"]!);
    }

    [Fact]
    [Trait("Category", "Long")]
    public void ChangesAccuracyFarLessThanTheConfidenceIntervalAndNoCost()
    {
        var reference = Run(Sweep("float"));
        Assert.DoesNotContain("fixed-point", File.ReadAllText(Path.Combine(_lastRun!, "index.html")));
        var fixedPoint = Run(Sweep("int8"));
        Assert.Equal(reference.Keys.Order(), fixedPoint.Keys.Order());
        double sumDiff = 0, sumAbsDiff = 0, sumHalfWidth = 0;
        foreach (var (key, p) in reference)
        {
            var q = fixedPoint[key];
            foreach (var field in new[] { "energyJ", "latencyS", "areaMm2", "breakdown" })
                Assert.Equal(p[field]!.ToJsonString(), q[field]!.ToJsonString());
            var accuracy = p["accuracy"]!;
            double halfWidth = ((double)accuracy["ciHigh"]! - (double)accuracy["ciLow"]!) / 2, diff = (double)q["accuracy"]!["mean"]! - (double)accuracy["mean"]!;
            Assert.True(Math.Abs(diff) <= halfWidth + 1.0 / 1024, $"{key}: accuracy {accuracy["mean"]} -> {q["accuracy"]!["mean"]}, CI half-width {halfWidth}");
            sumDiff += diff;
            sumAbsDiff += Math.Abs(diff);
            sumHalfWidth += halfWidth;
        }
        // Measured: mean change -0.10 and mean |change| 0.21 of the mean CI half-width over these 16 points (the mean change's
        // standard error here is about 0.07 of it).
        Assert.True(Math.Abs(sumDiff) <= 0.3 * sumHalfWidth, $"mean accuracy change {sumDiff / reference.Count}, mean CI half-width {sumHalfWidth / reference.Count}");
        Assert.True(sumAbsDiff <= 0.5 * sumHalfWidth, $"mean |accuracy change| {sumAbsDiff / reference.Count}, mean CI half-width {sumHalfWidth / reference.Count}");
        Assert.Contains(reference.Values, p => (double)p["accuracy"]!["mean"]! < 0.95); // the sweep has points where accuracy can move
    }

    [Fact]
    [Trait("Category", "Long")]
    public void IsDeterministicAcrossThreadCountsAndRecordedInTheSummary()
    {
        var sweep = Sweep("int8");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet", "--threads", "2").ExitCode);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.StartsWith("int8 (", (string)summary["host"]!["gemmBackend"]!);
        Assert.Contains("8-bit fixed-point conductances", File.ReadAllText(Path.Combine(outDir, "index.html")));
        var oneThread = Run(sweep, "--threads", "1");
        foreach (var line in File.ReadLines(Path.Combine(outDir, "points.jsonl")))
        {
            var p = JsonNode.Parse(line)!.AsObject();
            Assert.Equal(oneThread[(string)p["key"]!].ToJsonString(), p.ToJsonString());
        }
    }

    [Theory]
    [InlineData("\"int4\"")]
    [InlineData("8")]
    public void AnUnknownArithmeticIsNamed(string value)
    {
        var sweep = Sweep("float");
        sweep["mc"]!["arithmetic"] = JsonNode.Parse(value);
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", Path.Combine(TestPaths.NewTempDir(), "x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.mc.arithmetic", result.Stderr);
    }
}
