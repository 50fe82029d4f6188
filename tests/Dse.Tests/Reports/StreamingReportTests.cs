using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dse.Analysis;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;
using Dse.Pareto;
using Dse.Reports;
using Dse.Reports.Collectors;
using Dse.Tests.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.Reports;

/// <summary>The reports built from streamed points: the aggregates on hand-computed cases, and the same files as from a list or a later <c>dse report</c>.</summary>
public class StreamingReportTests
{
    [Fact]
    public void FirstSeenOrderIsThatOfAPassInRankOrder()
    {
        var order = new FirstSeenOrder<long>(Comparer<long>.Default);
        order.Add(2, ["adc", "array"]);
        order.Add(1, ["array", "dac"]);
        order.Add(3, ["sa", "adc"]);
        // In rank order: 1 gives array, dac; 2 adds adc; 3 adds sa.
        Assert.Equal(["array", "dac", "adc", "sa"], order.Order);
    }

    [Fact]
    public void CheapestIsLowestEnergyThenAreaThenKey()
    {
        var least = LeastPoint.Cheapest();
        Assert.Null(least.Value);
        least.Offer(FakeResults.Point("a", 0.9, 2e-12, 0.1));
        least.Offer(FakeResults.Point("c", 0.9, 1e-12, 0.1));
        least.Offer(FakeResults.Point("d", 0.9, 1e-12, 0.2));
        least.Offer(FakeResults.Point("b", 0.9, 1e-12, 0.1));
        Assert.Equal("b", least.Value!.Key);

        var best = LeastPoint.MostAccurate();
        best.Offer(FakeResults.Point("x", 0.8, 1e-12, 0.1));
        best.Offer(FakeResults.Point("z", 0.9, 2e-12, 0.1));
        best.Offer(FakeResults.Point("y", 0.9, 2e-12, 0.1));
        Assert.Equal("y", best.Value!.Key);
    }

    [Fact]
    public void PositiveRangeKeepsTheEndsOfPositiveFiniteValues()
    {
        var range = new PositiveRange();
        Assert.Empty(range.Ends);
        foreach (var v in new[] { -1, 0, double.NaN, double.PositiveInfinity, 5, 0.5, 2 }) range.Add(v);
        Assert.Equal([0.5, 5], range.Ends);
    }

    [Fact]
    public void SampleKeepsTheLowestHashesWhateverTheOrder()
    {
        // FNV-1a 64 of "a" (one code unit below 256 hashes as the byte).
        Assert.Equal(0xaf63dc4c8601ec8cUL, PointSample.Hash("a"));
        var points = Enumerable.Range(0, 40).Select(i => FakeResults.Point($"k{i}", 0.9, 1e-12, 0.1)).ToArray();
        var lowest = points.Select(p => p.Key).OrderBy(PointSample.Hash).Take(5).Order(StringComparer.Ordinal).ToArray();
        var forward = new PointSample(5);
        for (int i = 0; i < points.Length; i++) forward.Offer(points[i], i);
        var backward = new PointSample(5);
        for (int i = points.Length - 1; i >= 0; i--) backward.Offer(points[i], i);
        Assert.Equal(lowest, forward.Points.Select(x => x.Point.Key).Order(StringComparer.Ordinal));
        Assert.Equal(lowest, backward.Points.Select(x => x.Point.Key).Order(StringComparer.Ordinal));
        Assert.Equal(forward.Points.Select(x => x.Order).Order(), forward.Points.Select(x => x.Order)); // store order
        var small = new PointSample(50);
        for (int i = 0; i < points.Length; i++) small.Offer(points[i], i);
        Assert.Equal(points.Select(p => p.Key), small.Points.Select(x => x.Point.Key));
    }

    [Fact]
    public void AdcCurvesFlagADropBeyondTheIntervals()
    {
        // One curve at 4, 5, 6 bits: 0.80 -> 0.70 falls by 0.10 where the CI half-widths allow 0.02; 0.70 -> 0.69 is within them.
        // A point of another device alone is no curve.
        PointResult At(string key, int bits, double accuracy, string device = "rram-intel22")
            => FakeResults.Point(key, accuracy, 1e-12, 0.1).With(DesignAxes.AdcBits, bits).With(DesignAxes.Device, device);
        var curves = new AdcMonotonicity.Curves();
        curves.Add(At("b6", 6, 0.69));
        curves.Add(At("b4", 4, 0.80));
        curves.Add(At("b5", 5, 0.70));
        curves.Add(At("lone", 4, 0.5, "fefet-gf28"));
        var (drops, count) = curves.Result();
        Assert.Equal(1, count);
        var drop = Assert.Single(drops);
        Assert.Equal(("b4", 4, 5), (drop.LowerKey, drop.LowerAdcBits, drop.HigherAdcBits));
        Assert.Equal(0.10, drop.Drop, 12);
        Assert.Equal(0.02, drop.Allowed, 12);
    }

    [Fact]
    public void AggregatesEqualTheDirectComputation()
    {
        var points = FakeResults.Sweep(3);
        var report = RunRecords.Read(FakeResults.Run(points));
        Assert.Equal(points.Length, report.Count);
        Assert.Equal(ParetoFront.Compute(points, report.Spec.Objectives).Select(p => p.Key), report.Front.Select(p => p.Key));
        foreach (var t in AccuracyBudgets.Targets)
        {
            var direct = points.Where(p => p.ObjectiveAccuracy >= t).OrderBy(p => p.EnergyJ).ThenBy(p => p.AreaMm2).ThenBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault();
            Assert.Equal(direct?.Key, report.Get<AccuracyBudgets>().Cheapest(null, t)?.Key);
        }
        foreach (var d in FakeResults.Devices)
            Assert.Equal(ParetoFront.Compute(points.Where(p => p.DeviceName == d).ToArray(), [Objective.Accuracy, Objective.Energy]).Select(p => p.Key),
                report.Get<DeviceFronts>().Of(d).Select(p => p.Key));
        Assert.Equal(points.Select(p => p.Key).Order(NaturalKeyComparer.Instance), report.Get<PointsInKeyOrder>().Rows.Select(k => k.Key));
        Assert.False(report.Get<ShownPoints>().Thinned);
        Assert.Equal(points, report.Get<ShownPoints>().Points);
    }

