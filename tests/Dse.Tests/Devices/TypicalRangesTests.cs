using System.Text.Json.Nodes;
using Dse.Devices;
using Dse.Tests.Cli;
using Dse.Tests.Shared;

namespace Dse.Tests.Devices;

/// <summary>Unit slips in device, periphery and baseline files: typical ranges in the schemas, warnings with the likely slip, --strict.</summary>
public class TypicalRangesTests
{
    private static string SlippedRram1()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "rram1.json")))!.AsObject();
        json["name"] = "slip";
        json["gMaxS"] = 10;
        json["variation"]!["sigmaPerLevel"] = new JsonArray(1.5, 0.01, 0.01, 0.01);
        json["$schema"] = Path.Combine(TestPaths.DeviceModels, "schema", "device.schema.json");
        var path = Path.Combine(TestPaths.NewTempDir(), "slip.json");
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    [Fact]
    public void EveryNumericKeyOfTheShippedLibraryHasATypicalRangeAndNoShippedValueIsOutsideIt()
    {
        var files = Directory.GetFiles(TestPaths.DeviceModels, "*.json").Concat(Directory.GetFiles(Path.Combine(TestPaths.DeviceModels, "periphery"), "*.json"))
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.DeviceModels, "baselines"), "*.json")).ToArray();
        Assert.True(files.Length >= 12);
        foreach (var file in files) Assert.Empty(TypicalRanges.Check(file, []));
        foreach (var kind in new[] { "device", "periphery", "baseline" })
        {
            var ranges = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "schema", $"{kind}.schema.json")))!["x-typicalRanges"]!["ranges"]!.AsObject();
            Assert.NotEmpty(ranges);
            Assert.All(ranges, r => Assert.True(r.Value!["min"]!.GetValue<double>() <= r.Value["max"]!.GetValue<double>(), r.Key));
        }
    }

    [Fact]
    public void ASlipIsAWarningWithLineKeyValueRangeAndTheLikelyUnit()
    {
        var warnings = TypicalRanges.Check(SlippedRram1(), []);
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
    }

    [Fact]
    public void ASweepRecordsTheWarningsAndStrictRefusesToRun()
    {
        // A 10 S cell is no cell the wires could read (next test): this one is about the warnings, so the wires are ideal.
        var path = SlippedSweep(wireResistanceScale: 0);
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var run = CliRunner.Run("sweep", path, "--out", outDir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("did you mean 10 uS", run.Stderr);
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!["warnings"]!.AsArray().Count);
        var strictOut = Path.Combine(TestPaths.NewTempDir(), "strict");
        var strict = CliRunner.Run("sweep", path, "--out", strictOut, "--strict");
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("slip.json", strict.Stderr);
        Assert.False(Directory.Exists(strictOut));
    }

    [Fact]
    public void A_slipped_conductance_the_wires_cannot_carry_is_refused_before_the_run_naming_the_device_file()
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var run = CliRunner.Run("sweep", SlippedSweep(wireResistanceScale: null), "--out", outDir);
        Assert.True(run.ExitCode == 2, run.Stderr);
        Assert.Contains("slip.json", run.Stderr);
        Assert.Contains("$.gMaxS", run.Stderr);
        Assert.Contains("\"wireResistanceScale\": [0]", run.Stderr);
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
