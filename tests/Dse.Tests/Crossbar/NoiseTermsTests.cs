using Dse.Crossbar;
using Dse.Devices;
using Dse.Search;
using Dse.Tests.Shared;

namespace Dse.Tests.Crossbar;

/// <summary>Drift, stuck-at and read noise through the Monte-Carlo engine, and the zero-noise property for every shipped device.</summary>
public class NoiseTermsTests
{
    private static QuantizedOperands Operands(int dim = 64, ulong seed = 3)
    {
        var (store, queries) = TestProblems.Random(3, 5, dim, 2, 4, seed);
        return new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
    }

    private static MonteCarloJob Job(QuantizedOperands ops, int cellBits, CrossbarVariant[] variants, int[] rows, int[] adcBits, int trials = 2)
        => new(ops, CellArray.Map(ops.Stored, cellBits, SignedMapping.Differential), variants, rows, adcBits, AdcRangeMode.FullScale, 0.999, 2, trials, 42,
            rows.Aggregate((a, b) => (int)System.Numerics.BigInteger.GreatestCommonDivisor(a, b)));

    public static TheoryData<string> ShippedDevices()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.DeviceModels, "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedDevices))]
    public void Zero_noise_and_lossless_adc_reproduce_integer_dot_products_for_every_shipped_device(string name)
    {
        // Zero variation (sigmaScale 0), no drift (read at t0), no read noise or faults, lossless ADC: exact.
        var device = ShippedModels.QuietDevice(name);
        var ops = Operands();
        var expected = TestProblems.IntegerDots(ops);
        for (int cellBits = 1; cellBits <= device.MaxBitsPerCell; cellBits++)
        {
            int[] rows = [32, 64];
            int bits = rows.Max(r => AdcTransfer.LosslessBits(r, cellBits, device.GMinS, device.GMaxS));
            var job = Job(ops, cellBits, [new CrossbarVariant(device, 0)], rows, [bits]);
            for (int r = 0; r < rows.Length; r++)
                Assert.Equal(expected, MonteCarloEngine.IntegerReadout(job, 0, r, 0, 0));
        }
    }

