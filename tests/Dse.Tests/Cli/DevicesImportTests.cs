using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dse.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary><c>dse devices import</c>: the written file validates, names its input and is usable in a sweep; missing values are asked for.</summary>
public class DevicesImportTests
{
    private static readonly string Fixtures = Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "import");

    private static readonly string[] Given =
    [
        "--kind", "rram", "--cell-area-f2", "48", "--write-energy-j", "2e-12", "--write-pulse-s", "5e-8",
        "--verify-iterations", "10", "--endurance-cycles", "1e6", "--source", "cellAreaF2=layout: 1T1R, 4 x 12 F",
    ];

    [Fact]
    public void The_readme_example_imports_validates_and_names_the_csv_and_its_sha256_in_every_fitted_source()
    {
        string csv = Path.Combine(Fixtures, "example-raw.csv");
        string output = Path.Combine(TestPaths.NewTempDir(), "my-rram.json");
        var r = CliRunner.Run(["devices", "import", csv, "--out", output, "--min-reads", "2", .. Given]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.Contains("wrote " + output + ": rram my-rram, 4 levels", r.Stdout);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("devices", "validate", output).ExitCode);

        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(csv)));
        var sources = JsonNode.Parse(File.ReadAllText(output))!["sources"]!.AsObject();
        foreach (var key in new[] { "levels", "gMinS", "gMaxS", "variation.sigmaPerLevel" })
            Assert.StartsWith($"dse devices import from example-raw.csv (sha256 {sha}): ", (string)sources[key]!);
        Assert.Equal("layout: 1T1R, 4 x 12 F", (string)sources["cellAreaF2"]!);
        Assert.Contains("no citation given", (string)sources["write.pulseS"]!);
    }

    [Fact]
    public void Values_the_data_cannot_give_are_each_asked_for_and_nothing_is_written()
    {
        string output = Path.Combine(TestPaths.NewTempDir(), "dev.json");
        var r = CliRunner.Run("devices", "import", Path.Combine(Fixtures, "summary.csv"), "--out", output, "--kind", "fefet");

        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        foreach (var option in new[] { "--cell-area-f2", "--write-energy-j", "--write-pulse-s", "--verify-iterations", "--endurance-cycles" })
            Assert.Contains($"at {option} expected", r.Stderr);
        Assert.DoesNotContain("at --kind", r.Stderr);
        Assert.Contains("5 errors; nothing was written.", r.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void An_existing_output_is_kept_without_force_and_warnings_name_the_csv_line()
    {
        string dir = TestPaths.NewTempDir();
        string output = Path.Combine(dir, "dev.json");
        File.WriteAllText(output, "keep");
        var r = CliRunner.Run(["devices", "import", Path.Combine(Fixtures, "example-raw.csv"), "--out", output, .. Given]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Equal("keep", File.ReadAllText(output));
        Assert.Contains("example-raw.csv:3: warning: level 0 has 2 reads (fewer than 30)", r.Stderr);

        Assert.Equal(ExitCodes.Success, CliRunner.Run(["devices", "import", Path.Combine(Fixtures, "example-raw.csv"), "--out", output, "--force", .. Given]).ExitCode);
    }

    [Fact]
    public void An_imported_device_runs_in_a_sweep()
    {
        string dir = TestPaths.NewTempDir();
        string device = Path.Combine(dir, "fefet-measured.json");
        Assert.Equal(ExitCodes.Success, CliRunner.Run(["devices", "import", Path.Combine(Fixtures, "summary.csv"), "--out", device, .. Given]).ExitCode);

        var r = CliRunner.Run("sweep", "--set", $"devices=[\"{device}\"]", "--set", "crossbar=[\"64x64\"]", "--set", "cellBits=[2]",
            "--set", "adcBits=[6]", "--set", "virtualTokens=[8]", "--set", "mc.trials=2", "--set", "mc.queries=8", "--out", Path.Combine(dir, "run"), "--quiet");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("fefet-measured", File.ReadAllText(Path.Combine(dir, "run", "points.csv")));
    }

    /// <summary>
    /// A measured sigma is simulated as measured: a sweep that does not set sigmaScale runs the imported device at sigmaScale 1, and
    /// summary.json and the index page state the sigma simulated, equal to the file's.
    /// </summary>
    [Fact]
    public void An_imported_device_is_simulated_at_its_measured_sigma_by_default()
    {
        string dir = TestPaths.NewTempDir();
        string device = Path.Combine(dir, "fefet-measured.json");
        Assert.Equal(ExitCodes.Success, CliRunner.Run(["devices", "import", Path.Combine(Fixtures, "summary.csv"), "--out", device, .. Given]).ExitCode);
        var measured = JsonNode.Parse(File.ReadAllText(device))!["variation"]!["sigmaPerLevel"]!.AsArray().Select(x => (double)x!).ToArray();
        Assert.Equal(2.8e-8 / (4.17e-6 - 4.2e-8), measured[0], 1e-7);   // the sigmaS of the CSV over Gmax - Gmin, as written (6 digits)

        var sweep = TestSweeps.TinySynthetic();
        sweep.Remove("sigmaScale");
        sweep["devices"] = new JsonArray(device);
        sweep["crossbar"] = new JsonArray("32x32");
        sweep["cellBits"] = new JsonArray(2);
        sweep["adcBits"] = new JsonArray(8);
        sweep["virtualTokens"] = new JsonArray(4);
        sweep["mc"] = new JsonObject { ["trials"] = 2, ["queries"] = 8, ["seed"] = 7 };
        string run = Path.Combine(dir, "run");
        var r = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", run, "--quiet");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);

        var point = JsonNode.Parse(Assert.Single(File.ReadAllLines(Path.Combine(run, "points.jsonl"))))!;
        Assert.Equal(1.0, (double)point["sigmaScale"]!);
        Assert.Contains("/s1/", (string)point["key"]!);
        var effective = Assert.Single(JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!["effectiveSigma"]!.AsArray())!;
        Assert.Equal("fefet-measured", (string)effective["device"]!);
        Assert.Equal(1.0, (double)effective["sigmaScale"]!);
        Assert.Equal(measured, effective["sigma"]!.AsArray().Select(x => (double)x!));
        Assert.Equal(measured, effective["fileSigma"]!.AsArray().Select(x => (double)x!));
        string index = File.ReadAllText(Path.Combine(run, "index.html"));
        Assert.Contains("Device variation", index);
        Assert.Contains(string.Join(" / ", measured.Select(x => x.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))), index);
    }
}
