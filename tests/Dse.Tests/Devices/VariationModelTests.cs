using Dse.Crossbar;
using Dse.Devices;
using Dse.Randomness;
using Dse.Tests.Shared;

namespace Dse.Tests.Devices;

/// <summary>
/// Statistical checks of every variation term over many cells: empirical mean and standard deviation of the
/// programmed conductance against the model, within sampling error (tolerances of 5 standard errors).
/// </summary>
public class VariationModelTests
{
    private const int Cells = 200_000;

    private static DeviceModel Shipped(string name) => DeviceLoader.Resolve(name, TestPaths.DeviceModels, null);

    private static float[] Normals(ulong seed, int n = Cells)
    {
        var z = new float[n];
        new Rng(seed).FillGaussian(z, 0, 1);
        return z;
    }

    /// <summary>Programs <see cref="Cells"/> cells at one logical level; returns conductances in siemens.</summary>
    private static double[] ProgramLevel(DeviceModel device, int cellBits, double sigmaScale, int level, ulong seed)
    {
        var levels = Enumerable.Repeat((byte)level, Cells).ToArray();
        var w = new float[Cells];
        CellProgramming.Program(levels, CellProgramming.NoiseStdLevels(device, cellBits, sigmaScale),
            (float)CellProgramming.GMinLevels(device, cellBits), Normals(seed), w);
        double dG = CellProgramming.LevelStepS(device, cellBits);
        return w.Select(x => x * dG).ToArray();
    }

