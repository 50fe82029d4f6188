using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Runs;
using Dse.Pareto;
using Dse.Tests.Cli;
using Dse.Tests.Shared;
using Dse.Pipeline;

namespace Dse.Tests.Exploration;

/// <summary>
/// The cost-only screen (<c>mc.trials = 0</c>, <c>dse sweep --cost-only</c>) and the screen before the Monte Carlo
/// (<c>"screen": true</c>): files, empty accuracy, the front, streaming, equality with the Monte-Carlo run's costs and front, bad input.
/// </summary>
public class CostScreenTests
{
    /// <summary>A small cost-only sweep: 2 devices x 3 crossbars x 2 cell bits x 3 ADC bits x 2 ADC models x 2 colsPerAdc x 2 tokens x 2 store sizes.</summary>
    private static JsonObject SmallScreen()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["crossbar"] = new JsonArray("32x32", "64x64", "64x128");
        sweep["adcBits"] = new JsonArray(4, 6, 8);
        sweep["adcModel"] = new JsonArray("neurosimSar", "survey");
        sweep["colsPerAdc"] = new JsonArray(4, 8);
        sweep["storedPrompts"] = new JsonArray(3, 6);
        sweep["mc"] = new JsonObject { ["trials"] = 0, ["queries"] = 8, ["seed"] = 7 };
        return sweep;
    }

    private static int SmallScreenPoints => 2 * 3 * 2 * 3 * 2 * 2 * 2 * 2;

    [Fact]
    public void CostOnlyCliWritesStreamedFilesWithoutAccuracyAndTheCostFront()
    {
        var sweep = SmallScreen();
        sweep["mc"]!["trials"] = 4; // --cost-only sets it to 0
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run(["sweep", TestSweeps.Write(sweep), "--cost-only", "--out", outDir, "--quiet", "--threads", "2"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("accuracy not simulated", result.Stdout);
        foreach (var file in new[] { "points.jsonl", "points.csv", "pareto.csv", "summary.json", "run.json" }) Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        Assert.False(File.Exists(Path.Combine(outDir, "pareto.html")));

        var lines = File.ReadAllLines(Path.Combine(outDir, "points.jsonl"));
        Assert.Equal(SmallScreenPoints, lines.Length);
        Assert.All(lines, l => Assert.DoesNotContain("agreement", l, StringComparison.OrdinalIgnoreCase));
        Assert.All(lines, l => Assert.DoesNotContain("accuracy", l, StringComparison.OrdinalIgnoreCase));
        var points = PointJson.ReadAll(Path.Combine(outDir, "points.jsonl")).Points;
        Assert.All(points, p => { Assert.False(p.IsSimulated); Assert.Equal(0, p.Trials); Assert.Null(p.DigitalAgreement); });
        Assert.Throws<InvalidOperationException>(() => points[0].ObjectiveAccuracy);

        var csv = File.ReadAllLines(Path.Combine(outDir, "points.csv"));
        var header = csv[0].Split(',');
        Assert.Equal(SmallScreenPoints + 1, csv.Length);
        int agreement = Array.IndexOf(header, "agreement"), accuracy = Array.IndexOf(header, "accuracy"), energy = Array.IndexOf(header, "energyJ");
        Assert.All(csv.Skip(1), row => { var f = row.Split(','); Assert.Equal("", f[agreement]); Assert.Equal("", f[accuracy]); Assert.NotEqual("", f[energy]); });

        var expected = ParetoFront.Compute(points, Objective.CostOnlyDefault).Select(p => p.Key).ToArray();
        var front = File.ReadAllLines(Path.Combine(outDir, "pareto.csv")).Skip(1).Select(r => r.Split(',')[0]).ToArray();
        Assert.Equal(expected, front);

        var summary = RunStore.ReadRecord<RunSummary>(Path.Combine(outDir, "summary.json"))!;
        Assert.Equal(0, summary.Trials);
        Assert.Equal(SmallScreenPoints, summary.PointsComputedNow);
        Assert.Equal(CostOnlySummary.NotSimulated, summary.CostOnly!.Note);
        Assert.Equal(["energy", "area", "latency"], summary.CostOnly.Objectives);
        Assert.Equal(expected.Length, summary.CostOnly.FrontPoints);
        Assert.Equal(points.Min(p => p.EnergyJ), summary.CostOnly.Best["energy"]);
    }

    [Fact]
    public void CostOnlyCsvHasTheReadCircuitComponentsTheSweepCanProduce()
    {
        // Rows read in groups of 32 and a calibrated column gain: their row-group sums and gain trim are columns of points.csv,
        // with the values of points.jsonl; without them the columns stay out (the header of every other cost-only sweep).
        var sweep = SmallScreen();
        sweep["rowsPerRead"] = new JsonArray(32);
        sweep["adcGain"] = new JsonArray("calibrated");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run(["sweep", TestSweeps.Write(sweep), "--cost-only", "--out", outDir, "--quiet", "--threads", "2"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var csv = File.ReadAllLines(Path.Combine(outDir, "points.csv"));
        var header = csv[0].Split(',');
        int groups = Array.IndexOf(header, "energyRowGroupSumsJ"), trim = Array.IndexOf(header, "energyGainTrimJ");
        Assert.True(groups > 0 && trim > 0, csv[0]);
        Assert.DoesNotContain("energySenseClampJ", header);
        var points = PointJson.ReadAll(Path.Combine(outDir, "points.jsonl")).Points.ToDictionary(p => p.Key);
        foreach (var row in csv.Skip(1).Select(r => r.Split(',')))
        {
            var point = points[row[0]];
            Assert.Equal(point.Breakdown!["gainTrim"].EnergyJ, double.Parse(row[trim], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(point.Rows > 32 ? point.Breakdown!["rowGroupSums"].EnergyJ.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "", row[groups]);
        }
        var plain = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run(["sweep", TestSweeps.Write(SmallScreen()), "--cost-only", "--out", plain, "--quiet"]).ExitCode);
        Assert.DoesNotContain("energyRowGroupSumsJ", File.ReadLines(Path.Combine(plain, "points.csv")).First());
    }

    [Fact]
    public void ReportAndSelectOnACostOnlyRunSayAccuracyWasNotSimulated()
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run(["sweep", TestSweeps.Write(SmallScreen()), "--out", outDir, "--quiet"]).ExitCode);

        var report = CliRunner.Run(["report", outDir]);
        Assert.True(report.ExitCode == 0, report.Stderr);
        var index = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("Accuracy was not simulated", index);
        // Every page the summary links is in the folder (a cost-only report writes no Pareto, breakdown or sensitivity page).
        foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(index, "href=\"([a-z]+\\.html)\""))
            Assert.True(File.Exists(Path.Combine(outDir, link.Groups[1].Value)), $"index.html links the missing {link.Groups[1].Value}");

        var select = CliRunner.Run(["select", outDir, "--minimise", "energy", "--max-area-mm2", "100"]);
        Assert.True(select.ExitCode == 0, select.Stderr);
        Assert.Contains("not simulated", select.Stdout);

        var accuracy = CliRunner.Run(["select", outDir, "--min-accuracy", "0.5"]);
        Assert.Equal(2, accuracy.ExitCode);
        Assert.Contains("--min-accuracy", accuracy.Stderr);
        Assert.Contains("accuracy was not simulated", accuracy.Stderr);
    }

    [Fact]
    public void CostOnlyPointsCostExactlyWhatTheMonteCarloRunCosts()
    {
        var screenDir = Path.Combine(TestPaths.NewTempDir(), "screen");
        var mcDir = Path.Combine(TestPaths.NewTempDir(), "mc");
        var sweep = SmallScreen();
        sweep["virtualTokens"] = new JsonArray(4); // 4 Monte-Carlo groups (cell bits x store sizes) keep the simulated run short
        Assert.Equal(0, CliRunner.Run(["sweep", TestSweeps.Write(sweep), "--out", screenDir, "--quiet"]).ExitCode);
        sweep["mc"]!["trials"] = 1;
        sweep["objectives"] = new JsonArray("energy", "area", "latency");
        Assert.Equal(0, CliRunner.Run(["sweep", TestSweeps.Write(sweep), "--out", mcDir, "--quiet"]).ExitCode);
        var simulated = PointJson.ReadAll(Path.Combine(mcDir, "points.jsonl")).Points.ToDictionary(p => p.Key);
        var costOnly = PointJson.ReadAll(Path.Combine(screenDir, "points.jsonl")).Points;
        Assert.Equal(simulated.Count, costOnly.Count);
        foreach (var p in costOnly)
        {
            var s = simulated[p.Key];
            Assert.Equal((s.EnergyJ, s.LatencyS, s.AreaMm2, s.Crossbars, s.WriteEnergyJ, s.Speedup, s.EnergyRatio), (p.EnergyJ, p.LatencyS, p.AreaMm2, p.Crossbars, p.WriteEnergyJ, p.Speedup, p.EnergyRatio));
            Assert.Equal(s.Breakdown, p.Breakdown);
            Assert.True(p.Coordinates.Equals(s.Coordinates));
        }
    }

    /// <summary>A sink that only counts: the evaluator hands over bounded batches, before it has seen the whole sweep.</summary>
    private sealed class CountingSink : ICostScreenSink
    {
        public List<int> Batches { get; } = [];
        public void Write(CostScreenBatch batch) => Batches.Add(batch.Points);
    }

    [Fact]
    public void CostOnlyScreenStreamsBoundedBatchesAndHoldsNoPoints()
    {
        var sweep = SmallScreen();
        sweep["adcBits"] = new JsonArray(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16); // 16 x 13 x 128 = 26624 points > 3 batches
        sweep["cellBits"] = new JsonArray(1, 2);
        var prepared = TestSweeps.Prepare(SweepSpecLoader.Load(TestSweeps.Write(sweep), library: TestPaths.Library));
        Assert.Empty(prepared.Points); // nothing materialised: points are decoded from their positions as they are costed
        var sink = new CountingSink();
        var result = CostScreen.Run(prepared, sink, new RunOptions(2));
        long total = prepared.Space.Count;
        Assert.Equal(total, result.PointsComputed + result.SkippedPoints);
        Assert.Equal(result.PointsComputed, sink.Batches.Sum());
        Assert.All(sink.Batches, n => Assert.InRange(n, 1, (CostScreen.BatchSize + 1) / 2));
        Assert.True(sink.Batches.Count >= total / CostScreen.BatchSize * 2, $"{sink.Batches.Count} batches");
        Assert.True(result.Front.Count < 200, $"front {result.Front.Count}");
    }

    /// <summary>Keeps every byte handed over.</summary>
    private sealed class BytesSink : ICostScreenSink
    {
        public MemoryStream Json { get; } = new();
        public MemoryStream Csv { get; } = new();
        public void Write(CostScreenBatch batch)
        {
            Json.Write(batch.JsonLines.Span);
            Csv.Write(batch.CsvRows.Span);
        }
    }

    [Fact]
    public void CostOnlyFilesDoNotDependOnTheThreadCount()
    {
        var prepared = TestSweeps.Prepare(SweepSpecLoader.Load(TestSweeps.Write(SmallScreen()), library: TestPaths.Library));
        var one = new BytesSink();
        var three = new BytesSink();
        var a = CostScreen.Run(prepared, one, new RunOptions(1));
        var b = CostScreen.Run(prepared, three, new RunOptions(3));
        Assert.Equal(one.Json.ToArray(), three.Json.ToArray());
        Assert.Equal(one.Csv.ToArray(), three.Csv.ToArray());
        Assert.Equal(a.Front.Select(p => p.Key), b.Front.Select(p => p.Key));
        Assert.Equal(a.Sweep.Estimators, b.Sweep.Estimators);
    }

    [Fact]
    public void ParetoArchiveKeepsExactlyTheFrontOfEveryPointOffered()
    {
        var random = new Random(3);
        var points = Enumerable.Range(0, 2000).Select(i => FakeResults.Point($"p{i}", random.NextDouble(), Math.Round(random.NextDouble(), 2), Math.Round(random.NextDouble(), 2),
            Math.Round(random.NextDouble(), 2))).ToArray();
        var archive = new ParetoArchive(Objective.CostOnlyDefault);
        foreach (var p in points) archive.Offer(p);
        Assert.Equal(ParetoFront.Compute(points, Objective.CostOnlyDefault).Select(p => p.Key), archive.Front.Select(p => p.Key));
    }

    [Fact]
    public void ResultLineIsWhatTheReflectionSerializerWrites()
    {
        var point = FakeResults.Point("rram-intel22/128x128/c2/a5", 0.81, 2.5e-9, 0.37, 1.25e-6) with
        {
            WriteEnergyPerDayJ = 3.5e-3, LifetimeYears = 27.4, AmortisedEnergyPerQueryJ = 4.1e-8,
        };
        var metrics = JsonSerializer.SerializeToNode(point, PointJson.Options)!.AsObject();
        var expected = new JsonObject { ["key"] = point.Key };
        foreach (var axis in Dse.Exploration.Axes.DesignAxes.All)
            foreach (var (name, value) in JsonNode.Parse(AxisFields(axis, point))!.AsObject()) expected[name] = value?.DeepClone();
        foreach (var (name, value) in metrics) if (name != "key") expected[name] = value?.DeepClone();
        Assert.Equal(expected.ToJsonString(PointJson.Options), PointJson.Serialize(point));

        var costOnly = point with { Trials = 0, Agreement = null, Accuracy = null, MipsAgreement = null, MipsAccuracy = null, DigitalAgreement = null, DigitalAccuracy = null };
        var back = PointJson.Deserialize(PointJson.Serialize(costOnly));
        Assert.False(back.IsSimulated);
        Assert.Equal(PointJson.Serialize(costOnly), PointJson.Serialize(back));
    }

    private static string AxisFields(Dse.Exploration.Axes.Axis axis, PointResult point)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            axis.WriteJson(w, point.Coordinates[axis]);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData("--cost-only --screen", "--screen")]
    [InlineData("--cost-only --set mc.trials=4", "mc.trials")]
    [InlineData("--cost-only --resume", "$.mc.trials")]
    [InlineData("--cost-only --set mc.targetCiHalfWidth=0.05", "targetCiHalfWidth")]
    [InlineData("--cost-only --set objectives=[\"accuracy\",\"energy\"]", "$.objectives[0]")]
    [InlineData("--set mc.trials=0 --set screen=true", "$.screen")]
    [InlineData("--screen --set objectives=[\"accuracy\",\"agreement\"]", "$.objectives")]
    public void ContradictoryOptionsExitTwoWithAClearMessage(string options, string mention)
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run(["sweep", TestSweeps.Write(TestSweeps.TinySynthetic()), "--out", outDir, "--quiet", .. options.Split(' ')]);
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains(mention, result.Stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    [Trait("Category", "Long")]
    public void ScreenedRunHasTheFullRunsFrontAndRecordsTheMonteCarloSaved()
    {
        // sweeps/large.json reduced for a unit test: 3 of its 5 devices, 2 trials of 16 queries (every other axis as shipped).
        (string, string)[] reduced = [("devices", "[\"rram1\",\"fefet2\",\"fefet6\"]"), ("mc.trials", "2"), ("mc.queries", "16")];
        var path = Path.Combine(TestPaths.RepoRoot, "sweeps", "large.json");
        var full = PreparedSweep.From(SweepSpecLoader.Load(path, reduced, TestPaths.Library));
        var screened = PreparedSweep.From(SweepSpecLoader.Load(path, [.. reduced, ("screen", "true")], TestPaths.Library));
        var fullPoints = new Collect();
        var screenedPoints = new Collect();
        Explorer.Run(full, fullPoints, new RunOptions(2));
        var context = new SweepContext(screened);
        var (survivors, screen) = CostScreen.Survivors(context, screened.Points);
        Explorer.Run(context, survivors, screenedPoints, new RunOptions(2));

        var fullFront = ParetoFront.Compute(fullPoints.Points, full.Spec.Objectives).Select(p => p.Key).ToArray();
        var screenedFront = ParetoFront.Compute(screenedPoints.Points, full.Spec.Objectives).Select(p => p.Key).ToArray();
        Assert.Equal(fullFront, screenedFront);
        Assert.Equal(full.Points.Count, screen.PointsScreened);
        Assert.Equal(screenedPoints.Points.Count, screen.PointsSimulated);
        Assert.True(screen.PointsDropped > 0, "the survey and neurosimSar ADC models share comparators, so one dominates the other in cost");
        Assert.Equal(screen.PointsDropped / (double)screen.PointsScreened, screen.PointsSavedFraction);
        Assert.Equal(["energy", "area"], screen.CostObjectives);
        // Every surviving point's numbers equal the full run's (a point's numbers do not depend on which other points run).
        var byKey = fullPoints.Points.ToDictionary(p => p.Key);
        Assert.All(screenedPoints.Points, p => Assert.Equal(PointJson.Serialize(byKey[p.Key]), PointJson.Serialize(p)));
    }

    private sealed class Collect : IPointSink
    {
        public List<PointResult> Points { get; } = [];
        public void Add(PointResult point) => Points.Add(point);
    }
}
