using Dse.Exploration;
using Dse.Pareto;
using Dse.Reports.Html;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

public class SelectAndDevicesCommandTests
{
    /// <summary>The tiny synthetic sweep, run once for this class: it is seeded, so a second run of it would give the same points.</summary>
    private static readonly Lazy<string> TinyRun = new(() =>
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(TestSweeps.TinySynthetic()), "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return outDir;
    });

    /// <summary>A fresh copy of the tiny run's folder, this test's own to select in, overwrite and report on.</summary>
    private static string RunTiny() => TestPaths.CopyOf(TinyRun.Value);

    [Fact]
    public void SelectPrintsTheCheapestDesignMeetingTheBudgets()
    {
        var run = RunTiny();
        var result = CliRunner.Run("select", run, "--min-accuracy", "0", "--max-area-mm2", "1000", "--minimise", "area");
        Assert.Equal(0, result.ExitCode);
        var smallest = PointJson.ReadAll(Path.Combine(run, "points.jsonl")).Points.MinBy(p => p.AreaMm2)!;
        Assert.Contains(smallest.Key, result.Stdout);
        Assert.Contains("minimising area", result.Stdout);
        // The terminal prints quantities as the pages do: engineering units, no exponents, no field names as units.
        Assert.Contains($"energy       {Dse.Reports.Quantity.Format(smallest.EnergyJ, "J")} per query search", result.Stdout);
        Assert.Matches(@"energy\s+\d+(\.\d+)? [fpnµm]?J per query search", result.Stdout);
        Assert.Contains($"area         {smallest.AreaMm2.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} mm²", result.Stdout);
        Assert.DoesNotContain("fraction,", result.Stdout);
        Assert.DoesNotContain("fraction does", result.Stdout);
    }

    [Fact]
    public void SelectWithoutBudgetsListsTheTopKOnYieldAndLatency()
    {
        var run = RunTiny();
        var points = PointJson.ReadAll(Path.Combine(run, "points.jsonl")).Points;
        var result = CliRunner.Run("select", run, "--min-accuracy-p5", "0", "--max-latency-s", "1", "--top", "3", "--minimise", "latency");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var expected = SelectionOracle.Ranked(points, new SelectionConstraints(MinAccuracyP5: 0, MaxLatencyS: 1), Objective.Latency, 3);
        Assert.Equal(3, expected.Count);
        int at = -1;
        foreach (var (p, i) in expected.Select((p, i) => (p, i)))
        {
            int next = result.Stdout.IndexOf($"#{i + 1}", StringComparison.Ordinal);
            Assert.True(next > at, result.Stdout);
            Assert.Contains(p.Key, result.Stdout[next..]);
            at = next;
        }
        Assert.Contains("--min-accuracy-p5", result.Stdout);
        Assert.Contains("does not bind", result.Stdout);
        Assert.Equal(0, CliRunner.Run("select", run).ExitCode); // every budget optional
    }

    [Fact]
    public void SelectShowsItsAnswerOnTheIndexPage()
    {
        var run = RunTiny();
        Assert.DoesNotContain("Constrained selection", File.ReadAllText(Path.Combine(run, "index.html")));
        var result = CliRunner.Run("select", run, "--min-accuracy", "0", "--minimise", "area", "--top", "2");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var record = RunStore.ReadRecord<SelectionRecord>(Path.Combine(run, RunStore.SelectionFile))!;
        string index = File.ReadAllText(Path.Combine(run, "index.html"));
        Assert.Contains("Constrained selection (dse select)", index);
        Assert.Contains(HtmlPage.Encode(record.Method), index);
        Assert.Equal(2, record.Ranked.Count);
        Assert.Contains($"the answer is <code>{HtmlPage.Encode(record.Chosen!.Key)}</code>", index);
        Assert.Contains(record.Chosen.Key, result.Stdout);

        var none = CliRunner.Run("select", run, "--min-accuracy", "1.0", "--max-area-mm2", "1e-9");
        Assert.Equal(3, none.ExitCode);
        Assert.Contains("no design meets every budget", File.ReadAllText(Path.Combine(run, "index.html")));
    }

    [Fact]
    public void SelectOnACostOnlyRunRefreshesItsIndexPage()
    {
        var run = Path.Combine(TestPaths.NewTempDir(), "screen");
        var sweep = CliRunner.Run("sweep", TestSweeps.Write(TestSweeps.TinySynthetic()), "--cost-only", "--out", run, "--quiet");
        Assert.True(sweep.ExitCode == 0, sweep.Stderr);
        var result = CliRunner.Run("select", run, "--max-area-mm2", "1000", "--top", "2");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("not simulated (cost-only screen", result.Stdout);
        string index = File.ReadAllText(Path.Combine(run, "index.html"));
        Assert.Contains("Constrained selection (dse select)", index);
        Assert.Contains("Accuracy was not simulated", index);
        var chosen = RunStore.ReadRecord<SelectionRecord>(Path.Combine(run, RunStore.SelectionFile))!.Chosen!;
        Assert.Contains($"the answer is <code>{HtmlPage.Encode(chosen.Key)}</code>", index);
        Assert.False(File.Exists(Path.Combine(run, "pareto.html")));
    }

    [Fact]
    public void SelectReplacesASelectionFileOfAnOlderDse()
    {
        var run = RunTiny();
        File.WriteAllText(Path.Combine(run, "selection.json"), """{ "minAccuracy": 0.5, "maxAreaMm2": 1, "maxEnergyJ": null, "minimise": "energy", "status": "Optimal", "chosen": null, "pointsFailing": {} }""");
        var result = CliRunner.Run("select", run, "--min-accuracy", "0");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("replaced by this selection", result.Stderr);
        Assert.Equal(0, CliRunner.Run("report", run).ExitCode);
    }

    [Fact]
    public void SelectExitsThreeWhenNothingFits()
    {
        var run = RunTiny();
        var result = CliRunner.Run("select", run, "--min-accuracy", "1.0", "--max-area-mm2", "1e-9");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("No design", result.Stdout);
    }

    [Theory]
    [InlineData("--min-accuracy", "1.5")]
    [InlineData("--max-area-mm2", "-1")]
    [InlineData("--min-accuracy-p5", "2")]
    [InlineData("--min-agreement", "-0.1")]
    [InlineData("--max-latency-s", "0")]
    [InlineData("--max-energy-j", "-1e-9")]
    [InlineData("--top", "0")]
    public void SelectRejectsBadBudgets(string option, string value)
    {
        var run = RunTiny();
        var args = new List<string> { "select", run, "--min-accuracy", "0.5", "--max-area-mm2", "1" };
        if (args.Contains(option)) args[args.IndexOf(option) + 1] = value;
        else args.AddRange([option, value]);
        var result = CliRunner.Run(args.ToArray());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr);
    }

    [Fact]
    public void SelectOnAFolderWithoutResultsIsBadInput()
    {
        var result = CliRunner.Run("select", TestPaths.NewTempDir(), "--min-accuracy", "0.5", "--max-area-mm2", "1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("points.jsonl", result.Stderr);
    }

    [Fact]
    public void ValidateAcceptsEveryShippedFile()
    {
        var files = Directory.GetFiles(TestPaths.DeviceModels, "*.json").Append(Path.Combine(TestPaths.DeviceModels, "periphery", "22nm.json")).ToArray();
        var result = CliRunner.Run(["devices", "validate", .. files]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(files.Length, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("ok ")));
    }

    [Fact]
    public void ValidateReportsEveryBadFile()
    {
        string bad = Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "devices");
        var result = CliRunner.Run("devices", "validate", Path.Combine(TestPaths.DeviceModels, "rram1.json"),
            Path.Combine(bad, "gmin-above-gmax.json"), Path.Combine(bad, "unknown-key.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ok ", result.Stdout);
        Assert.Contains("gmin-above-gmax.json:", result.Stderr);
        Assert.Contains("unknown-key.json:", result.Stderr);
    }

    [Fact]
    public void DevicesListShowsEveryShippedDeviceWithKindLevelsModelAndSource()
    {
        var result = CliRunner.Run("devices", "list", "--models", TestPaths.DeviceModels);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("name", lines[0]);
        Assert.Equal(Directory.GetFiles(TestPaths.DeviceModels, "*.json").Length, lines.Length - 1);
        var pcm = Assert.Single(lines, l => l.StartsWith("pcm-ibm "));
        Assert.Contains("pcm", pcm);
        Assert.Contains("16 (4 b)", pcm);
        Assert.Contains("polynomial + drift + oneOverF read noise", pcm);
        Assert.Contains("aihwkit", pcm);
    }

    [Fact]
    public void DevicesShowPrintsValuesUnitsAndSources()
    {
        var result = CliRunner.Run("devices", "show", "stt-mram-intel22", "--models", TestPaths.DeviceModels);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("stt-mram-intel22 (mram)", result.Stdout);
        Assert.Contains("cellAreaF2      100 F^2", result.Stdout);
        Assert.Contains("write energy    9.63E-12 J per cell", result.Stdout);
        Assert.Contains("22nm_STTMRAM_eFlash", result.Stdout);
    }

    [Fact]
    public void DevicesShowStatesTheSigmaAsTheDevicesSpread()
    {
        var result = CliRunner.Run("devices", "show", "rram1", "--models", TestPaths.DeviceModels);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("variation       perLevel: the device's programming spread, simulated as written at sigmaScale 1", result.Stdout);
        Assert.Contains("sigmaPerLevel [0.1, 0.1, 0.1, 0.1] (the device's spread per level, relative to Gmax - Gmin)", result.Stdout);
    }

    [Fact]
    public void DevicesShowOfAnUnknownNameIsBadInputWithSuggestion()
    {
        var result = CliRunner.Run("devices", "show", "pcm-ibn", "--models", TestPaths.DeviceModels);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean 'pcm-ibm'?", result.Stderr);
    }
}
