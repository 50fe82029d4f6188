using System.Text.Json.Nodes;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary><c>dse cost</c>: the breakdown table, the JSON form, and bad arguments (exit 2).</summary>
public class CostCommandTests
{
    [Fact]
    public void PrintsBreakdownAndBaseline()
    {
        var r = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits", "6");
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var c in new[] { "array", "wlDrivers", "columnMux", "adc", "shiftAddSlices", "shiftAddInputs", "accumulation", "pooling", "buffers", "interconnect", "total", "speed-up", "store update", "models:", "SarADC.cpp" })
            Assert.Contains(c, r.Stdout);
    }

    [Fact]
    public void ExpressesTheNeuroSimRunA()
    {
        // NeuroSim run a: 128 x 128 layer of 8-bit weights, offset mapping, 1-bit cells, 5-bit SAR, 8-bit inputs of density 0.5, synchronous clock.
        var r = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "1", "--adc-bits", "5", "--signed-mapping", "offset",
            "--clock", "neurosim", "--input-density", "0.5", "--mean-level", "0.5", "--stored-vectors", "128", "--dim", "128", "--query-tokens", "1", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var o = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.Equal("offset", (string?)o["signedMapping"]);
        Assert.Equal("neurosim", (string?)o["clock"]);
        Assert.Equal(0.5, (double)o["inputActiveFraction"]!);
        Assert.Equal(128, (int)o["storedVectors"]!);
        // 128 x 8 slices + 8 reference columns = 1032 columns on 9 crossbars
        Assert.Equal(9, (int)o["crossbars"]!);
        // one subarray, 8 input bits: 64 steps x 1.4 x (0.0884 + 6) ns = 545.5 ns, as NeuroSim's
        double subarray = o["components"]!.AsArray().Where(c => (string?)c!["name"] is "wlDrivers" or "columnMux" or "adc").Sum(c => (double)c!["latencyS"]!);
        Assert.InRange(subarray * 1e9, 545.5 * 0.999, 545.5 * 1.001);
        Assert.All(o["components"]!.AsArray(), c => Assert.False(string.IsNullOrWhiteSpace((string?)c!["source"])));
    }

    [Fact]
    public void TakesTheStatisticsFromASweepsWorkload()
    {
        string spec = Path.Combine(TestPaths.RepoRoot, "sweeps", "default.json");
        var r = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits", "6", "--workload", spec, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var o = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.Contains("default.json", (string?)o["workload"]);
        Assert.InRange((double)o["inputActiveFraction"]!, 0.01, 0.99);
        Assert.Equal(256, (int)o["dim"]!);
        var overridden = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits", "6", "--workload", spec,
            "--input-density", "0.25", "--mean-level", "0.75", "--json");
        var p = JsonNode.Parse(overridden.Stdout)!.AsObject();
        Assert.Equal((0.25, 0.75), ((double)p["inputActiveFraction"]!, (double)p["meanCellLevelFraction"]!));
    }

    [Fact]
    public void ComparesWithAFurtherBaseline()
    {
        string dir = Directory.CreateTempSubdirectory("dse-cost-baseline-").FullName;
        try
        {
            string file = Path.Combine(dir, "host.json");
            var m = CliRunner.Run("baseline", "measure", "--out", file, "--stored-vectors", "4", "--dim", "8", "--query-tokens", "2", "--threads", "2",
                "--repetitions", "5", "--memory-mb", "1");
            Assert.True(m.ExitCode == 0, m.Stderr);
            var r = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits", "6", "--baseline", file, "--json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            var baselines = JsonNode.Parse(r.Stdout)!["baselines"]!.AsArray();
            Assert.Equal(["jetson-orin-cpu", "host"], baselines.Select(b => (string?)b!["baseline"]));
            Assert.Null(baselines[0]!["measured"]);
            Assert.Contains("2 threads", (string?)baselines[1]!["measured"]);
            Assert.All(baselines, b => Assert.True((double)b!["speedup"]! > 0));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void JsonComponentsSumToTotal()
    {
        var r = CliRunner.Run("cost", "fefet6", "--crossbar", "64x64", "--cell-bits", "2", "--adc-bits", "6", "--cols-per-adc", "4", "--adc-model", "survey", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var o = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.Equal("survey", (string?)o["adcModel"]);
        Assert.Equal(4, (int)o["colsPerAdc"]!);
        double sum = o["components"]!.AsArray().Sum(c => (double)c!["energyJ"]!);
        Assert.Equal((double)o["energyJ"]!, sum, 1e-15);
        Assert.True((double)o["speedup"]! > 0 && (double)o["energyRatio"]! > 0);
    }

    [Theory]
    [InlineData("--crossbar", "128by128", "--crossbar")]
    [InlineData("--cell-bits", "3", "--cell-bits")]
    [InlineData("--adc-model", "sar", "--adc-model")]
    [InlineData("--cols-per-adc", "256", "--cols-per-adc")]
    [InlineData("--signed-mapping", "twos", "--signed-mapping")]
    [InlineData("--clock", "sync", "--clock")]
    [InlineData("--input-density", "1.5", "--input-density")]
    [InlineData("--mean-level", "-0.1", "--mean-level")]
    [InlineData("--stored-vectors", "0", "--stored-vectors")]
    [InlineData("--rows-per-read", "129", "--rows-per-read")]
    [InlineData("--rows-per-read", "0", "--rows-per-read")]
    [InlineData("--rows-per-read", "half", "--rows-per-read")]
    [InlineData("--adc-gain", "trimmed", "--adc-gain")]
    public void BadArgument_Exit2(string option, string value, string mentioned)
    {
        var args = new List<string> { "cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits", "6" };
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value; else args.AddRange([option, value]);
        var r = CliRunner.Run([.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(mentioned, r.Stderr);
    }

    [Fact]
    public void BadDeviceWriteBlock_Exit2WithFilePathAndLine()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "devices", "bad-write.json");
        var r = CliRunner.Run("cost", path, "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits", "6");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad-write.json:33", r.Stderr);
        Assert.Contains("$.write.pulseS", r.Stderr);
    }

    [Fact]
    public void AdcBitsPerSlice_PrintsTheSlicesAndEqualSlicesMatchTheHomogeneousDesign()
    {
        string[] common = ["cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--json"];
        var mixed = CliRunner.Run([.. common, "--adc-bits-per-slice", "8,6,5,4"]);
        Assert.True(mixed.ExitCode == 0, mixed.Stderr);
        var o = JsonNode.Parse(mixed.Stdout)!.AsObject();
        Assert.Equal("8-6-5-4", (string?)o["adcBitsPerSlice"]);
        Assert.Equal(8, (int)o["adcBits"]!);
        Assert.Equal([8, 6, 5, 4], o["adcPerSlice"]!.AsArray().Select(x => (int)x!["adcBits"]!));
        Assert.True((double)o["energyJ"]! < (double)o["homogeneousAtWidest"]!["energyJ"]!);
        Assert.True((double)o["areaMm2"]! < (double)o["homogeneousAtWidest"]!["areaMm2"]!);

        var equal = JsonNode.Parse(CliRunner.Run([.. common, "--adc-bits-per-slice", "6-6-6-6"]).Stdout)!.AsObject();
        var homogeneous = JsonNode.Parse(CliRunner.Run([.. common, "--adc-bits", "6"]).Stdout)!.AsObject();
        Assert.Equal((double)homogeneous["energyJ"]!, (double)equal["energyJ"]!);
        Assert.Equal((double)homogeneous["areaMm2"]!, (double)equal["areaMm2"]!);
        Assert.Equal((double)homogeneous["latencyS"]!, (double)equal["latencyS"]!);

        var table = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits-per-slice", "8,6,5,4");
        Assert.Contains("ADC per bit slice", table.Stdout);
        Assert.Contains("vs homogeneous 8-bit", table.Stdout);
    }

    [Theory]
    [InlineData("8,6,5", "4 resolutions")]
    [InlineData("8,6,x,4", "most significant slice first")]
    [InlineData("8,6,5,0", "most significant slice first")]
    public void AdcBitsPerSlice_BadValuesNameTheOption(string value, string expected)
    {
        var r = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits-per-slice", value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--adc-bits-per-slice", r.Stderr);
        Assert.Contains(expected, r.Stderr);
    }

    [Fact]
    public void AdcBitsPerSlice_BelowTheAdcModelsFittedRange_NamesTheRange()
    {
        var r = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-model", "survey", "--adc-bits-per-slice", "8,6,5,3");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--adc-bits-per-slice", r.Stderr);
        Assert.Contains("4..16 (the survey ADC model's fitted range)", r.Stderr);
        Assert.Contains("8-6-5-3", r.Stderr);
    }

    [Fact]
    public void AdcBitsPerSlice_AdcBitsMustBeTheWidestOrOmitted()
    {
        var r = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits", "6", "--adc-bits-per-slice", "8,6,5,4");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the maximum of --adc-bits-per-slice (8)", r.Stderr);
        var neither = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2");
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--adc-bits", neither.Stderr);
    }

    [Fact]
    public void RowsPerRead_DefaultsToThePeripherys_AndAllOrNMultiplyTheConversions()
    {
        static JsonObject Cost(params string[] extra)
        {
            var r = CliRunner.Run(["cost", "rram1", "--crossbar", "256x128", "--cell-bits", "2", "--adc-bits", "6", "--json", .. extra]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            return JsonNode.Parse(r.Stdout)!.AsObject();
        }
        static double Adc(JsonObject o, string field) => (double)o["components"]!.AsArray().Single(c => (string?)c!["name"] == "adc")![field]!;
        // The shipped periphery reads every row at once (NeuroSim's default): a 256-row crossbar in 1 group.
        var byDefault = Cost();
        Assert.Equal((256, 1), ((int)byDefault["rowsPerRead"]!, (int)byDefault["rowGroups"]!));
        var half = Cost("--rows-per-read", "128");
        Assert.Equal((128, 2), ((int)half["rowsPerRead"]!, (int)half["rowGroups"]!));
        Assert.Contains(half["components"]!.AsArray(), c => (string?)c!["name"] == "rowGroupSums");
        var all = Cost("--rows-per-read", "all");
        Assert.Equal((256, 1), ((int)all["rowsPerRead"]!, (int)all["rowGroups"]!));
        Assert.DoesNotContain(all["components"]!.AsArray(), c => (string?)c!["name"] == "rowGroupSums");
        var four = Cost("--rows-per-read", "64");
        Assert.Equal(4, (int)four["rowGroups"]!);
        Assert.Equal(4 * Adc(all, "latencyS"), Adc(four, "latencyS"), 1e-15);
        // Load-sized switches: the sense switch carries the rows driven, so fewer rows per read need a narrower one.
        Assert.True((double)all["senseWidthRatio"]! > (double)four["senseWidthRatio"]!);
        Assert.True((double)four["senseWidthRatio"]! >= 1);
    }

    [Fact]
    public void AdcGainCalibrated_AddsTheTrimComponent()
    {
        var none = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits", "6", "--json");
        var calibrated = CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "2", "--adc-bits", "6", "--adc-gain", "calibrated", "--json");
        Assert.True(calibrated.ExitCode == 0, calibrated.Stderr);
        var (n, c) = (JsonNode.Parse(none.Stdout)!.AsObject(), JsonNode.Parse(calibrated.Stdout)!.AsObject());
        Assert.Equal(("none", "calibrated"), ((string?)n["adcGain"], (string?)c["adcGain"]));
        Assert.DoesNotContain(n["components"]!.AsArray(), x => (string?)x!["name"] == "gainTrim");
        var trim = c["components"]!.AsArray().Single(x => (string?)x!["name"] == "gainTrim")!;
        Assert.True((double)trim["energyJ"]! > 0);
        Assert.Equal((double)n["energyJ"]! + (double)trim["energyJ"]!, (double)c["energyJ"]!, (double)c["energyJ"]! * 1e-12);
    }
}
