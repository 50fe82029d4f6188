using Dse.Crossbar;
using Dse.Devices;
using Dse.Exploration;
using Dse.Randomness;
using Dse.Search;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Crossbar;

/// <summary>
/// Accuracy must not fall when the ADC gains a bit: for the five NVCiM devices, 128 and 256 rows, 1 and 2 bits per cell and
/// sigmaScale 0, 0.5 and 1, the mean accuracy at B + 1 bits is never below the one at B bits by more than the larger of the two
/// 95% CI half-widths, B from 3 to the lossless bound, under the default ADC (reference column, range calibrated per chip on
/// queries disjoint from the scored ones, the neurosimSar comparator offset and noise of the 22 nm periphery).
/// </summary>
public class AdcMonotonicityTests
{
    private static readonly string[] Devices = ["rram1", "rram4", "fefet2", "fefet3", "fefet6"];
    private static readonly double[] Sigmas = [0, 0.5, 1];
    private static readonly int[] Rows = [128, 256];

    /// <summary>Synthetic vocabInit store [8 prompts x 4 tokens, 256]; 64 scored queries of 4 tokens and 4 calibration queries after them.</summary>
    private static (QuantizedOperands Ops, AdcCalibrationBatch Calibration) Synthetic()
    {
        const int scored = 64, calibration = 4;
        var w = SyntheticWorkload.Generate(new SyntheticWorkloadOptions(Prompts: 8, Dim: 256, Tokens: 4, Queries: scored + calibration, QueryTokens: 4,
            Regime: SyntheticRegime.VocabInit, Seed: 3));
        var queries = w.Queries.Queries;
        return Build(w.Store, new QuerySet(queries.Take(scored).ToList(), 256), queries.Skip(scored).ToList());
    }

    /// <summary>
    /// The five real SQuAD t5-small prompts (1 + 5 + 10 + 20 + 50 tokens, d = 512); one scored query of 4 tokens per prompt, and one
    /// calibration query per prompt drawn from another seed (other tokens and noise, so disjoint from the scored ones).
    /// </summary>
    private static (QuantizedOperands Ops, AdcCalibrationBatch Calibration) Squad()
    {
        var paths = new[] { 1, 5, 10, 20, 50 }.Select(n => Path.Combine(TestPaths.SharedData, "prompts", "squad-t5", $"SQuAD_t5-small_n{n}.safetensors")).ToArray();
        var w = PeftWorkload.Load(paths, new PeftWorkloadOptions(QueriesPerPrompt: 1, QueryTokens: 4, Seed: 5));
        var calibration = PeftWorkload.Load(paths, new PeftWorkloadOptions(QueriesPerPrompt: 1, QueryTokens: 4, Seed: 6)).Queries.Queries;
        return Build(w.Store, w.Queries, calibration);
    }