    [Fact]
    public void Read_noise_variance_of_a_partial_sum_is_r_squared_times_the_sum_of_active_G_squared()
    {
        const float r = 0.05f;
        var device = TestProblems.Device() with { ReadNoise = new RelativeReadNoise(r) };
        var ops = Operands();
        var job = Job(ops, 2, [new CrossbarVariant(device, 0)], [64], [10]);
        var cells = job.Cells;
        int d = cells.Dim, p = cells.PhysicalColumns;
        float gMin = (float)CellProgramming.GMinLevels(device, 2);
        var standardised = new List<double>();
        for (int trial = 0; trial < 4; trial++)
        {
            var sums = MonteCarloEngine.FinePartialSums(job, 0, trial, 0);
            int planeRows = sums.Length / p;
            for (int row = 0; row < planeRows; row++)
                for (int c = 0; c < p; c++)
                {
                    double mean = 0, variance = 0;
                    for (int k = 0; k < d; k++)
                    {
                        if (ops.Planes[row * d + k] == 0) continue;
                        double g = gMin + cells.Levels[k * p + c];
                        mean += g;
                        variance += r * r * g * g;
                    }
                    if (variance > 0) standardised.Add((sums[row * p + c] - mean) / Math.Sqrt(variance));
                }
        }
        double n = standardised.Count, m = standardised.Average();
        double var = standardised.Sum(x => (x - m) * (x - m)) / (n - 1);
        Assert.True(n > 2000, $"{n} samples");
        Assert.InRange(m, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(var, 1 - 5 * Math.Sqrt(2 / n), 1 + 5 * Math.Sqrt(2 / n));
    }

    [Fact]
    public void Coarse_blocks_sum_fine_block_read_noise()
    {
        // Rows 32 and 64 share fine blocks of 32: the 64-row read-out with noise differs from the noiseless one,
        // and both row sizes see the same draws (common random numbers), so they are close to each other.
        var device = TestProblems.Device() with { ReadNoise = new RelativeReadNoise(0.02) };
        var ops = Operands();
        var job = Job(ops, 2, [new CrossbarVariant(device, 0)], [32, 64], [14]);
        var exact = TestProblems.IntegerDots(ops);
        var r32 = MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 0);
        var r64 = MonteCarloEngine.IntegerReadout(job, 0, 1, 0, 0);
        Assert.NotEqual(exact, r64);
        double gap = r32.Zip(r64, (a, b) => Math.Abs(a - b)).Average(), noise = r64.Zip(exact, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(gap < noise, $"32 vs 64 rows {gap}, noise {noise}");
    }

    [Fact]
    public void Switching_a_term_on_leaves_the_other_draws_unchanged()
    {
        // perLevel variation, then the same plus zero-rate stuck-at, zero relative read noise and a drift read before t0:
        // every term is off, so the read-outs are identical, trial by trial.
        var plain = TestProblems.Device(0.01);
        var withOffTerms = plain with
        {
            StuckAt = new StuckAtModel(0, 0),
            ReadNoise = new RelativeReadNoise(0),
            Drift = new DriftModel(20, [0.05, 0.05, 0.05, 0.05], [0.01, 0.01, 0.01, 0.01]),
        };
        var ops = Operands();
        var job = Job(ops, 2, [new CrossbarVariant(plain, 10), new CrossbarVariant(withOffTerms, 10, 10)], [64], [10]);
        for (int t = 0; t < 2; t++)
            Assert.Equal(MonteCarloEngine.IntegerReadout(job, 0, 0, 0, t), MonteCarloEngine.IntegerReadout(job, 1, 0, 0, t));

        // Turning read noise on in one variant does not change the programming draws of a variant without it.
        var noisy = plain with { ReadNoise = new RelativeReadNoise(0.05) };
        var job2 = Job(ops, 2, [new CrossbarVariant(plain, 10), new CrossbarVariant(noisy, 10)], [64], [10]);
        for (int t = 0; t < 2; t++)
            Assert.Equal(MonteCarloEngine.IntegerReadout(job, 0, 0, 0, t), MonteCarloEngine.IntegerReadout(job2, 0, 0, 0, t));
    }

    [Fact]
    public void Drift_lowers_the_read_out_as_time_passes()
    {
        var device = TestProblems.Device(0) with
        {
            GMinS = 0,
            Drift = new DriftModel(20, [0.05, 0.05, 0.05, 0.05], [0.005, 0.005, 0.005, 0.005]),
        };
        var ops = Operands();
        var job = Job(ops, 2, [new CrossbarVariant(device, 0, 20), new CrossbarVariant(device, 0, 1e6)], [64], [14]);
        var exact = TestProblems.IntegerDots(ops).Select(x => (double)Math.Abs(x)).Sum();
        Assert.Equal(TestProblems.IntegerDots(ops), MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 0));
        double late = MonteCarloEngine.IntegerReadout(job, 1, 0, 0, 0).Select(x => (double)Math.Abs(x)).Sum();
        // Every conductance shrinks by about (1e6 / 20)^-0.05 = 0.58 (Gmin = 0, so the offset is exact).
        Assert.InRange(late / exact, 0.5, 0.65);
    }

    [Fact]
    public void Counts_with_every_term_do_not_depend_on_thread_count()
    {
        var device = TestProblems.Device(0.01) with
        {
            StuckAt = new StuckAtModel(0.001, 0.001),
            ReadNoise = new RelativeReadNoise(0.02),
            Drift = new DriftModel(20, [0.05, 0.05, 0.05, 0.05], [0.01, 0.01, 0.01, 0.01]),
        };
        var ops = Operands();
        var job = Job(ops, 2, [new CrossbarVariant(device, 10, 3600)], [32, 64], [6, 8], trials: 4);
        var one = MonteCarloEngine.Run(job, 1);
        var two = MonteCarloEngine.Run(job, 2);
        for (int r = 0; r < 2; r++)
            for (int b = 0; b < 2; b++)
                for (int what = 0; what < 4; what++)
                    Assert.Equal(one.Fractions(0, r, b, what), two.Fractions(0, r, b, what));
    }
}
