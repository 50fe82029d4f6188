using Dse.Tests.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.PerSlice;

public class PerSliceSearchCommandTests
{
    [Fact]
    public void Search_on_a_run_folder_writes_verified_points_and_solver_statuses()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["crossbar"] = new System.Text.Json.Nodes.JsonArray("64x64");
        sweep["cellBits"] = new System.Text.Json.Nodes.JsonArray(2);
        sweep["virtualTokens"] = new System.Text.Json.Nodes.JsonArray(4);
        var run = Path.Combine(TestPaths.NewTempDir(), "run");
        var swept = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", run, "--quiet");
        Assert.True(swept.ExitCode == 0, swept.Stderr);

        var result = CliRunner.Run("search", run, "--adc-bits", "3,4,5,6,8", "--epsilon-steps", "4", "--surrogate-trials", "2", "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("2 base designs", result.Stdout);
        Assert.Contains("run points reproduced: 4 of 4", result.Stdout);
        Assert.Contains("16 solves (16 Optimal)", result.Stdout);
        var solves = File.ReadAllLines(Path.Combine(run + "-search", "search-solves.csv"));
        Assert.Equal(17, solves.Length);
        Assert.All(solves.Skip(1), line => Assert.Contains(",Optimal,", line));
        Assert.True(File.Exists(Path.Combine(run + "-search", "search-front.csv")));
        Assert.False(Directory.Exists(Path.Combine(run, "search")), "the run folder stays as the sweep wrote it");

        // The page: both fronts, one row per device, target and compared quantity, the solve statuses; offline (plotly inlined).
        var page = File.ReadAllText(Path.Combine(run + "-search", "search.html"));
        Assert.Contains("front, one resolution per design", page);
        Assert.Contains("front, per-slice resolutions allowed", page);
        var gains = File.ReadAllLines(Path.Combine(run + "-search", "search-gains.csv")).Length - 1;
        Assert.Equal(gains + 1, System.Text.RegularExpressions.Regex.Matches(page, "<tr>").Count - 2);   // gains rows + the status row, less two header rows
        Assert.Contains("<td>Optimal</td><td class=\"num\">16</td>", page);
        Assert.DoesNotContain("<script src=", page);

        var bad = CliRunner.Run("search", run, "--adc-bits", "3,x", "--objectives", "speed");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--adc-bits", bad.Stderr);
        Assert.Contains("--objectives", bad.Stderr);
    }
}