    private static (QuantizedOperands, AdcCalibrationBatch) Build(PromptStore store, QuerySet scored, IReadOnlyList<Query> calibration)
    {
        var ops = new QuantizedOperands(new RetrievalProblem(store, scored, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var batch = AdcCalibrationBatch.FromInputs(calibration.SelectMany(q => q.Values).ToArray(), calibration.Sum(q => q.Tokens), store.Dim, 8, ClippingPolicy.MaxAbs);
        return (ops, batch);
    }

    /// <summary>Each (device, rows, sigma) curve over B = 3 .. its lossless bound that falls by more than its CI, as text.</summary>
    private static List<string> Drops(QuantizedOperands ops, AdcCalibrationBatch calibration, int cellBits, AdcReference reference,
        AdcRangeMode range, AdcNonideality comparator)
    {
        var devices = Devices.Select(n => DeviceLoader.Resolve(n, TestPaths.DeviceModels, null)).ToList();
        var variants = devices.SelectMany(d => Sigmas.Select(s => new CrossbarVariant(d, s))).ToList();
        int maxBits = Rows.Max(r => devices.Max(d => AdcTransfer.LosslessBits(r, cellBits, d.GMinS, d.GMaxS, reference)));
        var bits = Enumerable.Range(3, maxBits - 2).ToArray();
        var job = new MonteCarloJob(ops, CellArray.Map(ops.Stored, cellBits, SignedMapping.Differential), variants, Rows, bits, range, 0.999, 1,
            Trials: 6, CellSeed: 17, FineRows: 128) { Reference = reference, Calibration = calibration, Comparator = comparator, ReferenceColumnSpan = 128 };
        var counts = MonteCarloEngine.Run(job, 2);
        var drops = new List<string>();
        for (int v = 0; v < variants.Count; v++)
            for (int r = 0; r < Rows.Length; r++)
            {
                var device = variants[v].Device;
                int bound = AdcTransfer.LosslessBits(Rows[r], cellBits, device.GMinS, device.GMaxS, reference);
                var stats = bits.Select((_, b) => Statistics.Of(counts.Fractions(v, r, b, 1))).ToArray();
                for (int b = 0; b + 1 < bits.Length && bits[b] < bound; b++)
                {
                    double halfWidth = Math.Max(stats[b].CiHigh - stats[b].CiLow, stats[b + 1].CiHigh - stats[b + 1].CiLow) / 2;
                    if (stats[b + 1].Mean < stats[b].Mean - halfWidth)
                        drops.Add($"{device.Name} {Rows[r]} rows c{cellBits} s{variants[v].SigmaScale}: {bits[b]} -> {bits[b + 1]} bits " +
                            $"{stats[b].Mean:F2} -> {stats[b + 1].Mean:F2} (half-width {halfWidth:F2})");
                }
            }
        return drops;
    }

    private static AdcNonideality DefaultComparator()
        => ShippedModels.Periphery.AdcNonidealityOf(AdcModelSet.NeurosimSarName);

    [Theory]
    [Trait("Category", "Long")]
    [InlineData("synthetic", 1)]
    [InlineData("synthetic", 2)]
    [InlineData("squad-t5", 1)]
    [InlineData("squad-t5", 2)]
    public void Accuracy_never_falls_beyond_its_ci_when_the_adc_gains_a_bit(string store, int cellBits)
    {
        var (ops, calibration) = store == "synthetic" ? Synthetic() : Squad();
        var drops = Drops(ops, calibration, cellBits, AdcReference.ReferenceColumn, AdcRangeMode.Calibrated, DefaultComparator());
        Assert.True(drops.Count == 0, string.Join("\n", drops));
    }

    [Fact]
    public void The_property_catches_the_nominal_zero_at_full_scale()
    {
        // The same check on the engine's former default (nominal zero, fullScale range, ideal converter) finds the V-shaped curves.
        var (ops, calibration) = Synthetic();
        Assert.NotEmpty(Drops(ops, calibration, 2, AdcReference.Nominal, AdcRangeMode.FullScale, AdcNonideality.Ideal));
    }

    [Fact]
    public void Reference_column_at_its_lossless_bound_reproduces_integer_dot_products_at_sigma_0()
    {
        var (store, queries) = TestProblems.Random(3, 5, 70, 2, 4, 4);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        foreach (string name in Devices)
        {
            var device = DeviceLoader.Resolve(name, TestPaths.DeviceModels, null);
            for (int cellBits = 1; cellBits <= 2; cellBits++)
            {
                int bound = AdcTransfer.LosslessBits(32, cellBits, device.GMinS, device.GMaxS, AdcReference.ReferenceColumn);
                var job = new MonteCarloJob(ops, CellArray.Map(ops.Stored, cellBits, SignedMapping.Differential), [new CrossbarVariant(device, 0)],
                    [32], [bound], AdcRangeMode.FullScale, 0.999, 1, 1, 3, 32) { Reference = AdcReference.ReferenceColumn, ReferenceColumnSpan = 32 };
                Assert.Equal(TestProblems.IntegerDots(ops), MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 0));
            }
        }
    }
}
