using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Runs;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary>Racing end to end (<c>mc.racing</c>, <c>--race</c>): chips shared with the full run, retirements that hold, resume, shards and merge.</summary>
public class RacingRunTests
{
    private static JsonObject Raceable() => TestSweeps.Raceable();

    private static string Run(string spec, params string[] extra) => CliRunner.Sweep(spec, extra).Dir;

    private static List<PointResult> Points(string dir) => PointJson.ReadAll(Path.Combine(dir, "points.jsonl")).Points.ToList();

    [Fact]
    public void RacedPointsHaveTheFullRunsChipsAndEveryRetirementNamesACheaperPoint()
    {
        var sweep = Raceable();
        var raced = Points(Run(TestSweeps.Write(sweep), "--race"));
        Assert.Contains(raced, p => p.RetiredAt is not null);
        Assert.Contains(raced, p => p.RetiredAt is null && p.Trials == 8);
        var byKey = raced.ToDictionary(p => p.Key);
        foreach (var p in raced.Where(p => p.RetiredBy is not null))
        {
            var by = byKey[p.RetiredBy!];
            Assert.True(by.EnergyJ <= p.EnergyJ && by.AreaMm2 <= p.AreaMm2, $"{p.Key} retired by the costlier {by.Key}");
            Assert.Equal(p.RetiredAt, p.Trials);
        }
        // A full run with as many trials as a raced point had gives it the same numbers: its chips are the first ones of the full run.
        foreach (var trials in raced.Select(p => p.Trials).Distinct())
        {
            var full = sweep.DeepClone().AsObject();
            full["mc"] = new JsonObject { ["trials"] = trials, ["queries"] = 24, ["seed"] = 7 };
            var reference = Points(Run(TestSweeps.Write(full))).ToDictionary(p => p.Key);
            foreach (var p in raced.Where(p => p.Trials == trials))
            {
                Assert.Equal(reference[p.Key].Accuracy ?? reference[p.Key].Agreement, p.Accuracy ?? p.Agreement);
                Assert.Equal(reference[p.Key].MipsAgreement, p.MipsAgreement);
                Assert.Equal(trials, p.CorrectPerTrial!.Count);
            }
        }
    }

    [Fact]
    public void ARaceAtATinyErrorRateFromTwoChipsRunsAndRetiresNothingItCannotProve()
    {
        // Two chips (1 degree of freedom) at a miss rate of 1e-6 / 6: the t quantile is about 1.9e6, so only points whose
        // Clopper-Pearson bounds alone separate them could go; the race must run (it once ended in an internal error).
        var sweep = Raceable();
        sweep["mc"]!["racingErrorRate"] = 1e-6;
        sweep["mc"]!["racing"] = true;
        var raced = Points(Run(TestSweeps.Write(sweep)));
        Assert.NotEmpty(raced);
        Assert.All(raced.Where(p => p.RetiredAt is null), p => Assert.Equal(8, p.Trials));
    }

    [Fact]
    public void TheRaceSummaryCountsEachPointsChipsAndTheChipsAndReadsOfItsRunningPoints()
    {
        // A loose race (tolerance 0.1, error rate 0.3) retires many points after 2 and 4 chips. The summary's counts follow from the
        // points alone: a point with T trials ran every rung up to T; a chip (group, device) is programmed and a read (its crossbar,
        // with wires: partial sums of its own) is simulated in a rung while one of its points runs. Groups: virtual tokens x cell bits.
        var sweep = Raceable();
        sweep["mc"]!["racing"] = true;
        sweep["mc"]!["racingTolerance"] = 0.1;
        sweep["mc"]!["racingErrorRate"] = 0.3;
        var dir = Run(TestSweeps.Write(sweep));
        var points = Points(dir);
        var race = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["race"]!;
        int[] rungs = [2, 4, 8];
        Assert.Equal(rungs, race["rungs"]!.AsArray().Select(n => (int)n!));
        long Count(Func<PointResult, object> unit) => rungs.Select((r, k) => (r - (k == 0 ? 0 : rungs[k - 1])) * (long)points.Where(p => p.Trials >= r).Select(unit).Distinct().Count()).Sum();
        static string Device(PointResult p) => p.Key.Split('/')[0];   // a key starts with the device
        object Chip(PointResult p) => (p.VirtualTokens, p.CellBits, Device(p));
        object Read(PointResult p) => (p.VirtualTokens, p.CellBits, Device(p), p.Rows);
        Assert.Equal(points.Sum(p => (long)p.Trials), (long)race["pointTrials"]!);
        Assert.Equal(48 * 8L, (long)race["fullPointTrials"]!);
        Assert.Equal(Count(Chip), (long)race["chipTrials"]!);
        Assert.Equal(8 * 8L, (long)race["fullChipTrials"]!);          // 4 groups x 2 devices, 8 chips
        Assert.Equal(Count(Read), (long)race["readTrials"]!);
        Assert.Equal(16 * 8L, (long)race["fullReadTrials"]!);         // and 2 crossbar sizes
        Assert.True((long)race["readTrials"]! < 16 * 8L, "the race should have ended some reads early");
        var retired = race["retiredPerRung"]!.AsArray().Select(n => (int)n!).ToArray();
        Assert.Equal(points.Count(p => p.RetiredAt is not null), retired.Sum());
        Assert.Equal(points.Count, retired.Sum() + (int)race["finished"]!);
    }

