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
        foreach (var c in new[] { "array", "wlDrivers", "columnMux", "adc", "shiftAdd", "accumulation", "pooling", "buffers", "interconnect", "total", "speed-up", "store update" })
            Assert.Contains(c, r.Stdout);
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
}
