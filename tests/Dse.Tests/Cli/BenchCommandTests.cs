using Dse.Crossbar;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

public class BenchCommandTests
{
    [Fact]
    public void MeasuresTheManagedAndFixedPointKernelsAndBlasOnlyWhenLoaded()
    {
        var timings = GemmTimer.Measure([(8, 16, 64)], Gemm.AcceleratedPaths, 0.001);
        var t = Assert.Single(timings);
        Assert.Equal((8, 16, 64), (t.M, t.K, t.N));
        Assert.Equal(Gemm.AcceleratedPaths, t.PathGflops.Select(p => p.Path));
        Assert.All(t.PathGflops, p => Assert.True(p.Gflops > 0));
        Assert.Equal(BlasGemm.IsAvailable, t.BlasGflops is not null);
        Assert.Equal(FixedPointGemm.AcceleratedPaths.Where(p => p != KernelPath.Scalar), t.FixedPointGops.Select(p => p.Path));
        Assert.All(t.FixedPointGops, p => Assert.True(p.Gops > 0));
    }

    [Fact]
    public void MissingSweepIsBadInput()
    {
        var result = CliRunner.Run("bench", Path.Combine(TestPaths.NewTempDir(), "none.json"));
        Assert.Equal(2, result.ExitCode);
    }
}