    [Fact]
    public void BenchRaceReportsBothRunsChipsPhasesAndFronts()
    {
        var sweep = Raceable();
        sweep["mc"]!["racing"] = true;
        var result = CliRunner.Run("bench", TestSweeps.Write(sweep), "--race");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("full run: 48 points, 384 point-trials, 64 chips programmed, 128 reads, wall ", StringComparison.Ordinal));
        var race = Assert.Single(lines, l => l.StartsWith("race:", StringComparison.Ordinal));
        Assert.Matches(@"^race: +48 points, \d+ point-trials \(\d+\.\d %\), \d+ chips programmed \(\d+\.\d %\), \d+ reads \(\d+\.\d %\), wall ", race);
        // Each run's engine time by phase, e.g. "engine thread-seconds 1.3: draw 0.0 s (3 %), program ..., score 0.1 s (5 %)".
        Assert.Equal(2, lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^engine thread-seconds [\d.]+: draw .* program .* gemm .* adc .* score [\d.]+ s")));
        var rungs = Assert.Single(lines, l => l.StartsWith("rungs 2/4/8: retired ", StringComparison.Ordinal));
        var counts = System.Text.RegularExpressions.Regex.Match(rungs, @"retired (\d+)/(\d+)/(\d+), (\d+) ran to the end");
        Assert.True(counts.Success, rungs);
        Assert.Equal(48, Enumerable.Range(1, 4).Sum(g => int.Parse(counts.Groups[g].Value)));
        Assert.Contains(lines, l => l.StartsWith("full front: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("raced front: ", StringComparison.Ordinal));
    }

    [Fact]
    public void RetiredPointsAreListedWithTheirRungButOnNoFront()
    {
        var dir = Run(TestSweeps.Write(Raceable()), "--race");
        var header = File.ReadLines(Path.Combine(dir, "points.csv")).First().Split(',');
        Assert.Contains("retiredAt", header);
        Assert.Contains("retiredBy", header);
        var retired = Points(dir).Where(p => p.RetiredAt is not null).Select(p => p.Key).ToHashSet();
        var front = File.ReadLines(Path.Combine(dir, "pareto.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.NotEmpty(front);
        Assert.DoesNotContain(front, retired.Contains);
        Assert.Equal(Points(dir).Count, File.ReadLines(Path.Combine(dir, "points.csv")).Count() - 1);
        Assert.Contains("raced: 2, 4, 8 chips per point", File.ReadAllText(Path.Combine(dir, "index.html")));
        var plain = Raceable();
        plain["mc"]!.AsObject().Remove("minTrials");
        Assert.DoesNotContain("retiredAt", File.ReadLines(Path.Combine(Run(TestSweeps.Write(plain)), "points.csv")).First());
    }

    [Fact]
    public void AResumedRaceReplaysToTheSameResults()
    {
        var spec = TestSweeps.Write(Raceable());
        var reference = Run(spec, "--race");
        var lines = File.ReadAllLines(Path.Combine(reference, "points.jsonl"));
        var rungs = lines.Select(l => JsonNode.Parse(l)!["retiredAt"]?.GetValue<int>()).ToList();
        int first = rungs.OfType<int>().Min(), firstRung = rungs.TakeWhile(r => r == first).Count();
        Assert.InRange(firstRung, 1, lines.Length - 1);
        // An interrupted race: the first retirements (written first) were written, nothing after.
        var outDir = Run(spec, "--race");
        File.WriteAllLines(Path.Combine(outDir, "points.jsonl"), lines.Take(firstRung));
        var resumed = CliRunner.Run("sweep", spec, "--out", outDir, "--race", "--resume", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(lines.Order(StringComparer.Ordinal), File.ReadAllLines(Path.Combine(outDir, "points.jsonl")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ShardsRaceTheirOwnPointsAndMerge()
    {
        var spec = TestSweeps.Write(Raceable());
        var shards = new[] { Run(spec, "--race", "--shard", "0/2"), Run(spec, "--race", "--shard", "1/2") };
        var merged = Path.Combine(TestPaths.NewTempDir(), "merged");
        var result = CliRunner.Run(["merge", .. shards, "--out", merged]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var points = Points(merged);
        Assert.Equal(Points(Run(spec, "--race")).Select(p => p.Key).Order(), points.Select(p => p.Key).Order());
        foreach (var shard in shards)
        {
            var keys = Points(shard).Select(p => p.Key).ToHashSet();
            Assert.All(Points(shard).Where(p => p.RetiredBy is not null), p => Assert.Contains(p.RetiredBy!, keys));
        }
        Assert.Contains("retiredAt", File.ReadLines(Path.Combine(merged, "points.csv")).First());
    }

    [Theory]
    [InlineData("racingTolerance", "0.01", false, "$.mc.racingTolerance")]
    [InlineData("racingErrorRate", "0.05", false, "$.mc.racingErrorRate")]
    [InlineData("racingErrorRate", "1.5", true, "$.mc.racingErrorRate")]
    [InlineData("racingTolerance", "-0.1", true, "$.mc.racingTolerance")]
    [InlineData("minTrials", "9", true, "$.mc.minTrials")]
    [InlineData("minTrials", "1", true, "$.mc.minTrials")]
    [InlineData("trials", "1", true, "$.mc.trials")]
    public void BadRacingSettingsAreRefusedWithTheirPath(string key, string value, bool racing, string path)
    {
        var sweep = Raceable();
        var mc = sweep["mc"]!.AsObject();
        if (key != "minTrials") mc.Remove("minTrials");
        mc[key] = JsonNode.Parse(value);
        if (racing) mc["racing"] = true;
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", Path.Combine(TestPaths.NewTempDir(), "run"), "--quiet");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(path, result.Stderr);
    }

    [Fact]
    public void RacingNeedsOneAccuracyObjectiveWithABound()
    {
        var sweep = Raceable();
        sweep["objectives"] = new JsonArray("accuracyP5", "energy");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--race", "--quiet");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.objectives", result.Stderr);
        Assert.False(Directory.Exists(outDir));
    }
}
