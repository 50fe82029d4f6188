using System.Text.Json.Nodes;
using Dse.Tests.Shared;
using Dse.Tests.Workloads;

namespace Dse.Tests.Cli;

/// <summary>
/// Every bad input of a sweep exits 2 with a message naming the file and the JSON path or tensor (and line
/// where it has one), and writes nothing.
/// </summary>
public class BadInputTests
{
    private static string BadSweep(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "sweeps", name);
    private static string BadDevice(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "devices", name);

    private static CliRunner.Result SweepFails(string spec, params string[] mustMention)
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run(["sweep", spec, "--out", outDir, "--quiet"]);
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.False(Directory.Exists(outDir), "a failed run must not create its output folder");
        foreach (var text in mustMention) Assert.Contains(text, result.Stderr);
        Assert.Contains("nothing was written", result.Stderr);
        return result;
    }

    private static string PeftSweep(params string[] adapters)
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep.Remove("virtualTokens");
        sweep["mc"]!.AsObject().Remove("queries");
        sweep["workload"] = new JsonObject { ["kind"] = "peft", ["adapters"] = new JsonArray(adapters.Select(a => (JsonNode)a).ToArray()), ["queryTokens"] = 2 };
        return TestSweeps.Write(sweep);
    }

    [Fact]
    public void MalformedJson() => SweepFails(BadSweep("malformed.json"), "malformed.json:4");

    [Fact]
    public void UnknownKey() => SweepFails(BadSweep("unknown-key.json"), "unknown-key.json:9", "$.mc.trails", "trials");

    [Fact]
    public void MissingKey() => SweepFails(BadSweep("missing-key.json"), "missing-key.json", "$.adcBits");

    [Fact]
    public void GminNotBelowGmax()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray(BadDevice("gmin-above-gmax.json"));
        SweepFails(TestSweeps.Write(sweep), "gmin-above-gmax.json:", "$.gMinS");
    }

    [Fact]
    public void UnknownDeviceNameIsReportedAtTheSweepKey()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray("rram1", "rram9");
        SweepFails(TestSweeps.Write(sweep), "sweep.json:", "$.devices[1]", "did you mean 'rram1'");
    }

    [Fact]
    public void MalformedWriteVerifyPolicy()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["writeVerify"] = new JsonArray(new JsonObject { ["iterations"] = 2, ["slices"] = "msb:0" });
        var spec = TestSweeps.Write(sweep);
        int line = File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains("msb:0")) + 1;
        SweepFails(spec, $"sweep.json:{line}", "$.writeVerify[0].slices", "msb:N");
    }

    [Fact]
    public void CellBitsAboveEveryDevicesMaximum()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["cellBits"] = new JsonArray(2, 3);
        SweepFails(TestSweeps.Write(sweep), "sweep.json:", "$.cellBits[1]", "rram1 2");
    }

    [Fact]
    public void NaNInASafetensorsFile()
    {
        var dir = TestPaths.NewTempDir();
        var good = Path.Combine(dir, "good.safetensors");
        var bad = Path.Combine(dir, "bad.safetensors");
        SafetensorsWriter.Write(good, "prompt_embeddings", "F32", [2, 3], [1, 2, 3, 4, 5, 6]);
        SafetensorsWriter.Write(bad, "prompt_embeddings", "F32", [2, 3], [1, 2, 3, 4, float.NaN, 6]);
        SweepFails(PeftSweep(good, bad), "bad.safetensors", "prompt_embeddings", "NaN");
    }

    [Fact]
    public void MismatchedDimAcrossAdapters()
    {
        var dir = TestPaths.NewTempDir();
        var a = Path.Combine(dir, "a.safetensors");
        var b = Path.Combine(dir, "b.safetensors");
        SafetensorsWriter.Write(a, "prompt_embeddings", "F32", [2, 3], [1, 2, 3, 4, 5, 6]);
        SafetensorsWriter.Write(b, "prompt_embeddings", "F32", [3, 2], [1, 2, 3, 4, 5, 6]);
        SweepFails(PeftSweep(a, b), "a.safetensors", "b.safetensors");
    }

    [Fact]
    public void TruncatedSafetensors()
    {
        var dir = TestPaths.NewTempDir();
        var good = Path.Combine(dir, "good.safetensors");
        var cut = Path.Combine(dir, "cut.safetensors");
        SafetensorsWriter.Write(good, "prompt_embeddings", "F32", [2, 3], [1, 2, 3, 4, 5, 6]);
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(cut, bytes[..^8]);
        SweepFails(PeftSweep(good, cut), "cut.safetensors", "prompt_embeddings");
    }

    [Fact]
    public void SweepFileIsADirectory() => SweepFails(TestPaths.NewTempDir(), "a directory");

    [Theory]
    [InlineData("--threads", "0")]
    [InlineData("--seed", "-1")]
    [InlineData("--set", "novalue")]
    public void BadArguments(string option, string value)
    {
        var result = CliRunner.Run("sweep", TestSweeps.Write(TestSweeps.TinySynthetic()), option, value, "--out", Path.Combine(TestPaths.NewTempDir(), "x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr);
    }

    [Fact]
    public void UnparsableArgumentIsBadInput()
    {
        var result = CliRunner.Run("sweep", "x.json", "--threads", "many");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("many", result.Stderr);
    }
}
