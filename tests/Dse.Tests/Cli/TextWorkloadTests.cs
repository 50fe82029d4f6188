using System.Diagnostics;
using System.Text.Json.Nodes;
using Dse.Crossbar;
using Dse.Exploration;
using Dse.Reports;
using Dse.Search;
using Dse.Tests.Shared;
using Dse.Workloads;
using Xunit.Abstractions;

namespace Dse.Tests.Cli;

/// <summary>
/// End to end on real text: the twelve shared fortune categories, Moby-Dick (one chapter per sample) and the
/// State of the Union addresses (one address per sample), embedded with the shared 25k-word GloVe slice.
/// </summary>
public class TextWorkloadTests(ITestOutputHelper output)
{
    private static readonly string Text = Path.Combine(TestPaths.SharedData, "text");

    private static string[] Domains() =>
        Directory.GetFiles(Path.Combine(Text, "fortunes"), "*.txt").Order(StringComparer.Ordinal)
            .Append(Path.Combine(Text, "moby-dick")).Append(Path.Combine(Text, "sotu")).ToArray();

    private static JsonObject Sweep(int bufferSize, int queriesPerDomain, int queryTokens, int lossless) => new()
    {
        ["name"] = "text-domains",
        ["devices"] = new JsonArray("rram1"),
        ["crossbar"] = new JsonArray("128x128"),
        ["cellBits"] = new JsonArray(1),
        ["adcBits"] = new JsonArray(4, lossless),
        ["virtualTokens"] = new JsonArray(4),
        ["sigmaScale"] = new JsonArray(0, 1),
        ["wireResistanceScale"] = new JsonArray(0),   // ideal wires: with sigmaScale 0 and a lossless ADC the crossbar is exact
        ["adcRange"] = new JsonArray("fullScale"),
        ["periphery"] = TestSweeps.IdealComparatorPeriphery(),
        ["workload"] = new JsonObject
        {
            ["kind"] = "text", ["domains"] = new JsonArray(Domains().Select(d => (JsonNode)d).ToArray()),
            ["vectors"] = Path.Combine(TestPaths.SharedData, "vectors", "glove-100d-25k.txt"),
            ["bufferSize"] = bufferSize, ["queriesPerDomain"] = queriesPerDomain, ["queryTokens"] = queryTokens,
        },
        ["mc"] = new JsonObject { ["trials"] = 2, ["seed"] = 1 },
    };

    private static (double Ssa, double Mips) ExactAccuracy(Workload workload, int tokens)
    {
        var problem = new RetrievalProblem(workload.StoreFor(tokens), workload.Queries, SsaOptions.Default, SsaMapping.DigitalPooling);
        int ssa = 0, mips = 0;
        for (int q = 0; q < problem.QueryCount; q++)
        {
            var (s, m) = problem.Score(q, problem.ExactReadout(q));
            ssa += s == problem.Labels![q] ? 1 : 0;
            mips += m == problem.Labels![q] ? 1 : 0;
        }
        return (ssa / (double)problem.QueryCount, mips / (double)problem.QueryCount);
    }

    [Fact]
    public void Retrieval_well_above_chance_and_lossless_ideal_design_equals_digital()
    {
        var rram1 = Dse.Devices.DeviceLoader.Load(Path.Combine(TestPaths.DeviceModels, "rram1.json"));
        int lossless = AdcTransfer.LosslessBits(128, 1, rram1.GMinS, rram1.GMaxS);
        var sweepPath = TestSweeps.Write(Sweep(bufferSize: 10, queriesPerDomain: 8, queryTokens: 32, lossless));

        var clock = Stopwatch.StartNew();
        var workload = TestSweeps.Prepare(SweepSpecLoader.Load(sweepPath)).Workload;
        output.WriteLine($"load + embed + select (n = 4): {clock.ElapsedMilliseconds} ms; {workload.Description}");
        var (ssa, mips) = ExactAccuracy(workload, 4);
        double chance = 1.0 / Domains().Length;
        output.WriteLine($"exact SSA accuracy {ssa:F3}, MIPS {mips:F3}, chance {chance:F3}");
        Assert.Equal(14 * 8, workload.Queries.Queries.Count);
        Assert.True(ssa > 2.5 * chance, $"exact SSA accuracy {ssa} vs chance {chance}");

        var points = CliRunner.Sweep(sweepPath).Points;
        Assert.Equal(4, points.Count);
        var ideal = Assert.Single(points, p => p.SigmaScale == 0 && p.AdcBits == lossless);
        Assert.Equal(ideal.DigitalAccuracy!.Value, ideal.Accuracy!.Mean, 12);
        Assert.Equal(ideal.DigitalAccuracy!.Value, ideal.Accuracy!.P5, 12);
        Assert.True(Math.Abs(ideal.DigitalAccuracy.Value - ssa) <= 0.05, $"8-bit digital {ideal.DigitalAccuracy} vs exact {ssa}");
    }

    [Fact]
    public void With_wires_column_gain_calibration_brings_a_noiseless_chip_back_to_digital_accuracy()
    {
        // Real text at sigma 0 through rram1's 128 x 128 arrays with the shipped wires and read circuit: each column loses its own
        // fraction of current (its position, the access transistor), which biases the scores between stored vectors. Trimming
        // every column's gain on the calibration batch, as macros do, removes that bias.
        var sweep = Sweep(bufferSize: 10, queriesPerDomain: 8, queryTokens: 32, lossless: 8);
        sweep["adcBits"] = new JsonArray(8);
        sweep["sigmaScale"] = new JsonArray(0);
        sweep["wireResistanceScale"] = new JsonArray(1);
        sweep["adcRange"] = new JsonArray("calibrated");
        sweep["adcGain"] = new JsonArray("none", "calibrated");
        var points = CliRunner.Sweep(TestSweeps.Write(sweep)).Points;
        var raw = Assert.Single(points, p => p.AdcGain == AdcGain.None);
        var trimmed = Assert.Single(points, p => p.AdcGain == AdcGain.Calibrated);
        output.WriteLine($"digital {raw.DigitalAccuracy:F3}, raw gains {raw.Accuracy!.Mean:F3}, calibrated gains {trimmed.Accuracy!.Mean:F3}");
        Assert.True(trimmed.Accuracy!.Mean >= raw.Accuracy.Mean + 0.05, $"raw {raw.Accuracy.Mean}, calibrated {trimmed.Accuracy.Mean}");
        Assert.True(Math.Abs(trimmed.Accuracy.Mean - trimmed.DigitalAccuracy!.Value) <= 0.03, $"calibrated {trimmed.Accuracy.Mean}, digital {trimmed.DigitalAccuracy}");
    }
}
