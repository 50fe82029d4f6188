using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Runs;
using Dse.Tests.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.Exploration;

/// <summary>Retrieval confusion per design point: (true OVT, noisy pick) counts over every chip and query.</summary>
public class ConfusionTests
{
    [Fact]
    public void ConfusionCountsEveryAnswerOnceAndItsDiagonalIsTheAccuracy()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["adcBits"] = new JsonArray(3, 8);
        var points = CliRunner.Sweep(TestSweeps.Write(sweep)).Points;
        Assert.Contains(points, p => p.Confusion!.Any(c => c.True != c.Picked));
        foreach (var p in points)
        {
            var cells = p.Confusion!;
            Assert.Equal(p.Trials * p.Queries, cells.Sum(c => c.Count));
            Assert.All(cells, c => Assert.True(c.Count > 0));
            Assert.Equal(cells.OrderBy(c => c.True).ThenBy(c => c.Picked), cells);
            double diagonal = cells.Where(c => c.True == c.Picked).Sum(c => c.Count) / (double)(p.Trials * p.Queries);
            Assert.Equal(p.AccuracyStats.Mean, diagonal, 12);
        }
    }

    [Fact]
    public void TheRunWritesTheFrontsAndTheSelectedDesignsConfusionAndTheIndexShowsTheMostConfusedPairs()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["adcBits"] = new JsonArray(3, 8);
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        Assert.Equal(0, CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet").ExitCode);
        var select = CliRunner.Run("select", outDir, "--max-energy-j", "1", "--top", "3");
        Assert.True(select.ExitCode == 0, select.Stderr);

        var points = PointJson.ReadAll(Path.Combine(outDir, "points.jsonl")).Points.ToDictionary(p => p.Key);
        var front = File.ReadLines(Path.Combine(outDir, "pareto.csv")).Skip(1).Select(l => l.Split(',')[0]);
        var ranked = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "selection.json")))!["ranked"]!.AsArray().Select(d => d!["key"]!.GetValue<string>());
        var rows = File.ReadLines(Path.Combine(outDir, "confusion.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(front.Union(ranked).Order(StringComparer.Ordinal), rows.Select(r => r[0]).Distinct().Order(StringComparer.Ordinal));
        foreach (var design in rows.GroupBy(r => r[0]))
        {
            Assert.Equal(points[design.Key].Trials * points[design.Key].Queries, design.Sum(r => int.Parse(r[3])));
            foreach (var trueOvt in design.GroupBy(r => r[1]))
                Assert.Equal(1.0, trueOvt.Sum(r => double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture)), 9);
        }
        Assert.StartsWith("domain-", rows[0][1]);
        string index = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("Most confused OVTs of the ranked designs", index);
        Assert.Contains("&rarr;", index);
    }
}
