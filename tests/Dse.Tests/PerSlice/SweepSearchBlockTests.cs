using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Pareto;
using Dse.Pipeline;
using Dse.Runs;
using Dse.Tests.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.PerSlice;

/// <summary>A sweep file's <c>search</c> block: the per-slice search runs on the finished run folder as <c>dse search RUN --out RUN</c> would,
/// and <c>dse select</c> weighs its verified designs beside the run's points.</summary>
public class SweepSearchBlockTests
{
    private static readonly string[] SearchArgs = ["--adc-bits", "3,4,5,6,8", "--epsilon-steps", "4", "--surrogate-trials", "2"];

    /// <summary>The tiny sweep on one crossbar, cell width and token count (2 base designs) with a search block of <see cref="SearchArgs"/>.</summary>
    private static JsonObject Searched()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["crossbar"] = new JsonArray("64x64");
        sweep["cellBits"] = new JsonArray(2);
        sweep["virtualTokens"] = new JsonArray(4);
        sweep["search"] = new JsonObject { ["kind"] = "perSliceAdc", ["adcBits"] = new JsonArray(3, 4, 5, 6, 8), ["epsilonSteps"] = 4, ["surrogateTrials"] = 2 };
        return sweep;
    }

    /// <summary>The searched sweep, run once for this class (seeded: a second run would give the same files), and its stdout.</summary>
    private static readonly Lazy<(string Dir, string Stdout)> SearchedRun = new(() =>
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(Searched()), "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (outDir, result.Stdout);
    });

    [Fact]
    public void The_sweep_searches_its_run_folder_as_dse_search_would()
    {
        var (run, stdout) = SearchedRun.Value;
        Assert.Contains("per-slice search:", stdout);
        Assert.All(SearchRun.Files, f => Assert.True(File.Exists(Path.Combine(run, f)), f));

        string apart = Path.Combine(TestPaths.NewTempDir(), "apart");
        var search = CliRunner.Run(["search", run, .. SearchArgs, "--out", apart, "--quiet"]);
        Assert.True(search.ExitCode == 0, search.Stderr);
        foreach (var file in new[] { PerSliceDesignFile.FileName, "search-points.csv", "search-front.csv", "search-gains.csv", "search-correlation.csv" })
            Assert.True(File.ReadAllBytes(Path.Combine(run, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(apart, file))), file);

        // search-designs.jsonl holds every heterogeneous assignment of search-points.csv.
        var rows = File.ReadAllLines(Path.Combine(run, "search-points.csv")).Skip(1).Select(r => r.Split(',')).ToList();
        var heterogeneous = rows.Where(r => !Dse.Costs.AdcBitsPerSlice.TryParse(r[9])!.IsHomogeneous).Select(r => r[1]).ToList();
        Assert.NotEmpty(heterogeneous);
        Assert.Equal(heterogeneous, PerSliceDesignFile.Read(Path.Combine(run, PerSliceDesignFile.FileName)).Select(d => d.Result.Key));

        // The page in the run folder loads the folder's plotly.js instead of a second copy; the search's own folder keeps it inlined.
        string page = File.ReadAllText(Path.Combine(run, "search.html"));
        Assert.Contains("<script src=\"plotly.min.js\"></script>", page);
        Assert.True(page.Length < 200_000, $"{page.Length} characters");
        Assert.DoesNotContain("<script src=", File.ReadAllText(Path.Combine(apart, "search.html")));
    }

    [Fact]
    public void Select_returns_a_per_slice_design_of_the_search_where_one_is_cheapest_under_the_budgets()
    {
        var run = TestPaths.CopyOf(SearchedRun.Value.Dir);
        var points = PointJson.ReadAll(Path.Combine(run, RunStore.PointsFile)).Points;
        var designs = PerSliceDesignFile.Read(Path.Combine(run, PerSliceDesignFile.FileName));
        IReadOnlyList<PointResult> all = [.. points, .. designs.Select(d => d.Result)];
        // A budget under which a run point is feasible but a per-slice design is the rule's answer.
        var budget = all.Select(p => p.ObjectiveAccuracy).Distinct().Order()
            .Select(a => new SelectionConstraints(MinAccuracy: a))
            .FirstOrDefault(c => points.Any(c.Admit) && designs.Any(d => d.Result.Key == SelectionOracle.Ranked(all, c, Objective.Energy, 1)[0].Key));
        Assert.NotNull(budget);
        var expected = SelectionOracle.Ranked(all, budget, Objective.Energy, 1)[0];
        string minAccuracy = budget.MinAccuracy!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        var result = CliRunner.Run("select", run, "--min-accuracy", minAccuracy);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var record = RunStore.ReadRecord<SelectionRecord>(Path.Combine(run, RunStore.SelectionFile))!;
        Assert.Equal(expected.Key, record.Chosen!.Key);
        Assert.Equal(SelectedDesign.PerSliceAdc, record.Chosen.Kind);
        Assert.Equal(designs.Single(d => d.Result.Key == expected.Key).Bits.ToString(), record.Chosen.AdcBitsPerSlice);
        Assert.Equal(designs.Count, record.PerSliceCandidates);
        Assert.Contains($"among {points.Count} points and {designs.Count} verified per-slice ADC designs", result.Stdout);

        var enumerated = CliRunner.Run("select", run, "--min-accuracy", minAccuracy, "--enumerated-only");
        Assert.True(enumerated.ExitCode == 0, enumerated.Stderr);
        record = RunStore.ReadRecord<SelectionRecord>(Path.Combine(run, RunStore.SelectionFile))!;
        Assert.Equal(SelectionOracle.Ranked(points, budget, Objective.Energy, 1)[0].Key, record.Chosen!.Key);
        Assert.Equal(SelectedDesign.Enumerated, record.Chosen.Kind);
        Assert.Equal(0, record.PerSliceCandidates);
    }

    [Fact]
    public void A_new_sweep_into_the_folder_removes_the_search_of_the_old_points()
    {
        var run = TestPaths.CopyOf(SearchedRun.Value.Dir);
        var sweep = Searched();
        sweep.Remove("search");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", run, "--force", "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.All(SearchRun.Files, f => Assert.False(File.Exists(Path.Combine(run, f)), f));
        Assert.DoesNotContain("per-slice search", result.Stdout);
    }

    [Fact]
    public void A_shard_leaves_the_search_to_the_merged_run()
    {
        var run = Path.Combine(TestPaths.NewTempDir(), "shard");
        var result = CliRunner.Run("sweep", TestSweeps.Write(Searched()), "--out", run, "--shard", "0/2");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("search: not run in shard 0/2", result.Stderr);
        Assert.All(SearchRun.Files, f => Assert.False(File.Exists(Path.Combine(run, f)), f));
    }
}
