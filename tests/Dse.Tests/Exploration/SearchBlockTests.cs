using System.Text.Json.Nodes;
using Dse.Cli.Commands;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Tests.Shared;

namespace Dse.Tests.Exploration;

/// <summary>The sweep file's <c>search</c> block: its defaults are <c>dse search</c>'s, and every bad value is an error naming the file, the
/// JSON path and the line, all reported at once.</summary>
public class SearchBlockTests
{
    /// <summary>
    /// Writes the tiny sweep (mc.trials 4, or <paramref name="trials"/>) with <c>"search": { ... }</c> holding <paramref name="members"/>, one
    /// per line (e.g. <c>"kind": "perSliceAdc"</c>); returns the path and the text.
    /// </summary>
    private static (string Path, string Text) Sweep(string[] members, int trials = 4, string? block = null)
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["mc"]!["trials"] = trials;
        sweep["search"] = "@@";
        string body = block ?? "{\n    " + string.Join(",\n    ", members) + "\n  }";
        string text = sweep.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }).Replace("\"@@\"", body);
        string path = Path.Combine(TestPaths.NewTempDir(), "sweep.json");
        File.WriteAllText(path, text);
        return (path, text);
    }

    /// <summary>The 1-based line of the first line of <paramref name="text"/> holding <paramref name="fragment"/>, from the <c>"search"</c> key on.</summary>
    private static int LineOf(string text, string fragment)
    {
        var lines = text.Split('\n');
        return Array.FindIndex(lines, Array.FindIndex(lines, l => l.Contains("\"search\"", StringComparison.Ordinal)), l => l.Contains(fragment, StringComparison.Ordinal)) + 1;
    }

    [Fact]
    public void A_block_of_only_its_kind_has_the_defaults_of_dse_search()
    {
        var search = SweepSpecLoader.Load(Sweep(["\"kind\": \"perSliceAdc\""]).Path).Search!;
        var d = SearchSettings.Default;
        Assert.Equal(d.AdcBits, search.AdcBits);
        Assert.Equal(d.Objectives, search.Objectives);
        Assert.Equal(d with { AdcBits = search.AdcBits, Objectives = search.Objectives }, search);

        var cli = new SearchCommand.Options("");
        Assert.Equal(string.Join(",", d.AdcBits), cli.AdcBits);
        Assert.Equal(string.Join(",", d.Objectives), cli.Objectives);
        Assert.Equal((d.EpsilonSteps, d.SurrogateTrials, d.Sample, d.Seed, d.Workers, d.MaxTimeS),
            (cli.EpsilonSteps, cli.SurrogateTrials, cli.Sample, cli.Seed, cli.Workers, cli.MaxTimeS));
        Assert.Null(SweepSpecLoader.Load(TestSweeps.Write(TestSweeps.TinySynthetic())).Search);
    }

    [Fact]
    public void Every_key_of_the_block_is_read()
    {
        var search = SweepSpecLoader.Load(Sweep(["\"kind\": \"perSliceAdc\"", "\"adcBits\": [4, 6, 8]", "\"epsilonSteps\": 5", "\"objectives\": [\"area\"]",
            "\"surrogateTrials\": 3", "\"sample\": 7", "\"seed\": 9", "\"workers\": 2", "\"maxTimeS\": 0.5"]).Path).Search!;
        Assert.Equal([4, 6, 8], search.AdcBits);
        Assert.Equal(["area"], search.Objectives);
        Assert.Equal((5, 3, 7, 9, 2, 0.5), (search.EpsilonSteps, search.SurrogateTrials, search.Sample, search.Seed, search.Workers, search.MaxTimeS));
    }

    /// <summary>One bad value per case: the member written into the block (after <c>"kind"</c> unless it replaces it), the error's path, a
    /// fragment of what it expects, and the fragment of the file whose line the error names.</summary>
    public static TheoryData<string, string, string, string> BadMembers() => new()
    {
        { "\"epsilonStep\": 4", "$.search.epsilonStep", "did you mean 'epsilonSteps'", "\"epsilonStep\"" },
        { "\"adcBits\": [3, 17]", "$.search.adcBits[1]", "an integer in 1..16", "\"adcBits\"" },
        { "\"adcBits\": [4, 6, 4]", "$.search.adcBits", "distinct", "\"adcBits\"" },
        { "\"adcBits\": []", "$.search.adcBits", "non-empty", "\"adcBits\"" },
        { "\"adcBits\": \"4,6\"", "$.search.adcBits", "an array of integers", "\"adcBits\"" },
        { "\"objectives\": [\"energy\", \"speed\"]", "$.search.objectives[1]", "one of 'energy', 'area'", "\"objectives\"" },
        { "\"objectives\": [\"area\", \"area\"]", "$.search.objectives", "distinct", "\"objectives\"" },
        { "\"objectives\": []", "$.search.objectives", "one or both", "\"objectives\"" },
        { "\"epsilonSteps\": 1", "$.search.epsilonSteps", ">= 2", "\"epsilonSteps\"" },
        { "\"surrogateTrials\": 0", "$.search.surrogateTrials", "1..4", "\"surrogateTrials\"" },
        { "\"surrogateTrials\": 5", "$.search.surrogateTrials", "at most mc.trials", "\"surrogateTrials\"" },
        { "\"sample\": -1", "$.search.sample", ">= 0", "\"sample\"" },
        { "\"seed\": -1", "$.search.seed", ">= 0", "\"seed\"" },
        { "\"seed\": 1.5", "$.search.seed", "an integer", "\"seed\"" },
        { "\"workers\": 0", "$.search.workers", ">= 1", "\"workers\"" },
        { "\"maxTimeS\": 0", "$.search.maxTimeS", "positive", "\"maxTimeS\"" },
        { "\"maxTimeS\": \"ten\"", "$.search.maxTimeS", "a finite number", "\"maxTimeS\"" },
    };

    [Theory]
    [MemberData(nameof(BadMembers))]
    public void A_bad_value_names_its_path_and_line(string member, string path, string expected, string lineOf)
    {
        var (file, text) = Sweep(["\"kind\": \"perSliceAdc\"", member]);
        var ex = Assert.Throws<InputException>(() => SweepSpecLoader.Load(file));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(path, e.Path);
        Assert.Contains(expected, e.Expected);
        Assert.Equal(file, e.File);
        Assert.Equal(LineOf(text, lineOf), e.Line);
    }

    [Fact]
    public void The_kind_is_required_and_unknown_kinds_name_the_valid_one()
    {
        var (missing, missingText) = Sweep(["\"epsilonSteps\": 4"]);
        var e = Assert.Single(Assert.Throws<InputException>(() => SweepSpecLoader.Load(missing)).Errors);
        Assert.Equal("$.search.kind", e.Path);
        Assert.Equal(LineOf(missingText, "\"search\""), e.Line);

        var (wrong, wrongText) = Sweep(["\"kind\": \"perSlice\""]);
        e = Assert.Single(Assert.Throws<InputException>(() => SweepSpecLoader.Load(wrong)).Errors);
        Assert.Equal("$.search.kind", e.Path);
        Assert.Contains("perSliceAdc", e.Expected);
        Assert.Equal(LineOf(wrongText, "\"kind\""), e.Line);
    }

    [Fact]
    public void The_block_must_be_an_object()
    {
        var (file, text) = Sweep([], block: "3");
        var e = Assert.Single(Assert.Throws<InputException>(() => SweepSpecLoader.Load(file)).Errors);
        Assert.Equal("$.search", e.Path);
        Assert.Equal(LineOf(text, "\"search\""), e.Line);
    }

    [Fact]
    public void The_default_surrogate_trials_above_mc_trials_is_an_error_at_the_block()
    {
        var (file, text) = Sweep(["\"kind\": \"perSliceAdc\""], trials: 2);
        var e = Assert.Single(Assert.Throws<InputException>(() => SweepSpecLoader.Load(file)).Errors);
        Assert.Equal("$.search.surrogateTrials", e.Path);
        Assert.Contains("1..2", e.Expected);
        Assert.Contains("the default 4", e.Found);
        Assert.Equal(LineOf(text, "\"search\""), e.Line);
        Assert.Equal(2, SweepSpecLoader.Load(Sweep(["\"kind\": \"perSliceAdc\"", "\"surrogateTrials\": 2"], trials: 2).Path).Search!.SurrogateTrials);
    }

    [Fact]
    public void A_cost_only_sweep_cannot_be_searched()
    {
        var (file, text) = Sweep(["\"kind\": \"perSliceAdc\""], trials: 0);
        var e = Assert.Single(Assert.Throws<InputException>(() => SweepSpecLoader.Load(file)).Errors);
        Assert.Equal("$.search", e.Path);
        Assert.Contains("cost-only", e.Expected);
        Assert.Equal(LineOf(text, "\"search\""), e.Line);
        // --cost-only on the command line is mc.trials = 0 as well.
        var overridden = Assert.Throws<InputException>(() => SweepSpecLoader.Load(Sweep(["\"kind\": \"perSliceAdc\""]).Path, [("mc.trials", "0")]));
        Assert.Equal("$.search", Assert.Single(overridden.Errors).Path);
    }

    [Fact]
    public void Every_error_of_the_block_is_reported_at_once()
    {
        var (file, _) = Sweep(["\"kind\": \"perSliceAdc\"", "\"adcBits\": [0]", "\"epsilonSteps\": 0", "\"objectives\": [\"speed\"]", "\"workers\": 0", "\"colour\": 1"]);
        var paths = Assert.Throws<InputException>(() => SweepSpecLoader.Load(file)).Errors.Select(e => e.Path!).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "$.search.adcBits[0]", "$.search.colour", "$.search.epsilonSteps", "$.search.objectives[0]", "$.search.workers" }, paths);
    }
}
