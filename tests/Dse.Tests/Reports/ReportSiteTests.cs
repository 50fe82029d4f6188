using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dse.Reports;
using Dse.Tests.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.Reports;

/// <summary>The HTML site of a run: self-contained pages, the front equal to pareto.csv, regeneration by dse report.</summary>
public class ReportSiteTests
{
    private static readonly string[] Pages = ["index.html", "pareto.html", "breakdown.html", "sensitivity.html"];

    private static string Run()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["sigmaScale"] = new JsonArray(0, 10);
        sweep["adcModel"] = new JsonArray("neurosimSar", "survey");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return outDir;
    }

    /// <summary>The <c>data</c> array of every chart on a page, in page order.</summary>
    private static List<JsonArray> ChartData(string html)
        => Regex.Matches(html, @"var data = (\[.*?\]);\r?\n", RegexOptions.Singleline).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsArray()).ToList();

    [Fact]
    public void EveryPageIsSelfContainedAndLinksTheOthers()
    {
        var run = Run();
        foreach (var page in Pages)
        {
            var html = File.ReadAllText(Path.Combine(run, page));
            Assert.DoesNotMatch(new Regex("<(script|link)[^>]+(src|href)=[\"']https?://", RegexOptions.IgnoreCase), html);
            Assert.Contains("Plotly.newPlot", html);
            Assert.True(html.Length > 3_000_000, $"{page}: plotly.js should be inlined");
            foreach (var other in Pages.Where(p => p != page)) Assert.Contains($"href=\"{other}\"", html);
        }
        Assert.NotEmpty(ChartData(File.ReadAllText(Path.Combine(run, "sensitivity.html"))));
        Assert.Equal(3, ChartData(File.ReadAllText(Path.Combine(run, "breakdown.html"))).Count);
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
        Assert.Equal(run.Front.Select(p => p.Key).Order(StringComparer.Ordinal), csvKeys);
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
    public void SelectionShowsOnTheIndexPage()
    {
        var run = Run();
        Assert.Equal(0, CliRunner.Run("select", run, "--min-accuracy", "0", "--max-area-mm2", "1000").ExitCode);
        Assert.Equal(0, CliRunner.Run("report", run).ExitCode);
        var index = File.ReadAllText(Path.Combine(run, "index.html"));
        Assert.Contains("Constrained selection", index);
        Assert.Contains("\"minimise\": \"energy\"", System.Net.WebUtility.HtmlDecode(index));
    }

    [Fact]
    public void ReportOnAFolderWithoutARunIsBadInput()
    {
        var result = CliRunner.Run("report", TestPaths.NewTempDir());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("run.json", result.Stderr);
    }
}