    private static (double Mean, double Std) MeanStd(IReadOnlyList<double> xs)
    {
        double mean = xs.Average();
        return (mean, Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Count - 1)));
    }

    /// <summary>Mean within 5 standard errors of <paramref name="mean"/>, std within 5 standard errors of <paramref name="std"/>.</summary>
    private static void AssertMoments(IReadOnlyList<double> xs, double mean, double std)
    {
        var (m, s) = MeanStd(xs);
        double n = xs.Count;
        Assert.InRange(m, mean - 5 * std / Math.Sqrt(n), mean + 5 * std / Math.Sqrt(n));
        Assert.InRange(s, std * (1 - 5 / Math.Sqrt(2 * n)), std * (1 + 5 / Math.Sqrt(2 * n)));
    }

    [Theory]
    [InlineData(1, 0.155)]
    [InlineData(2, 0.155)]
    public void PerLevel_sigma_is_relative_to_the_conductance_range(int level, double sigma)
    {
        var d = Shipped("fefet6");
        double dG = CellProgramming.LevelStepS(d, 2);
        AssertMoments(ProgramLevel(d, 2, 0.3, level, 11), d.GMinS + level * dG, 0.3 * sigma * (d.GMaxS - d.GMinS));   // 0.14 level steps: no clipping
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(24)]
    public void Proportional_sigma_is_relative_to_the_target_conductance(int level)
    {
        var d = Shipped("fefet-gf22");
        double g = d.GMinS + level * CellProgramming.LevelStepS(d, 5);
        AssertMoments(ProgramLevel(d, 5, 0.5, level, 12), g, 0.5 * 0.1 * g);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(12)]
    public void Polynomial_sigma_follows_aihwkit_PCM_fit(int level)
    {
        var d = Shipped("pcm-ibm");
        double g = level * CellProgramming.LevelStepS(d, 4), gn = g / 25e-6;
        double sigmaUS = 0.26348 + 1.9650 * gn - 1.1731 * gn * gn;
        AssertMoments(ProgramLevel(d, 4, 1, level, 13), g, sigmaUS * 1e-6);
    }

    [Fact]
    public void Stuck_at_rates_match_and_stuck_cells_sit_at_the_bounds()
    {
        var d = TestProblems.Device() with { StuckAt = new StuckAtModel(0.01, 0.02) };
        var terms = CellTerms.For(d, 2, null);
        var levels = Enumerable.Repeat((byte)1, Cells).ToArray();
        var w = Enumerable.Repeat(terms.GMinLevels + 1f, Cells).ToArray();
        var rng = new Rng(14);
        var u = Enumerable.Range(0, Cells).Select(_ => (float)rng.NextDouble()).ToArray();
        CellProgramming.ApplyCellTerms(levels, terms, [], [], u, w);
        double lo = w.Count(x => x == terms.GMinLevels) / (double)Cells, hi = w.Count(x => x == terms.GMaxLevels) / (double)Cells;
        Assert.InRange(lo, 0.01 - 5 * Math.Sqrt(0.01 * 0.99 / Cells), 0.01 + 5 * Math.Sqrt(0.01 * 0.99 / Cells));
        Assert.InRange(hi, 0.02 - 5 * Math.Sqrt(0.02 * 0.98 / Cells), 0.02 + 5 * Math.Sqrt(0.02 * 0.98 / Cells));
        Assert.Equal(Cells, w.Count(x => x == terms.GMinLevels || x == terms.GMaxLevels || x == terms.GMinLevels + 1f));
    }

    [Theory]
    [InlineData(200.0)]
    [InlineData(86400.0)]
    [InlineData(3.15e7)]
    public void Drift_follows_the_power_law(double t)
    {
        // Levels 5, 10, 15 of pcm-ibm: mu = 0.049, sd = 0.008 (aihwkit clamps), so |N(mu, sd^2)| = N(mu, sd^2) here.
        var d = Shipped("pcm-ibm") with { ReadNoise = null };
        var terms = CellTerms.For(d, 4, t);
        var zDrift = Normals(15);
        foreach (int level in new[] { 5, 10, 15 })
        {
            var levels = Enumerable.Repeat((byte)level, Cells).ToArray();
            var w = Enumerable.Repeat((float)level, Cells).ToArray();
            CellProgramming.ApplyCellTerms(levels, terms, zDrift, [], [], w);
            var nu = w.Select(x => -Math.Log(x / level) / Math.Log(t / 20)).ToArray();
            AssertMoments(nu, d.Drift!.NuMeanPerLevel[level], d.Drift.NuStdPerLevel[level]);
            // The median conductance is G0 (t/t0)^(-mu).
            var sorted = w.Order().ToArray();
            Assert.Equal(level * Math.Pow(t / 20, -0.049), sorted[Cells / 2], level * 1e-3);
        }
    }

    [Fact]
    public void No_drift_at_or_before_t0_or_without_readTime()
    {
        var d = Shipped("pcm-ibm");
        Assert.Null(CellTerms.For(d, 4, 20).NuMean);
        Assert.Null(CellTerms.For(d, 4, 5).NuMean);
        Assert.Null(CellTerms.For(d, 4, null).NuMean);
        Assert.NotNull(CellTerms.For(d, 4, 21).NuMean);
    }

    [Theory]
    [InlineData(4, 100.0)]
    [InlineData(12, 86400.0)]
    public void One_over_f_noise_matches_aihwkit_magnitude(int level, double t)
    {
        var noise = new OneOverFReadNoise(0.0088, 0.65, 0.2, 1e-3, 250e-9);
        var d = Shipped("pcm-ibm") with { Drift = null, ReadNoise = noise };
        var terms = CellTerms.For(d, 4, t);
        var levels = Enumerable.Repeat((byte)level, Cells).ToArray();
        var w = Enumerable.Repeat((float)level, Cells).ToArray();
        CellProgramming.ApplyCellTerms(levels, terms, [], Normals(16), [], w);
        double gn = level / 15.0;
        double q = Math.Min(0.2, 0.0088 / Math.Max(Math.Pow(gn, 0.65), 1e-3));
        double sigma = q * Math.Sqrt(Math.Log((t + 250e-9) / (2 * 250e-9)));
        AssertMoments(w.Select(x => (double)x).ToArray(), level, sigma * level);
    }

    [Fact]
    public void Sigma_scale_zero_programs_exact_levels_for_every_model()
    {
        foreach (var name in new[] { "fefet6", "fefet-gf22", "pcm-ibm", "rram-intel22", "sram-6t" })
        {
            var d = Shipped(name);
            Assert.All(CellProgramming.NoiseStdLevels(d, d.MaxBitsPerCell, 0), s => Assert.Equal(0f, s));
        }
    }
}
