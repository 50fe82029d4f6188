using Dse.Exploration;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dse.Reports;
using Dse.Tests.Cli;
using Dse.Tests.Shared;
using Dse.Pareto;

namespace Dse.Tests.Reports;

/// <summary>The HTML site of a run: self-contained pages, the front equal to pareto.csv, regeneration by dse report.</summary>
public class ReportSiteTests
{
    private static readonly string[] Pages = ["index.html", "pareto.html", "breakdown.html", "sensitivity.html"];

    /// <summary>The run of the tests below, swept once for this class: it is seeded, so a second run of it would give the same points.</summary>
    private static readonly Lazy<string> SharedRun = new(() =>
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["sigmaScale"] = new JsonArray(0, 1);
        sweep["adcModel"] = new JsonArray("neurosimSar", "survey");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return outDir;
    });

    /// <summary>A fresh copy of the shared run's folder, this test's own to report, select and delete in.</summary>
    private static string Run() => TestPaths.CopyOf(SharedRun.Value);

    /// <summary>The <c>data</c> array of every chart on a page, in page order.</summary>
    private static List<JsonArray> ChartData(string html)
        => Regex.Matches(html, @"var data = (\[.*?\]);\r?\n", RegexOptions.Singleline).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsArray()).ToList();

    [Fact]
    public void PlotlyIsInTheFolderOnceAndLoadedOnlyByPagesThatPlot()
    {
        var run = Run();
        Assert.True(new FileInfo(Path.Combine(run, "plotly.min.js")).Length > 3_000_000);
        foreach (var page in Pages)
        {
            var html = File.ReadAllText(Path.Combine(run, page));
            Assert.DoesNotMatch(new Regex("<(script|link)[^>]+(src|href)=[\"']https?://", RegexOptions.IgnoreCase), html);
            Assert.True(html.Length < 1_000_000, $"{page}: plotly.js must not be inlined ({html.Length} characters)");
            bool plots = html.Contains("Plotly.newPlot", StringComparison.Ordinal);
            Assert.Equal(page != "index.html", plots);
            Assert.Equal(plots, html.Contains("<script src=\"plotly.min.js\"></script>", StringComparison.Ordinal));
            foreach (var other in Pages.Where(p => p != page)) Assert.Contains($"href=\"{other}\"", html);
        }
        Assert.NotEmpty(ChartData(File.ReadAllText(Path.Combine(run, "sensitivity.html"))));
        Assert.Equal(6, ChartData(File.ReadAllText(Path.Combine(run, "breakdown.html"))).Count); // front, then the cheapest design per device
    }

    [Fact]
    public void SingleFileInlinesPlotlyOnceAndHoldsEveryChart()
    {
        var run = Run();
        Assert.Equal(0, CliRunner.Run("report", run, "--single-file").ExitCode);
        var single = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.DoesNotContain("<script src=", single);
        Assert.Single(Regex.Matches(single, "\\* plotly\\.js v\\d"));
        int charts = Pages.Sum(p => ChartData(File.ReadAllText(Path.Combine(run, p))).Count);
        Assert.Equal(charts, ChartData(single).Count);
        var ids = Regex.Matches(single, "<div id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void TheParetoTraceHoldsExactlyThePointsOfParetoCsv()
    {
        var run = Run();
        var csvKeys = File.ReadAllLines(Path.Combine(run, "pareto.csv")).Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(csvKeys);
        var threeD = ChartData(File.ReadAllText(Path.Combine(run, "pareto.html")))[0];
        var front = threeD.Select(t => t!.AsObject()).Single(t => (string?)t["name"] == "Pareto front" && t["visible"] is null);
        var ids = front["ids"]!.AsArray().Select(x => (string)x!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(csvKeys, ids);
    }

    [Theory]
    [InlineData("accuracy", "latency")]
    [InlineData("agreementP5", "area")]
    [InlineData("energy", "area")]
    public void TheRingedFrontEqualsParetoCsvUnderAnyObjectives(string first, string second)
    {
        var run = FakeResults.Run(FakeResults.Sweep(5), first, second);
        var dir = TestPaths.NewTempDir();
        ReportSet.WriteAll(run, dir, null, [new ParetoCsvWriter(), new Dse.Reports.Html.ParetoPage()]);
        var csvKeys = File.ReadAllLines(Path.Combine(dir, "pareto.csv")).Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Dse.Pareto.ParetoFront.Compute(run.Points.ReadAll(), run.Spec.Objectives).Select(p => p.Key).Order(StringComparer.Ordinal), csvKeys);
        foreach (var chart in ChartData(File.ReadAllText(Path.Combine(dir, "pareto.html"))).Take(1))
        {
            var shown = chart.Select(t => t!.AsObject()).Single(t => (string?)t["name"] == "Pareto front" && t["visible"] is null);
            Assert.Equal(csvKeys, shown["ids"]!.AsArray().Select(x => (string)x!).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void ReportRegeneratesTheSameFiles()
    {
        var run = Run();
        var files = Pages.Append("points.csv").Append("pareto.csv").ToArray();
        var before = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(run, f)));
        foreach (var f in files) File.Delete(Path.Combine(run, f));
        var result = CliRunner.Run("report", run);
        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (var f in files) Assert.Equal(before[f], File.ReadAllBytes(Path.Combine(run, f)));
    }

    [Fact]
    public void NoPageShowsAResultFieldNameAsALabel()
    {
        // The pages speak in labels ("energy", "accuracy 95% CI"), not in the field names of points.csv and summary.json.
        var run = Run();
        foreach (var page in Pages)
        {
            var shown = ResultFieldNames.In(ResultFieldNames.TextOf(File.ReadAllText(Path.Combine(run, page))));
            Assert.True(shown.Count == 0, $"{page} shows {string.Join(", ", shown)}");
        }
    }

    [Fact]
    public void TheIndexPageNamesWallTimesInWordsNotFieldNames()
    {
        var index = File.ReadAllText(Path.Combine(Run(), "index.html"));
        Assert.Matches(@"preparation \d+\.\d s, evaluation \d+\.\d s", index);
        Assert.DoesNotContain(RunTimings.Evaluate, index);
        Assert.DoesNotContain(RunTimings.Prepare, index);
    }

    [Fact]
    public void SelectionShowsOnTheIndexPage()
    {
        var run = Run();
        Assert.Equal(0, CliRunner.Run("select", run, "--min-accuracy", "0", "--max-area-mm2", "1000", "--top", "3").ExitCode);
        Assert.Equal(0, CliRunner.Run("report", run).ExitCode);
        var index = File.ReadAllText(Path.Combine(run, "index.html"));
        Assert.Contains("Constrained selection", index);
        Assert.DoesNotContain("\"minimise\"", System.Net.WebUtility.HtmlDecode(index)); // a table, not raw JSON
        var selection = System.Text.Json.JsonSerializer.Deserialize<SelectionRecord>(File.ReadAllText(Path.Combine(run, "selection.json")), RunStore.RecordOptions)!;
        Assert.Equal(3, selection.Ranked.Count);
        foreach (var d in selection.Ranked) Assert.Contains($"<tr{(d.Rank == 1 ? " class=\"best\"" : "")}><td class=\"num\">{d.Rank}</td>", index);
        Assert.Contains("chip area", index);
        Assert.Contains("binds?", index);
    }

    [Fact]
    public void CoincidingDevicesAreDodgedAndTheCaptionSaysSo()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray("rram1", "rram4", "fefet6");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet").ExitCode);
        var pareto = File.ReadAllText(Path.Combine(outDir, "pareto.html"));
        Assert.Contains("Points coincide here", pareto);
        Assert.Contains("rram1, rram4", pareto);
        // In the area-vs-energy panel (x3) no two device traces share an (x, y) pair any more.
        var panel = ChartData(pareto)[1].Select(t => t!.AsObject()).Where(t => (string?)t["xaxis"] == "x3" && (string?)t["name"] != "Pareto front").ToArray();
        var spots = panel.SelectMany(t => t["x"]!.AsArray().Zip(t["y"]!.AsArray(), (x, y) => ((string)t["name"]!, (double)x!, (double)y!))).ToArray();
        Assert.Equal(spots.Length, spots.Select(s => (s.Item2, s.Item3)).Distinct().Count() + spots.GroupBy(s => (s.Item1, s.Item2, s.Item3)).Sum(g => g.Count() - 1));
        Assert.Contains("Points coincide here", File.ReadAllText(Path.Combine(outDir, "sensitivity.html")));
    }

    [Fact]
    public void RowsPerReadCurveHasATickPerValueRead()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["crossbar"] = new JsonArray("64x64");
        sweep["rowsPerRead"] = new JsonArray(16, 32, "all");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet").ExitCode);
        var sensitivity = File.ReadAllText(Path.Combine(outDir, "sensitivity.html"));
        Assert.Contains("<h2>Accuracy vs rows per read</h2>", sensitivity);
        var chart = ChartData(sensitivity).First(c => c.Any(t => ((string?)t!["name"])?.EndsWith(" CI high") == true && t!["x"]!.AsArray().Count == 3));
        Assert.Equal([16.0, 32.0, 64.0], chart.First(t => ((string?)t!["name"])!.EndsWith(" CI high"))!["x"]!.AsArray().Select(x => (double)x!).ToArray());
    }

    [Fact]
    public void ReadabilityOneValueCurvesIntegerTicksAndUnits()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["adcBits"] = new JsonArray(6);
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet").ExitCode);
        var sensitivity = File.ReadAllText(Path.Combine(outDir, "sensitivity.html"));
        // A curve the sweep does not vary is left out, and listed at the end with how to get it.
        Assert.DoesNotContain("<h2>Accuracy vs ADC resolution</h2>", sensitivity);
        Assert.Contains("<h2>Curves this sweep does not draw</h2>", sensitivity);
        Assert.Contains("Accuracy vs ADC resolution: the sweep holds one ADC resolution (bits) value here.", sensitivity);
        Assert.Contains("Accuracy vs rows per read: the sweep holds one rows per read value here. List several rowsPerRead values", sensitivity);
        var run = Run();
        var html = File.ReadAllText(Path.Combine(run, "sensitivity.html"));
        // The ADC-model chart describes the spread between models only when the sweep costs several (this one: two) ...
        Assert.Contains("The spread between the models", html);
        // ... and says so when it costs one.
        var oneModel = TestSweeps.TinySynthetic();
        oneModel["adcModel"] = new JsonArray("neurosimSar");
        oneModel["adcBits"] = new JsonArray(4, 6);
        var oneModelDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run("sweep", TestSweeps.Write(oneModel), "--out", oneModelDir, "--quiet").ExitCode);
        var oneModelPage = File.ReadAllText(Path.Combine(oneModelDir, "sensitivity.html"));
        Assert.Contains("This sweep costs one ADC model (neurosimSar)", oneModelPage);
        Assert.DoesNotContain("The spread between the models", oneModelPage);
        Assert.Contains("\"title\":{\"text\":\"ADC resolution (bits)\"},\"automargin\":true,\"tickmode\":\"linear\"", html);
        Assert.Contains("\"dtick\":1.0", html);
        var threeD = File.ReadAllText(Path.Combine(run, "pareto.html"));
        Assert.Matches("\"ticktext\":\\[\"[0-9.]+ [fpnµm]?J\"", threeD);
        var breakdown = File.ReadAllText(Path.Combine(run, "breakdown.html"));
        Assert.Contains("\"automargin\":true", breakdown);
        Assert.Contains("\"legend\":{\"orientation\":\"h\"", breakdown); // horizontal: every component visible, no scrolling
        foreach (var page in Pages)
            foreach (Match m in Regex.Matches(File.ReadAllText(Path.Combine(run, page)), "\"[xyz]axis[0-9]?\":\\{\"title\":\\{\"text\":\"([^\"]+)\""))
                Assert.True(m.Groups[1].Value.Contains('(') || m.Groups[1].Value == "design", $"{page}: axis title without a unit: {m.Groups[1].Value}");
    }

    [Fact]
    public void DesignerSectionsNameTheCheapestDesignsAtTheMeanAndAtP5()
    {
        PointResult[] points =
        [
            FakeResults.Point("a-mean-only", 0.92, 1e-12, 0.1) with { Accuracy = new TrialStats(0.92, 0.9, 0.94, 0.70) },
            FakeResults.Point("b-yield", 0.93, 4e-12, 0.1).With(DesignAxes.Device, "fefet-gf28") with { Accuracy = new TrialStats(0.93, 0.92, 0.95, 0.91) },
            FakeResults.Point("c-cheap-bad", 0.5, 0.5e-12, 0.1).With(DesignAxes.Device, "fefet-gf28").With(DesignAxes.AdcBits, 3),
        ];
        var dir = TestPaths.NewTempDir();
        ReportSet.WriteAll(FakeResults.Run(points), dir, null, [new Dse.Reports.Html.ParetoPage(), new Dse.Reports.Html.BreakdownPage()]);
        var pareto = File.ReadAllText(Path.Combine(dir, "pareto.html"));
        // Cost of yield at 0.9: the cheapest design at the mean is a (1 pJ), at P5 b (4 pJ).
        Assert.Matches("<td class=\"num\">0.9</td><td>1 pJ<br><small>rram-intel22 [^<]*</small></td><td>4 pJ<br><small>fefet-gf28 [^<]*</small></td><td class=\"num\">4.00x</td>", pareto);
        Assert.Matches("<td class=\"num\">0.95</td><td>none</td><td>none</td><td>n/a</td>", pareto);
        // Which device wins at each budget: columns fefet-gf28, rram-intel22 (sorted); at 0.9 rram-intel22 wins in bold.
        Assert.Contains("<tr><th>accuracy budget</th><th>fefet-gf28</th><th>rram-intel22</th></tr>", pareto);
        Assert.Contains("<td>&ge; 0.9</td><td class=\"num\">4 pJ</td><td class=\"num\"><b>1 pJ</b></td>", pareto);
        Assert.Equal(2, ChartData(pareto)[2].Count); // one front per device
        var breakdown = File.ReadAllText(Path.Combine(dir, "breakdown.html"));
        Assert.Contains("at least 0.9, the highest of the budgets", breakdown);
        var cheapestBars = ChartData(breakdown)[3].Select(t => t!["y"]!.AsArray().Select(y => (string)y!).ToArray()).First();
        Assert.Equal(2, cheapestBars.Length);
        Assert.DoesNotContain(cheapestBars, l => l.Contains(" a3 ")); // c fails 0.9
    }

    [Fact]
    public void ReportOnAFolderWithoutARunIsBadInput()
    {
        var result = CliRunner.Run("report", TestPaths.NewTempDir());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("run.json", result.Stderr);
    }
}
