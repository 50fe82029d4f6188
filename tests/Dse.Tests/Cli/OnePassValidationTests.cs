using System.Diagnostics;
using System.Text.Json.Nodes;
using Dse.Cli.Settings;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary>Everything is validated first and every error reported once: options, sweep, model files; tool settings; the device library from any directory.</summary>
public class OnePassValidationTests
{
    [Fact]
    public void ABadSweepWithACliASpecAndADeviceErrorReportsAllThreeAndNothingElse()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["adcBits"] = new JsonArray(0);
        sweep["devices"] = new JsonArray("rram1", "rram9");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "out");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--threads", "0", "--out", outDir);
        Assert.Equal(2, result.ExitCode);
        var errors = result.Stderr.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e.Contains("--threads"));
        Assert.Contains(errors, e => e.Contains("$.adcBits[0]"));
        Assert.Contains(errors, e => e.Contains("$.devices[1]") && e.Contains("rram9") && e.Contains("did you mean 'rram1'"));
        Assert.Contains("3 errors; nothing was written.", result.Stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void ABadSetAndABadThreadCountAreBothReported()
    {
        var result = CliRunner.Run("sweep", TestSweeps.Write(TestSweeps.TinySynthetic()), "--threads", "0", "--set", "x", "--out", Path.Combine(TestPaths.NewTempDir(), "o"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--threads", result.Stderr);
        Assert.Contains("--set", result.Stderr);
    }

    [Fact]
    public void AMisspeltDeviceKeyGivesNoFollowOnErrorAboutItsSource()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "rram1.json")).Replace("\"gMaxS\": 1e-05", "\"gMaxs\": 1e-05");
        Assert.Contains("gMaxs", text);
        var path = Path.Combine(TestPaths.NewTempDir(), "rram1.json");
        File.WriteAllText(path, text);
        var result = CliRunner.Run("devices", "validate", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean 'gMaxS'", result.Stderr);
        Assert.DoesNotContain("$.sources", result.Stderr);
        Assert.DoesNotContain("did you mean 'gMaxs'", result.Stderr);
    }

    [Fact]
    public void SettingsLayerFilesAndEnvironmentAndRejectUnknownKeys()
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, DseSettings.FileName), "{ \"Threads\": 3, \"OutputRoot\": \"runs\" }");
        var settings = DseSettings.Load(dir, new Dictionary<string, string?> { ["DSE_THREADS"] = "5" });
        Assert.Equal(5, settings.Threads);
        Assert.Equal("runs", settings.OutputRoot);
        File.WriteAllText(Path.Combine(dir, DseSettings.FileName), "{ \"Thread\": 3 }");
        var ex = Assert.Throws<Dse.Diagnostics.InputException>(() => DseSettings.Load(dir, new Dictionary<string, string?>()));
        Assert.Contains(DseSettings.FileName, ex.Errors[0].File);
        var bad = Assert.Throws<Dse.Diagnostics.InputException>(() => DseSettings.Load(TestPaths.NewTempDir(), new Dictionary<string, string?> { ["DSE_GEMM"] = "fast", ["DSE_THREADS"] = "0" }));
        Assert.Equal(2, bad.Errors.Count);
    }

    [Fact]
    public void AUserDeviceFolderFromTheSettingsShadowsTheShippedDevice()
    {
        var mine = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(mine, "rram1.json"), File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "rram1.json")).Replace("\"cellAreaF2\": 48", "\"cellAreaF2\": 50"));
        var settings = DseSettings.Load(TestPaths.NewTempDir(), new Dictionary<string, string?> { ["DSE_DEVICEMODELPATHS__0"] = mine });
        Assert.Equal(50, settings.Library().Device("rram1", null).CellAreaF2);
        Assert.Equal(48, settings.Library().Device("rram4", null).CellAreaF2);
    }

    [Fact]
    public void DevicesListWorksFromADirectoryOutsideTheRepository()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestPaths.NewTempDir() };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "dse.dll"), "devices", "list" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
        Assert.Contains("rram1", stdout);
        Assert.Contains("fefet6", stdout);
    }
}
