using Dse.Crossbar;
using Dse.Devices;
using Dse.Randomness;
using Dse.Search;
using Dse.Tests.Shared;
using Dse.Workloads;
using MathNet.Numerics.Distributions;

namespace Dse.Tests.Crossbar;

/// <summary>Cell clipping at physical bounds, the three ADC zero references, the per-chip calibrated range and comparator noise.</summary>
public class AdcReferenceTests
{
    /// <summary>
    /// Two stored tokens (1, 1) and (1, -1), 2-bit weights on 1-bit cells (differential: columns G+ t0, G+ t1, G- t0, G- t1 with
    /// levels (1,1), (1,0), (0,0), (0,1) down the d = 2 rows), and one query token (1, 1) with 2-bit inputs: plane 0 drives both
    /// rows, plane 1 none. Exact integer dots: t0 = 2, t1 = 0.
    /// </summary>
    private static QuantizedOperands TinyOperands()
    {
        var store = new PromptStore([new Ovt("a", [1f, 1f, 1f, -1f], 2, 2)], 2);
        var queries = new QuerySet([new Query([1f, 1f], 1, 0)], 2);
        return new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 2, 2, ClippingPolicy.MaxAbs);
    }

    /// <summary>
    /// A 2-level device with ON/OFF 2 (Gmin / dG = 1, Gmax / dG = 2) whose level-0 cells drift to a quarter of Gmin at the read time
    /// (nu = 1 exactly, t / t0 = 4) while level-1 cells do not: a deterministic zero error, so every mode can be worked by hand.
    /// </summary>
    private static CrossbarVariant DriftingZero()
        => new(TestProblems.Device(0, onOff: 2, levels: 2) with { Drift = new DriftModel(1, [1.0, 0.0], [0.0, 0.0]) }, 0, ReadTimeS: 4);

    private static MonteCarloJob TinyJob(AdcReference reference, AdcCalibrationBatch? calibration = null)
    {
        var ops = TinyOperands();
        return new MonteCarloJob(ops, CellArray.Map(ops.Stored, 1, SignedMapping.Differential), [DriftingZero()], [2], [10],
            AdcRangeMode.FullScale, 0.999, 1, 1, 7, 2) { Reference = reference, Calibration = calibration };
    }

    [Fact]
    public void Nominal_zero_leaves_the_drifted_level_0_current_in_the_read_out()
    {
        // Programmed: level 1 = 2, level 0 = 0.25 (level units). Plane 0 (A = 2): G+ t0 = 4, G+ t1 = 2.25, G- t0 = 0.5, G- t1 = 2.25.
        // Range 2 x Gmax / dG = 4, 10 bits: step 4 / 1023; codes 1023, 575, 128, 575 -> 4, 2.2483, 0.5005, 2.2483.
        // Nominal zero A x Gmin = 2: 2, 0.25 -> 0, -1.4995 -> -1, 0. Plane 1 drives nothing: 0 - 0 = 0.
        // t0 = 2 - (-1) = 3, t1 = 0 - 0 = 0.
        Assert.Equal([3L, 0L], MonteCarloEngine.IntegerReadout(TinyJob(AdcReference.Nominal), 0, 0, 0, 0));
    }

    [Fact]
    public void Reference_column_subtracts_the_actual_level_0_current_before_the_adc()
    {
        // One reference column per group of 2 columns, level 0, drifting like the data: 0.25 per active row, R = 0.5 on plane 0.
        // Range rows x (Gmax - Gmin) / dG = 2, step 2 / 1023. G+ t0: 4 - 0.5 = 3.5 clips at code 1023 -> 2; G+ t1: 1.75 -> code 895
        // -> 1.7498 -> 2; G- t0: 0 -> 0; G- t1: 1.75 -> 2. t0 = 2 - 0 = 2, t1 = 2 - 2 = 0 (exact here; level-1 cells keep their
        // nominal Gmin, 1.75 per row above the reference, which the clipped G+ t0 hides).
        var job = TinyJob(AdcReference.ReferenceColumn);
        Assert.Equal(2, job.ReferenceColumns);
        Assert.Equal([2L, 0L], MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 0));
    }

    [Fact]
    public void Calibrated_zero_is_each_columns_measured_offset_per_active_row()
    {
        // Calibration on (1, 1) itself (the leading query): per column (analog - ideal) / A = (4-2)/2, (2.25-1)/2, (0.5-0)/2,
        // (2.25-1)/2 = 1, 0.625, 0.25, 0.625, so the zero A x offset removes exactly the current of the level-0 cells: t0 = 2, t1 = 0.
        Assert.Equal([2L, 0L], MonteCarloEngine.IntegerReadout(TinyJob(AdcReference.Calibrated), 0, 0, 0, 0));

        // Calibration on the disjoint input (1, 0): plane 0 drives row 0 only: offsets (2-1), (2-1), (0.25-0), (0.25-0) = 1, 1, 0.25, 0.25.
        // Scored (1, 1), A = 2: G+ t0 4 - 2 = 2; G+ t1 2.2483 - 2 = 0.25 -> 0; G- t0 0.5005 - 0.5 -> 0; G- t1 2.2483 - 0.5 = 1.75 -> 2.
        // t0 = 2 - 0 = 2, t1 = 0 - 2 = -2: row 1's level-0 cell of G- t1 was never seen by the calibration.
        var batch = AdcCalibrationBatch.FromInputs([1f, 0f], 1, 2, 2, ClippingPolicy.MaxAbs);
        Assert.Equal(2, batch.PlaneRows);
        Assert.Equal([2L, -2L], MonteCarloEngine.IntegerReadout(TinyJob(AdcReference.Calibrated, batch), 0, 0, 0, 0));
    }

    [Fact]
    public void Calibrated_range_is_the_quantile_of_the_chips_own_partial_sums()
    {
        // Quantile 1 on the tiny array: the largest partial sum the ADCs see on the calibration batch. Nominal zero: the raw G+ t0 = 4
        // (the fullScale range happens to be 4 too); reference column: 4 - 0.5 = 3.5, above its fullScale of 2, because level-1 cells
        // keep the nominal Gmin. Resolution: bins of rows x Gmax / dG / 2^14 = 4 / 16384.
        foreach (var (reference, expected) in new[] { (AdcReference.Nominal, 4.0), (AdcReference.ReferenceColumn, 3.5) })
        {
            var job = TinyJob(reference) with { RangeMode = AdcRangeMode.Calibrated, CalibrationQuantile = 1.0 };
            Assert.Equal(expected, MonteCarloEngine.AdcRangeLevels(job, 0, 0, 0), 4.0 / 16384 * 1.01);
        }

        // With variation the range is set per chip: it differs between programmed chips of the same job.
        var (store, queries) = TestProblems.Random(3, 5, 64, 2, 4, 2);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var noisy = new MonteCarloJob(ops, CellArray.Map(ops.Stored, 2, SignedMapping.Differential), [new CrossbarVariant(TestProblems.Device(0.02), 10)],
            [64], [6], AdcRangeMode.Calibrated, 0.99, 2, 3, 42, 64);
        var ranges = Enumerable.Range(0, 3).Select(t => MonteCarloEngine.AdcRangeLevels(noisy, 0, 0, t)).ToArray();
        Assert.Equal(3, ranges.Distinct().Count());
        Assert.All(ranges, x => Assert.InRange(x, 1, AdcTransfer.FullScaleLevels(64, 2, 1e-5 / 17, 1e-5)));
    }

    [Fact]
    public void Level_far_from_0_S_programs_to_its_target_mean_and_level_0_keeps_only_the_0_S_rectification()
    {
        // fefet2's per-level sigma, 2 bits per cell, sigmaScale 1: level 2 sits at Gmin/dG + 2 = 2.03 levels with sigma 0.40,
        // five sigma from 0 S: its mean must equal the target within 5 standard errors (clipping at the nominal Gmax = 3.03 would
        // pull it down by 0.004 levels, 5 standard errors of 100 000 draws are 0.0064: see the ceiling case below).
        var device = DeviceLoader.Resolve("fefet2", TestPaths.DeviceModels, null);
        var std = CellProgramming.NoiseStdLevels(device, 2, 1);
        float gMin = (float)CellProgramming.GMinLevels(device, 2);
        const int n = 200_000;
        var z = new float[n];
        new Rng(5).FillGaussian(z, 0, 1);
        double MeanOf(int level, float ceiling = float.PositiveInfinity)
        {
            var w = new float[n];
            CellProgramming.Program(Enumerable.Repeat((byte)level, n).ToArray(), std, gMin, z, w, ceiling);
            return w.Average(x => (double)x);
        }
        double se2 = std[2] / Math.Sqrt(n);
        Assert.Equal(gMin + 2, MeanOf(2), 5 * se2);

        // Level 0: mean raised by s (phi(a) - a (1 - Phi(a))), a = Gmin/dG / s (rectification at 0 S, physics): +0.066 levels here.
        double s0 = std[0], a = gMin / s0;
        double shift = s0 * (Normal.PDF(0, 1, a) - a * (1 - Normal.CDF(0, 1, a)));
        Assert.InRange(shift, 0.060, 0.070);
        Assert.Equal(gMin + shift, MeanOf(0), 5 * s0 / Math.Sqrt(n));

        // A ceiling at Gmax (3.03 levels) clips level 3 from above: its mean drops by s (phi(0) - 0) = 0.399 s.
        float top = (float)(device.GMaxS / CellProgramming.LevelStepS(device, 2));
        Assert.Equal(top - 0.3989 * std[3], MeanOf(3, top), 5 * std[3] / Math.Sqrt(n));
    }

    /// <summary>
    /// 256 identical stored tokens (1, 1, 1) on 1-bit cells and one query token (1, 1, 1), 2-bit operands, d = 3 = rows, reference column:
    /// every G+ column sees 3 levels on plane 0 and 0 on plane 1, every G- column 0 and 0; 2-bit ADC over 3 x 1 levels, so one LSB
    /// is one level. Each read-out is <c>c(3 + e1) - 2 c(0 + e2) - c(0 + e3) + 2 c(0 + e4)</c>, c the clamped rounding to 0..3.
    /// </summary>
    private static MonteCarloJob NoisyComparatorJob(AdcNonideality comparator, int trials)
    {
        var store = new PromptStore([new Ovt("a", Enumerable.Repeat(1f, 256 * 3).ToArray(), 256, 3)], 3);
        var queries = new QuerySet([new Query([1f, 1f, 1f], 1, 0)], 3);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 2, 2, ClippingPolicy.MaxAbs);
        return new MonteCarloJob(ops, CellArray.Map(ops.Stored, 1, SignedMapping.Differential), [new CrossbarVariant(TestProblems.Device(0, levels: 2), 0)],
            [3], [2], AdcRangeMode.FullScale, 0.999, 1, trials, 11, 3) { Reference = AdcReference.ReferenceColumn, Comparator = comparator };
    }

    [Fact]
    public void Comparator_noise_per_conversion_has_the_stated_gaussian_distribution()
    {
        const double sigma = 0.5;
        const int trials = 24;
        var job = NoisyComparatorJob(new AdcNonideality(0, sigma), trials);
        var counts = new Dictionary<long, int>();
        int samples = 0;
        for (int t = 0; t < trials; t++)
            foreach (long x in MonteCarloEngine.IntegerReadout(job, 0, 0, 0, t))
            {
                counts[x] = counts.GetValueOrDefault(x) + 1;
                samples++;
            }

        // Exact law of the read-out: each code c(x + e) = k with probability Phi((k + 0.5 - x) / s) - Phi((k - 0.5 - x) / s), the ends
        // open; the four conversions independent.
        double[] CodeLaw(double x) => Enumerable.Range(0, 4).Select(k =>
            (k == 3 ? 1 : Normal.CDF(0, sigma, k + 0.5 - x)) - (k == 0 ? 0 : Normal.CDF(0, sigma, k - 0.5 - x))).ToArray();
        double[] high = CodeLaw(3), low = CodeLaw(0);
        var law = new Dictionary<long, double>();
        for (int c1 = 0; c1 < 4; c1++)
            for (int c2 = 0; c2 < 4; c2++)
                for (int c3 = 0; c3 < 4; c3++)
                    for (int c4 = 0; c4 < 4; c4++)
                    {
                        long value = c1 - 2 * c2 - c3 + 2 * c4;
                        law[value] = law.GetValueOrDefault(value) + high[c1] * low[c2] * low[c3] * low[c4];
                    }
        Assert.True(counts.GetValueOrDefault(3) < samples, "noise changed no read-out");
        foreach (var (value, p) in law)
        {
            double observed = counts.GetValueOrDefault(value) / (double)samples, se = Math.Sqrt(p * (1 - p) / samples);
            Assert.True(Math.Abs(observed - p) <= 5 * se + 1e-4, $"read-out {value}: observed {observed:F4}, expected {p:F4} (se {se:F4})");
        }
        Assert.All(counts.Keys, k => Assert.True(law.ContainsKey(k), $"impossible read-out {k}"));
    }

    [Fact]
    public void Comparator_offset_is_fixed_per_adc_and_chip_and_zero_sigma_is_the_ideal_converter()
    {
        // Offset only: one draw per column and chip, so the same column reads the same on every query of a chip; columns and chips differ.
        var job = NoisyComparatorJob(new AdcNonideality(0.6, 0), 2);
        var chip0 = MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 0);
        var chip1 = MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 1);
        Assert.True(chip0.Distinct().Count() > 1, "offsets did not vary across ADCs");
        Assert.NotEqual(chip0, chip1);

        // sigma 0: bit-for-bit the ideal converter (read-out 3 everywhere here), and counts equal to a job without the term.
        Assert.All(MonteCarloEngine.IntegerReadout(NoisyComparatorJob(new AdcNonideality(0, 0), 1), 0, 0, 0, 0), x => Assert.Equal(3L, x));
        var (store, queries) = TestProblems.Random(4, 6, 64, 3, 4, 9);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var plain = new MonteCarloJob(ops, CellArray.Map(ops.Stored, 2, SignedMapping.Differential), [new CrossbarVariant(TestProblems.Device(0.01), 8)],
            [32, 64], [4, 6], AdcRangeMode.Calibrated, 0.999, 2, 3, 42, 32);
        var ideal = MonteCarloEngine.Run(plain with { Comparator = new AdcNonideality(0, 0) }, 1);
        var reference = MonteCarloEngine.Run(plain, 1);
        for (int r = 0; r < 2; r++)
            for (int b = 0; b < 2; b++)
                Assert.Equal(reference.Fractions(0, r, b, 0), ideal.Fractions(0, r, b, 0));
    }
}
