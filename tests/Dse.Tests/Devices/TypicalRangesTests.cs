using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dse.Devices;
using Dse.Tests.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.Devices;

/// <summary>Unit slips in device, periphery and baseline files: typical ranges in the schemas, warnings with the likely slip, --strict.</summary>
public class TypicalRangesTests
{
    /// <summary>rram1 with gMaxS 10 (S for uS) and a sigmaPerLevel of 1.5 (percent for a fraction), as slip.json in a new folder.</summary>
    /// <param name="withSchema">Keep a <c>$schema</c> (absolute path); without it the file is what an import or a hand-made file looks like.</param>
    private static string SlippedRram1(bool withSchema = false)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "rram1.json")))!.AsObject();
        json["name"] = "slip";
        json["gMaxS"] = 10;
        json["variation"]!["sigmaPerLevel"] = new JsonArray(1.5, 0.01, 0.01, 0.01);
        if (withSchema) json["$schema"] = Path.Combine(TestPaths.DeviceModels, "schema", "device.schema.json");
        else json.Remove("$schema");
        return WriteJson(json, Path.Combine(TestPaths.NewTempDir(), "slip.json"));
    }

    private static string WriteJson(JsonObject json, string path)
    {
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>A shipped model file (path under device-models/) with one value changed and no <c>$schema</c>, in a new folder (not periphery/ or baselines/).</summary>
    private static string SchemalessCopy(string shipped, string key, double value)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DeviceModels, shipped)))!.AsObject();
        json.Remove("$schema");
        json[key] = value;
        return WriteJson(json, Path.Combine(TestPaths.NewTempDir(), Path.GetFileName(shipped)));
    }

    [Fact]
    public void EveryNumericKeyOfTheShippedLibraryHasATypicalRangeAndNoShippedValueIsOutsideIt()
    {
        var files = Directory.GetFiles(TestPaths.DeviceModels, "*.json").Concat(Directory.GetFiles(Path.Combine(TestPaths.DeviceModels, "periphery"), "*.json"))
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.DeviceModels, "baselines"), "*.json")).ToArray();
        Assert.True(files.Length >= 12);
        foreach (var file in files) Assert.Empty(TypicalRanges.Check(file));
        foreach (var kind in new[] { "device", "periphery", "baseline" })
        {
            var ranges = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "schema", $"{kind}.schema.json")))!["x-typicalRanges"]!["ranges"]!.AsObject();
            Assert.NotEmpty(ranges);
            Assert.All(ranges, r => Assert.True(r.Value!["min"]!.GetValue<double>() <= r.Value["max"]!.GetValue<double>(), r.Key));
        }
    }

    [Fact]
    public void TheRangesInCodeAreTheSchemaFiles()
    {
        foreach (var kind in Enum.GetValues<ModelFileKind>())
        {
            var file = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "schema", $"{kind.ToString().ToLowerInvariant()}.schema.json")))!["x-typicalRanges"]!["ranges"]!.AsObject();
            var ranges = TypicalRanges.Of(kind);
            Assert.Equal(file.Select(r => r.Key).Order(StringComparer.Ordinal), ranges.Keys.Order(StringComparer.Ordinal));
            Assert.All(file, r => Assert.Equal((r.Value!["min"]!.GetValue<double>(), r.Value["max"]!.GetValue<double>()), ranges[r.Key]));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ASlipIsAWarningWithLineKeyValueRangeAndTheLikelyUnit(bool withSchema)
    {
        var warnings = TypicalRanges.Check(SlippedRram1(withSchema));
        Assert.Equal(2, warnings.Count);
        var g = Assert.Single(warnings, w => w.Path == "$.gMaxS");
        Assert.NotNull(g.Line);
        Assert.Contains("did you mean 10 uS = 1E-05", g.Message);
        var s = Assert.Single(warnings, w => w.Path == "$.variation.sigmaPerLevel[0]");
        Assert.Contains("did you mean 1.5% = 0.015", s.Message);
    }

    [Fact]
    public void ValidateWarnsAndStrictMakesTheWarningsErrors()
    {
        var path = SlippedRram1();
        var lenient = CliRunner.Run("devices", "validate", path);
        Assert.Equal(0, lenient.ExitCode);
        Assert.Contains("warning:", lenient.Stderr);
        Assert.Contains("did you mean 10 uS", lenient.Stderr);
        var strict = CliRunner.Run("devices", "validate", path, "--strict");
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("2 errors", strict.Stderr);
        // A file that --strict refuses is never reported "ok".
        Assert.DoesNotContain("ok ", strict.Stdout);
        Assert.Contains("slip.json:", strict.Stderr);
        Assert.Contains("at $.gMaxS", strict.Stderr);
    }

    [Theory]
    [InlineData("periphery/22nm.json", "featureSizeM", 22, "did you mean 22 nm = 2.2E-08")]
    [InlineData("baselines/jetson-orin-cpu.json", "dramEnergyJPerBit", 4, "dramEnergyJPerBit = 4 is outside its typical range 1.333E-13 to 1.2E-10")]
    public void PeripheryAndBaselineFilesWithoutSchemaOutsideTheirFoldersAreCheckedByWhatTheyHold(string shipped, string key, double value, string finding)
    {
        var path = SchemalessCopy(shipped, key, value);
        var lenient = CliRunner.Run("devices", "validate", path);
        Assert.True(lenient.ExitCode == 0 && lenient.Stderr.Contains(finding, StringComparison.Ordinal), lenient.Stderr);
        var strict = CliRunner.Run("devices", "validate", path, "--strict");
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains($"at $.{key}", strict.Stderr);
        Assert.Contains(finding, strict.Stderr);
        Assert.DoesNotContain("ok ", strict.Stdout);
    }

    [Fact]
    public void AnImportedDeviceFileWithASlipIsCaught()
    {
        // The import checks the measured conductances itself; a value given as an option is written as given: 2 J for 2 pJ.
        string device = Path.Combine(TestPaths.NewTempDir(), "imported.json");
        var import = CliRunner.Run("devices", "import", Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "import", "summary.csv"),
            "--out", device, "--kind", "fefet", "--cell-area-f2", "48", "--write-energy-j", "2", "--write-pulse-s", "5e-8", "--verify-iterations", "10",
            "--endurance-cycles", "1e6");
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Null(JsonNode.Parse(File.ReadAllText(device))!["$schema"]);
        var strict = CliRunner.Run("devices", "validate", device, "--strict");
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("imported.json:", strict.Stderr);
        Assert.Contains("at $.write.energyPerCellJ", strict.Stderr);
        Assert.Contains("did you mean 2 pJ = 2E-12", strict.Stderr);
    }

    [Fact]
    public void ASweepRecordsTheWarningsAndStrictRefusesToRun()
    {
        // A 10 S cell is no cell the wires could read (next test): this one is about the warnings, so the wires are ideal.
        var path = SlippedSweep(wireResistanceScale: 0);
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var run = CliRunner.Run("sweep", path, "--out", outDir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(Regex.IsMatch(run.Stderr, @"warning: .*slip\.json:\d+: at \$\.gMaxS: gMaxS = 10 is outside its typical range .*did you mean 10 uS"), run.Stderr);
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!["warnings"]!.AsArray().Count);
        var strictOut = Path.Combine(TestPaths.NewTempDir(), "strict");
        var strict = CliRunner.Run("sweep", path, "--out", strictOut, "--strict");
        Assert.Equal(2, strict.ExitCode);
        Assert.True(Regex.IsMatch(strict.Stderr, @"slip\.json:\d+: at \$\.gMaxS .*did you mean 10 uS"), strict.Stderr);
        Assert.False(Directory.Exists(strictOut));
        // Under --strict the slips refuse the sweep before the wires are tried.
        var strictWires = CliRunner.Run("sweep", SlippedSweep(wireResistanceScale: null), "--out", strictOut, "--strict");
        Assert.Equal(2, strictWires.ExitCode);
        Assert.Contains("(--strict)", strictWires.Stderr);
        Assert.DoesNotContain("IR-drop", strictWires.Stderr);
    }

    [Fact]
    public void A_slipped_conductance_the_wires_cannot_carry_is_refused_before_the_run_naming_the_device_file()
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var run = CliRunner.Run("sweep", SlippedSweep(wireResistanceScale: null), "--out", outDir);
        Assert.True(run.ExitCode == 2, run.Stderr);
        // The unit-slip warnings come first, then the refusal names the device file, line and key and the likely slip.
        int warning = run.Stderr.IndexOf("warning: ", StringComparison.Ordinal), refusal = run.Stderr.IndexOf("IR-drop", StringComparison.Ordinal);
        Assert.True(warning >= 0 && refusal > warning, run.Stderr);
        Assert.True(Regex.IsMatch(run.Stderr, @"slip\.json:\d+: at \$\.gMaxS expected .*IR-drop.*did you mean 10 uS = 1E-05"), run.Stderr);
        Assert.DoesNotContain("wireResistanceScale\": [0]", run.Stderr);
        Assert.False(Directory.Exists(outDir));
    }

    /// <summary>A one-device sweep on the slipped rram1 (gMaxS 10 S), 32x32, 2 bits/cell; its path.</summary>
    private static string SlippedSweep(double? wireResistanceScale)
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray(SlippedRram1());
        sweep["cellBits"] = new JsonArray(2);
        sweep["crossbar"] = new JsonArray("32x32");
        sweep["mc"]!["trials"] = 2;
        if (wireResistanceScale is double scale) sweep["wireResistanceScale"] = new JsonArray(scale);
        return TestSweeps.Write(sweep);
    }
}
