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
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var points = PointJson.ReadAll(Path.Combine(outDir, "points.jsonl")).Points;
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
}
