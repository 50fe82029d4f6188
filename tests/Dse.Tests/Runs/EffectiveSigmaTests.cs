using System.Globalization;
using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Runs;
using Dse.Tests.Shared;

namespace Dse.Tests.Runs;

/// <summary>summary.json's <c>effectiveSigma</c>: each device's file sigma times each sigmaScale of the sweep.</summary>
public class EffectiveSigmaTests
{
    [Fact]
    public void The_summary_states_each_devices_file_sigma_times_each_sigma_scale()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray("fefet6", "fefet-gf22");
        sweep["sigmaScale"] = new JsonArray(0, 0.5);
        var sigmas = RunSummaries.EffectiveSigmas(TestSweeps.Prepare(SweepSpecLoader.Load(TestSweeps.Write(sweep))));

        Assert.Equal(["fefet6 0", "fefet6 0.5", "fefet-gf22 0", "fefet-gf22 0.5"],
            sigmas.Select(e => $"{e.Device} {e.SigmaScale.ToString(CultureInfo.InvariantCulture)}"));
        var fefet6 = sigmas[1];
        Assert.Equal("perLevel", fefet6.Model);
        Assert.Equal("per native level, relative to Gmax - Gmin", fefet6.Unit);
        Assert.Equal([0.026, 0.155, 0.155, 0.026], fefet6.FileSigma);
        double[] expected = [0.013, 0.0775, 0.0775, 0.013];
        for (int k = 0; k < 4; k++) Assert.Equal(expected[k], fefet6.Sigma[k], 1e-15);
        Assert.All(sigmas[0].Sigma, s => Assert.Equal(0, s));

        var gf22 = sigmas[3];
        Assert.Equal("proportional", gf22.Model);
        Assert.Equal("relative to G", gf22.Unit);
        Assert.Equal([0.1], gf22.FileSigma);
        Assert.Equal(0.05, Assert.Single(gf22.Sigma), 1e-15);
    }
}
