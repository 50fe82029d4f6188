using System.Globalization;
using System.Text.Json.Nodes;
using Dse.Costs;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Pareto;
using Dse.Reports.Html;
using Dse.Runs;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary><c>dse select</c> with the per-slice designs of a search in the run folder (<c>search-designs.jsonl</c>), built by hand here.</summary>
public class SelectPerSliceTests
{
    private static readonly Lazy<string> TinyRun = new(() =>
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(TestSweeps.TinySynthetic()), "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return outDir;
    });

    private static IReadOnlyList<PointResult> Points(string run) => PointJson.ReadAll(Path.Combine(run, RunStore.PointsFile)).Points;

    private static SelectionRecord Record(string run) => RunStore.ReadRecord<SelectionRecord>(Path.Combine(run, RunStore.SelectionFile))!;

    /// <summary>
    /// A per-slice design of <paramref name="point"/>'s base design: its widest slice at the point's ADC bits, the others one bit lower, with
    /// the point's accuracy statistics and 90% of its energy, so that it beats the point.
    /// </summary>
    private static PerSliceVerified CheaperPerSlice(PointResult point)
    {
        int adc = point.Coordinates.Get(DesignAxes.AdcBits), slices = (int)Math.Ceiling(7.0 / point.Coordinates.Get(DesignAxes.CellBits));
        var bits = AdcBitsPerSlice.Of([adc, .. Enumerable.Repeat(adc - 1, slices - 1)]);
        return new PerSliceVerified(PerSliceKeys.Base(point.Key, adc), bits, 1e-3,
            point with { Key = PerSliceKeys.Of(point.Key, adc, bits), EnergyJ = 0.9 * point.EnergyJ }, PerSliceOrigin.EnergySolve);
    }

    [Fact]
    public void A_cheaper_per_slice_design_is_the_answer_and_is_marked_in_selection_json_on_the_terminal_and_on_the_index_page()
    {
        var run = TestPaths.CopyOf(TinyRun.Value);
        var points = Points(run);
        string minAccuracy = points.Select(p => p.ObjectiveAccuracy).Order().ElementAt(points.Count / 2).ToString("R", CultureInfo.InvariantCulture);
        Assert.Equal(0, CliRunner.Run("select", run, "--min-accuracy", minAccuracy).ExitCode);
        var enumerated = points.Single(p => p.Key == Record(run).Chosen!.Key);
        var design = CheaperPerSlice(enumerated);
        PerSliceDesignFile.Write(Path.Combine(run, PerSliceDesignFile.FileName), [design]);

        var result = CliRunner.Run("select", run, "--min-accuracy", minAccuracy, "--top", "2");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var record = Record(run);
        Assert.Equal(1, record.PerSliceCandidates);
        Assert.Equal((design.Result.Key, SelectedDesign.PerSliceAdc, design.Bits.ToString()), (record.Ranked[0].Key, record.Ranked[0].Kind, record.Ranked[0].AdcBitsPerSlice));
        Assert.Equal((enumerated.Key, SelectedDesign.Enumerated, (string?)null), (record.Ranked[1].Key, record.Ranked[1].Kind, record.Ranked[1].AdcBitsPerSlice));
        Assert.Equal(design.Result.EnergyJ, record.Ranked[0].EnergyJ);
        Assert.Contains($"among {points.Count} points and 1 verified per-slice ADC designs", result.Stdout);
        Assert.Contains($"kind         per-slice ADC design of dse search, verified on the run's chips: {design.Bits} bits per slice", result.Stdout);
        Assert.Contains($"ADC resolution {design.Bits} per slice", result.Stdout);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(run, RunStore.SelectionFile)))!;
        Assert.Equal("perSliceAdc", (string)json["ranked"]![0]!["kind"]!);
        Assert.Equal("enumerated", (string)json["ranked"]![1]!["kind"]!);

        // The index page shows the assignment in the ADC column, also when rewritten from the folder by dse report.
        foreach (var page in new[] { File.ReadAllText(Path.Combine(run, "index.html")), Reported(run) })
        {
            Assert.Contains($"{HtmlPage.Encode(design.Bits.ToString())} <span class=\"note\">per slice (dse search)</span>", page);
            Assert.Contains("a per-slice ADC design", page);
            Assert.Contains("1 per-slice ADC designs verified by <code>dse search</code>", page);
        }

        var without = CliRunner.Run("select", run, "--min-accuracy", minAccuracy, "--enumerated-only");
        Assert.True(without.ExitCode == 0, without.Stderr);
        Assert.Equal((enumerated.Key, 0), (Record(run).Chosen!.Key, Record(run).PerSliceCandidates));
    }

    private static string Reported(string run)
    {
        var result = CliRunner.Run("report", run);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return File.ReadAllText(Path.Combine(run, "index.html"));
    }

    [Fact]
    public void Designs_of_another_runs_base_designs_are_refused()
    {
        var run = TestPaths.CopyOf(TinyRun.Value);
        var foreign = FakeResults.Point("other/c2/a5/t8", 0.9, 1e-12, 1e-6);
        PerSliceDesignFile.Write(Path.Combine(run, PerSliceDesignFile.FileName), [CheaperPerSlice(foreign)]);
        var result = CliRunner.Run("select", run);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(PerSliceDesignFile.FileName, result.Stderr);
        Assert.Contains("other/c2/a5-4-4-4/t8", result.Stderr);
        Assert.Equal(0, CliRunner.Run("select", run, "--enumerated-only").ExitCode);
    }

    [Fact]
    public void A_bad_line_of_the_designs_file_is_bad_input_with_its_line()
    {
        var run = TestPaths.CopyOf(TinyRun.Value);
        var path = Path.Combine(run, PerSliceDesignFile.FileName);
        PerSliceDesignFile.Write(path, [CheaperPerSlice(Points(run)[0])]);
        File.AppendAllText(path, "{\"baseKey\": 3}\n");
        var result = CliRunner.Run("select", run);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}:2", result.Stderr);
        Assert.Contains("$.baseKey", result.Stderr);
    }

    [Fact]
    public void A_search_beside_the_run_folder_is_not_read_and_the_log_says_how_to_include_it()
    {
        var run = TestPaths.CopyOf(TinyRun.Value);
        var beside = Directory.CreateDirectory(run + "-search").FullName;
        PerSliceDesignFile.Write(Path.Combine(beside, PerSliceDesignFile.FileName), [CheaperPerSlice(Points(run)[0])]);
        var result = CliRunner.Run("select", run);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"note: {beside} holds a per-slice search whose designs are not candidates", result.Stderr);
        Assert.Contains($"--out {run}", result.Stderr);
        Assert.Equal(0, Record(run).PerSliceCandidates);
    }

    [Fact]
    public void A_selection_json_without_the_per_slice_fields_reads_as_enumerated()
    {
        var run = TestPaths.CopyOf(TinyRun.Value);
        Assert.Equal(0, CliRunner.Run("select", run, "--top", "2").ExitCode);
        var path = Path.Combine(run, RunStore.SelectionFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json.Remove("perSliceCandidates");
        foreach (var d in json["ranked"]!.AsArray()) { d!.AsObject().Remove("kind"); d.AsObject().Remove("adcBitsPerSlice"); }
        File.WriteAllText(path, json.ToJsonString());
        var record = Record(run);
        Assert.Equal(0, record.PerSliceCandidates);
        Assert.All(record.Ranked, d => Assert.Equal((SelectedDesign.Enumerated, (string?)null), (d.Kind, d.AdcBitsPerSlice)));
        Assert.Equal(0, CliRunner.Run("report", run).ExitCode);
    }
}