    [Fact]
    public void StreamedPointsGiveTheSameFilesAsPointsInMemory()
    {
        var points = FakeResults.Sweep(5);
        var inMemory = FakeResults.Run(points);
        var dir = TestPaths.NewTempDir();
        var jsonl = Path.Combine(dir, RunStore.PointsFile);
        File.WriteAllLines(jsonl, points.Select(PointJson.Serialize));
        var (a, b) = (Path.Combine(dir, "memory"), Path.Combine(dir, "stream"));
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        ReportSet.WriteAll(inMemory, a, null);
        ReportSet.WriteAll(new StoredRun(inMemory.Spec, PointSource.File(jsonl), null, null), b, null);
        foreach (var file in Directory.GetFiles(a)) Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(b, Path.GetFileName(file))));
        Assert.Equal(ReportSet.Writers.Count - 1, Directory.GetFiles(b).Length); // every writer but summary.json (no summary)
    }

    [Fact]
    public void SourceReadsAgainByLocationAndDropsATornLastLine()
    {
        var points = FakeResults.Sweep(1).Take(5).ToArray();
        var path = Path.Combine(TestPaths.NewTempDir(), RunStore.PointsFile);
        File.WriteAllText(path, string.Concat(points.Select(p => PointJson.Serialize(p) + "\n")) + "\n" + PointJson.Serialize(points[0])[..40]);
        var warnings = new List<string>();
        var source = PointSource.File(path, warnings.Add);
        var read = source.Read().ToArray();
        Assert.Equal(points.Select(PointJson.Serialize), read.Select(r => PointJson.Serialize(r.Point)));
        Assert.Single(warnings);
        source.Read().ToArray();
        Assert.Single(warnings); // warned once
        var again = source.ReadAt(read.Select(r => r.Location).Reverse()).ToArray();
        Assert.Equal(points.Reverse().Select(PointJson.Serialize), again.Select(PointJson.Serialize));

        File.WriteAllText(path, PointJson.Serialize(points[0]) + "\n{\"key\":\n" + PointJson.Serialize(points[1]) + "\n");
        var ex = Assert.Throws<Dse.Diagnostics.InputException>(() => PointSource.File(path).Read().ToArray());
        Assert.Contains(":2", ex.Message);
    }

    [Fact]
    public void ALargeRunDrawsASampleAndEveryFrontAndSaysSo()
    {
        int n = ShownPoints.SampleSize + 600;
        var points = FakeResults.Random(n, new Random(7));
        var report = RunRecords.Read(FakeResults.Run(points));
        Assert.True(report.Get<ShownPoints>().Thinned);
        var shown = report.Get<ShownPoints>().Points.Select(p => p.Key).ToHashSet();
        Assert.True(shown.Count < n);
        Assert.Subset(shown, report.Front.Select(p => p.Key).ToHashSet());
        var shuffled = RunRecords.Read(FakeResults.Run(points.Reverse().ToArray()));
        Assert.Equal(shown.Order(StringComparer.Ordinal), shuffled.Get<ShownPoints>().Points.Select(p => p.Key).Order(StringComparer.Ordinal));

        var dir = TestPaths.NewTempDir();
        ReportSet.Write(report, dir, null, [new ParetoCsvWriter(), new Dse.Reports.Html.ParetoPage()]);
        var html = File.ReadAllText(Path.Combine(dir, "pareto.html"));
        Assert.Contains($"The plots draw {shown.Count} of the run's {n} designs", html);
        var csvKeys = File.ReadAllLines(Path.Combine(dir, "pareto.csv")).Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal).ToArray();
        var threeD = Regex.Matches(html, @"var data = (\[.*?\]);\r?\n", RegexOptions.Singleline).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsArray()).First();
        var front = threeD.Select(t => t!.AsObject()).Single(t => (string?)t["name"] == "Pareto front" && t["visible"] is null);
        Assert.Equal(csvKeys, front["ids"]!.AsArray().Select(x => (string)x!).Order(StringComparer.Ordinal));
        int drawn = threeD.Select(t => t!.AsObject()).Where(t => (string?)t["name"] != "Pareto front").Sum(t => t["x"]!.AsArray().Count);
        Assert.Equal(shown.Count, drawn);
    }

    [Fact]
    [Trait("Category", "Long")]
    public void ReportLaterWritesTheFilesTheSweepWrote()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["sigmaScale"] = new JsonArray(0, 1);
        sweep["adcModel"] = new JsonArray("neurosimSar", "survey");
        var root = TestPaths.NewTempDir();
        var run = Path.Combine(root, "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", run, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var later = Path.Combine(root, "later");
        Directory.CreateDirectory(later);
        foreach (var kept in new[] { RunStore.ManifestFile, RunStore.PointsFile, RunStore.SummaryFile }) File.Copy(Path.Combine(run, kept), Path.Combine(later, kept));
        result = CliRunner.Run("report", later);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var files = Directory.GetFiles(run).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, Directory.GetFiles(later).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in files) Assert.True(File.ReadAllBytes(Path.Combine(run, file!)).SequenceEqual(File.ReadAllBytes(Path.Combine(later, file!))), file);
    }
}
