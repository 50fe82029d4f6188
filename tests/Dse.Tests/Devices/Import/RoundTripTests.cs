using System.Globalization;
using System.Text;
using Dse.Devices;
using Dse.Devices.Import;
using Dse.Tests.Shared;
using MathNet.Numerics.Distributions;
using Xunit.Abstractions;

namespace Dse.Tests.Devices.Import;

/// <summary>
/// Round trip: reads sampled from a shipped device's model with a fixed seed, written as a raw-read CSV and imported, give back the
/// model's parameters within the sampling error. Tolerance: 4 standard errors of each estimator (a mean of n draws: sd / sqrt(n);
/// a sample standard deviation: about sd / sqrt(2 (n - 1))), so a correct fit fails with probability below 1e-4 per value, while
/// a fit off by a constant factor (e.g. sigma relative to Gmax instead of Gmax - Gmin) fails.
/// </summary>
public class RoundTripTests(ITestOutputHelper output)
{
    private const int Seed = 20;

    /// <summary>
    /// fefet2's per-level Gaussian at sigmaScale 0.1 (the published per-level sigmas) with every read clipped at 0 S, as the Monte Carlo clips cells: level 0 (Gmin 41.7 nS, sigma 27.6 nS)
    /// has 6.5 % of its reads at exactly 0 S, which the importer fits as a Gaussian censored at 0.
    /// </summary>
    [Fact]
    public void Fefet2_per_level_sigmas_and_conductance_range_are_recovered()
    {
        var device = DeviceLoader.Load(Path.Combine(TestPaths.DeviceModels, "fefet2.json"));
        var sigmas = ((PerLevelVariation)device.Variation).SigmaPerLevel.Select(s => 0.1 * s).ToArray();
        const int readsPerLevel = 4000;
        double range = device.GMaxS - device.GMinS, step = range / (device.Levels - 1);
        var rng = new Random(Seed);
        var csv = new StringBuilder("level,conductanceS\n");
        for (int k = 0; k < device.Levels; k++)
            for (int i = 0; i < readsPerLevel; i++)
                csv.Append(k).Append(',').AppendLine(Math.Max(0, device.GMinS + k * step + Normal.Sample(rng, 0, sigmas[k] * range)).ToString("R", CultureInfo.InvariantCulture));

        var fit = Import(csv.ToString());

        Assert.Equal(device.Levels, fit.Levels);
        Assert.InRange(Math.Abs(fit.GMinS - device.GMinS), 0, 4 * sigmas[0] * range / Math.Sqrt(readsPerLevel));
        Assert.InRange(Math.Abs(fit.GMaxS - device.GMaxS), 0, 4 * sigmas[^1] * range / Math.Sqrt(readsPerLevel));
        output.WriteLine($"gMinS relative error {(fit.GMinS - device.GMinS) / device.GMinS:G3}, gMaxS {(fit.GMaxS - device.GMaxS) / device.GMaxS:G3}");
        for (int k = 0; k < device.Levels; k++)
        {
            double relativeError = (fit.SigmaPerLevel[k] - sigmas[k]) / sigmas[k];
            output.WriteLine($"sigma level {k}: model {sigmas[k]}, fitted {fit.SigmaPerLevel[k]:G4}, relative error {relativeError:G3} (tolerance {4 / Math.Sqrt(2.0 * (readsPerLevel - 1)):G3})");
            Assert.InRange(Math.Abs(relativeError), 0, 4 / Math.Sqrt(2.0 * (readsPerLevel - 1)));
        }
        Assert.Empty(fit.Warnings);
    }

    /// <summary>
    /// pcm-ibm's drift (t0 = 20 s, nu = |N(mu_k, sd_k^2)| per cell) applied to cells read at t0, 10 t0, 100 t0 and 1000 t0. Level 0 of
    /// pcm-ibm sits at 0 S, where a power law leaves nothing to measure, so the cells are programmed to Gmax (k + 1) / levels; the
    /// exponents do not depend on G0. The model folds nu at 0 (|N|); the fit averages the per-cell slopes, which is biased by the fold
    /// by at most 0.0004 (level 0, mu / sd = 2.2), a fifth of one standard error at 400 cells.
    /// </summary>
    [Fact]
    public void Pcm_ibm_drift_per_level_is_recovered()
    {
        var device = DeviceLoader.Load(Path.Combine(TestPaths.DeviceModels, "pcm-ibm.json"));
        var drift = device.Drift!;
        const int cellsPerLevel = 400;
        double[] times = [drift.T0S, 10 * drift.T0S, 100 * drift.T0S, 1000 * drift.T0S];
        var rng = new Random(Seed);
        var csv = new StringBuilder("level,cell,timeS,conductanceS\n");
        for (int k = 0; k < device.Levels; k++)
            for (int c = 0; c < cellsPerLevel; c++)
            {
                double g0 = device.GMaxS * (k + 1) / device.Levels;
                double nu = Math.Abs(Normal.Sample(rng, drift.NuMeanPerLevel[k], drift.NuStdPerLevel[k]));
                foreach (double t in times)
                    csv.Append(k).Append(",c").Append(k).Append('-').Append(c).Append(',').Append(t.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                       .AppendLine((g0 * Math.Pow(t / drift.T0S, -nu)).ToString("R", CultureInfo.InvariantCulture));
            }

        var fit = Import(csv.ToString());

        Assert.NotNull(fit.Drift);
        Assert.Equal(drift.T0S, fit.Drift!.T0S);
        double worstMean = 0, worstStd = 0;
        for (int k = 0; k < device.Levels; k++)
        {
            double sd = drift.NuStdPerLevel[k];
            double meanError = fit.Drift.NuMeanPerLevel[k] - drift.NuMeanPerLevel[k];
            double stdError = fit.Drift.NuStdPerLevel[k] - sd;
            worstMean = Math.Max(worstMean, Math.Abs(meanError) / (sd / Math.Sqrt(cellsPerLevel)));
            worstStd = Math.Max(worstStd, Math.Abs(stdError) / (sd / Math.Sqrt(2.0 * (cellsPerLevel - 1))));
            output.WriteLine($"level {k}: nu mean {drift.NuMeanPerLevel[k]} -> {fit.Drift.NuMeanPerLevel[k]:G4} (error {meanError:G3}), nu std {sd} -> {fit.Drift.NuStdPerLevel[k]:G4} (error {stdError:G3})");
            Assert.InRange(Math.Abs(meanError), 0, 4 * sd / Math.Sqrt(cellsPerLevel));
            Assert.InRange(Math.Abs(stdError), 0, 4 * sd / Math.Sqrt(2.0 * (cellsPerLevel - 1)));
        }
        output.WriteLine($"worst errors in standard errors: nu mean {worstMean:G3}, nu std {worstStd:G3}");
    }

    private static DeviceFit Import(string csvText)
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "reads.csv");
        File.WriteAllText(path, csvText);
        return DeviceFitter.Fit(MeasurementCsv.Read(path, ImportChecks.Default), ImportChecks.Default);
    }
}
