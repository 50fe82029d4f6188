using Dse.Devices;

namespace Dse.Tests.Cli;

/// <summary><c>dse baseline measure</c>: a tiny shape is timed and written as a measured baseline the loader accepts; bad options exit 2.</summary>
public class BaselineCommandTests
{
    [Fact]
    public void MeasureWritesALoadableMeasuredBaseline()
    {
        string dir = Directory.CreateTempSubdirectory("dse-baseline-").FullName;
        try
        {
            string file = Path.Combine(dir, "tiny-host.json");
            var r = CliRunner.Run("baseline", "measure", "--out", file, "--stored-vectors", "8", "--dim", "16", "--query-tokens", "2", "--threads", "2",
                "--repetitions", "7", "--memory-mb", "2");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("wrote", r.Stdout);
            var b = BaselineLoader.Load(file);
            Assert.Equal("tiny-host", b.Name);
            Assert.NotNull(b.Measured);
            Assert.Equal(Dse.Costs.CpuBaselineMeter.HostCpuName(), b.Measured!.Host);
            Assert.Equal(2, b.Measured.Threads);
            Assert.Equal(2, b.Threads);
            Assert.True(DateTime.UtcNow - DateTime.Parse(b.Measured.Date, null, System.Globalization.DateTimeStyles.RoundtripKind).ToUniversalTime() < TimeSpan.FromHours(1));
            Assert.All(new[] { b.SingleThreadFlopsPerS, b.MultiThreadFlopsPerS, b.ThreadForkJoinS, b.PerSearchOverheadS, b.DramFirstAccessLatencyS, b.DramBandwidthBytesPerS },
                x => Assert.True(double.IsFinite(x) && x > 0));
            // the energy coefficients cannot be measured here: they are the default baseline's
            var orin = BaselineLoader.Resolve(BaselineLoader.DefaultName, Path.Combine(Shared.TestPaths.DeviceModels, "baselines"), null);
            Assert.Equal(orin.CpuEnergyJPerFlop, b.CpuEnergyJPerFlop);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("--repetitions", "1")]
    [InlineData("--threads", "0")]
    [InlineData("--dim", "0")]
    public void BadOption_Exit2(string option, string value)
    {
        var r = CliRunner.Run("baseline", "measure", "--stored-vectors", "4", "--dim", "8", "--repetitions", "3", "--memory-mb", "1", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Stderr);
    }
}
