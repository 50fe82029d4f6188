using System.Text.Json.Nodes;
using Dse.Costs;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Exploration.Axes;
using Dse.Randomness;
using Dse.Search;
using Dse.Tests.Cli;
using Dse.Tests.Shared;
using Dse.Workloads;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Crossbar;

/// <summary>Write-verify as a design knob: the spread per bit slice, common random numbers, the write cost per slice, and the store lifetime.</summary>
public class WriteVerifyTests
{
    /// <summary>A perLevel device with sigma 0.01 at every level, halving the spread per corrective iteration down to 1/10.</summary>
    private static DeviceModel Verifiable(double ratio = 0.5, double floor = 0.1) => TestProblems.Device(0.01) with
    {
        Write = TestProblems.TestWrite with { Verify = new WriteVerifyModel(ratio, floor) },
    };

    /// <summary>Random 8-bit stored values [S = 6, d = 40] mapped at 2 bits per cell, differential: 4 slices, 8 column groups.</summary>
    private static CellArray Cells()
    {
        var rng = new Rng(7);
        var values = Enumerable.Range(0, 6 * 40).Select(_ => (int)(rng.NextDouble() * 255) - 127).ToArray();
        return CellArray.Map(new QuantizedMatrix(values, Enumerable.Repeat(1f, 6).ToArray(), 6, 40, 8), 2, SignedMapping.Differential);
    }

    private static float[] Program(DeviceModel device, CellArray cells, WriteVerify? policy, float[] z)
    {
        var w = new float[cells.Levels.Length];
        CellProgramming.Program(cells.Levels, CellProgramming.NoiseStdGroups(device, cells, 10, policy), (float)CellProgramming.GMinLevels(device, 2), z, w,
            groups: cells.Groups, groupWidth: cells.GroupWidth);
        return w;
    }

    [Fact]
    public void SpreadAfterKIterationsByHand()
    {
        // sigma 0.01 of (Gmax - Gmin) at sigmaScale 10, 2 bits per cell (top level 3): sigma_0 = 10 x 0.01 x 3 = 0.3 level steps.
        // k pulses correct k - 1 times: k = 1 keeps 0.3; k = 3: 0.3 x 0.5^2 = 0.075; k = 5: 0.5^4 = 0.0625 < floor 0.1 -> 0.03.
        var device = Verifiable();
        var cells = Cells();
        foreach (var (k, expected) in new[] { (1, 0.3), (3, 0.075), (5, 0.03) })
        {
            var table = CellProgramming.NoiseStdGroups(device, cells, 10, WriteVerify.Of(k, null));
            Assert.Equal(cells.Groups * 4, table.Length);
            Assert.All(table, s => Assert.Equal(expected, s, 6));
        }
        Assert.Equal(0.25, device.Write.Verify!.SigmaRatio(3), 12);
        Assert.Equal(1.0, device.Write.Verify.SigmaRatio(0));

        // And the programmed cells have that spread: 200000 cells at level 1 after 3 iterations, std within 5 standard errors of 0.075.
        const int n = 200_000;
        var z = new float[n];
        new Rng(3).FillGaussian(z, 0, 1);
        var w = new float[n];
        var std = CellProgramming.NoiseStdGroups(device, cells, 10, WriteVerify.Of(3, null)).AsSpan(0, 4).ToArray();
        CellProgramming.Program(Enumerable.Repeat((byte)1, n).ToArray(), std, (float)CellProgramming.GMinLevels(device, 2), z, w);
        double mean = w.Average(x => (double)x), sd = Math.Sqrt(w.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        Assert.InRange(sd, 0.075 * (1 - 5 / Math.Sqrt(2.0 * n)), 0.075 * (1 + 5 / Math.Sqrt(2.0 * n)));
    }

    [Fact]
    public void SelectiveVerifyChangesOnlyTheChosenSlicesDraws()
    {
        var device = Verifiable();
        var cells = Cells();
        var z = new float[cells.Levels.Length];
        new Rng(11).FillGaussian(z, 0, 1);
        var none = Program(device, cells, null, z);
        Assert.Equal(none, Program(device, cells, WriteVerify.None, z));
        var msb1 = Program(device, cells, WriteVerify.Of(4, 1), z);
        var all = Program(device, cells, WriteVerify.Of(4, null), z);
        float gMin = (float)CellProgramming.GMinLevels(device, 2);
        int p = cells.PhysicalColumns, verifiedCells = 0;
        for (int i = 0; i < z.Length; i++)
        {
            int slice = i % p / cells.GroupWidth % cells.Slices;
            if (slice < cells.Slices - 1)
            {
                // Unverified slice: bit-identical to the write without verify.
                Assert.Equal(BitConverter.SingleToInt32Bits(none[i]), BitConverter.SingleToInt32Bits(msb1[i]));
                continue;
            }
            // Most significant slice: the same draw z[i], the spread 0.3 x 0.5^3 = 0.0375 level steps; identical to full verify there.
            float expected = Math.Max(0f, gMin + cells.Levels[i] + 0.0375f * z[i]);
            Assert.Equal(expected, msb1[i], 5);
            Assert.Equal(BitConverter.SingleToInt32Bits(all[i]), BitConverter.SingleToInt32Bits(msb1[i]));
            if (z[i] != 0) { Assert.NotEqual(none[i], msb1[i]); verifiedCells++; }
        }
        Assert.Equal(z.Length / cells.Slices, verifiedCells);
    }

    [Fact]
    public void MonteCarloKeepsCommonRandomNumbers()
    {
        // A policy that verifies nothing, or verifies with a model that does not narrow the spread, must give the very same counts
        // as the run without a policy: the same draw per cell, only the sigma multiplying it may change.
        var (store, queries) = TestProblems.Random(4, 8, 64, 4, 4, 5, noise: 1.5);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var flat = Verifiable(ratio: 1, floor: 1);
        var job = new MonteCarloJob(ops, CellArray.Map(ops.Stored, 2, SignedMapping.Differential),
            [new CrossbarVariant(flat, 30), new CrossbarVariant(flat, 30, null, WriteVerify.None), new CrossbarVariant(flat, 30, null, WriteVerify.Of(6, 2)),
             new CrossbarVariant(Verifiable(), 30, null, WriteVerify.Of(6, null))],
            [32], [8], AdcRangeMode.FullScale, 0.999, 2, 4, 42, 32) { Reference = AdcReference.ReferenceColumn };
        var counts = MonteCarloEngine.Run(job, 2);
        for (int what = 0; what < 4; what++)
        {
            Assert.Equal(counts.Fractions(0, 0, 0, what), counts.Fractions(1, 0, 0, what));
            Assert.Equal(counts.Fractions(0, 0, 0, what), counts.Fractions(2, 0, 0, what));
        }
        Assert.True(counts.Fractions(3, 0, 0, 0).Average() >= counts.Fractions(0, 0, 0, 0).Average(), "full verify must not lower agreement at sigmaScale 30");
    }

    [Fact]
    public void WriteCostPerSliceByHand()
    {
        // CostFixtures: 16384 cells per OVT in 4 slices (4096 each), 1 pJ per pulse, 100 ns pulses, 10 ns verify reads, 128 rows.
        // msb:1 at 4 iterations: pulses per value 1 + 1 + 1 + 4 = 7 -> 4096 x 7 x 1 pJ = 28.672 nJ; a row waits for its verified
        // slice: 128 x (4 x 100 ns + 4 x 10 ns) = 56.32 us; the most-pulsed cell takes 4 pulses per update.
        var msb1 = StoreUpdateCost.Evaluate(Device, Periphery, Design, WriteVerify.Of(4, 1));
        Assert.Equal(28.672e-9, msb1.WriteEnergyJ, 1e-18);
        Assert.Equal(56.32e-6, msb1.WriteLatencyS, 1e-15);
        Assert.Equal(4, msb1.MaxPulsesPerCell);
        // No verify: one pulse per cell, 16.384 nJ, 128 x 100 ns = 12.8 us.
        var none = StoreUpdateCost.Evaluate(Device, Periphery, Design, WriteVerify.None);
        Assert.Equal(16.384e-9, none.WriteEnergyJ, 1e-18);
        Assert.Equal(12.8e-6, none.WriteLatencyS, 1e-15);
        Assert.Equal(1, none.MaxPulsesPerCell);
        // Full verify equals the device file's 4 iterations on every cell.
        Assert.Equal(StoreUpdateCost.Evaluate(Device, Periphery, Design).WriteEnergyJ, StoreUpdateCost.Evaluate(Device, Periphery, Design, WriteVerify.Of(4, null)).WriteEnergyJ, 1e-18);
    }

    [Fact]
    public void LifetimeByHandAndUpdateFractionScalesEnergyAndWear()
    {
        var write = StoreUpdateCost.Evaluate(Device, Periphery, Design, WriteVerify.Of(4, 1));
        // 2 OVTs x 10 updates a day x 28.672 nJ = 573.44 nJ a day; the verified cells take 4 pulses per update:
        // 1e6 cycles / (10 x 4) per day = 25000 days = 68.45 years; per query 1 nJ + 573.44 nJ / 1000 = 1.57344 nJ.
        var full = StoreLifetime.Evaluate(write, Device, 2, 10, 1, 1000, 1e-9);
        Assert.Equal(573.44e-9, full.WriteEnergyPerDayJ, 1e-18);
        Assert.Equal(25000 / 365.25, full.LifetimeYears, 9);
        Assert.Equal(1.57344e-9, full.AmortisedEnergyPerQueryJ!.Value, 1e-20);
        // A tenth of the values changed per update: a tenth of the energy, ten times the lifetime (changed values spread over the cells).
        var sparse = StoreLifetime.Evaluate(write, Device, 2, 10, 0.1, null, 1e-9);
        Assert.Equal(57.344e-9, sparse.WriteEnergyPerDayJ, 1e-18);
        Assert.Equal(250000 / 365.25, sparse.LifetimeYears, 9);
        Assert.Null(sparse.AmortisedEnergyPerQueryJ);
        Assert.Throws<ArgumentOutOfRangeException>(() => StoreLifetime.Evaluate(write, Device, 2, 10, 1.5, null, 1e-9));
    }

    [Fact]
    public void DefaultsLeaveKeysAndPolicyTextRoundTrips()
    {
        Assert.Equal("", DesignAxes.WriteVerify.Token(null));
        Assert.Equal("", DesignAxes.UpdateFraction.Token(1.0));
        Assert.Equal("", DesignAxes.UpdatesPerDay.Token(null));
        Assert.Equal("", DesignAxes.QueriesPerDay.Token(null));
        Assert.Equal("v4m1", DesignAxes.WriteVerify.Token(WriteVerify.Of(4, 1)));
        foreach (var policy in new[] { WriteVerify.None, WriteVerify.Of(3, null), WriteVerify.Of(8, 2) })
            Assert.Equal(policy, WriteVerify.Parse(policy.ToString()));
        Assert.Same(WriteVerify.None, WriteVerify.Of(0, 2));
        Assert.Null(WriteVerify.Parse("3 msb:0"));
    }

    [Fact]
    public void ABadWriteVerifyModelInADeviceFileNamesPathAndLine()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "rram1.json")))!.AsObject();
        json["name"] = "badverify";
        json["write"]!["verify"]!["sigmaRatioPerIteration"] = 1.5;
        json["write"]!["verify"]!["sigmaFloorRatio"] = -0.1;
        var path = Path.Combine(TestPaths.NewTempDir(), "badverify.json");
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var lines = File.ReadAllLines(path).ToList();
        var ex = Assert.Throws<Dse.Diagnostics.InputException>(() => DeviceLoader.Load(path));
        var ratio = Assert.Single(ex.Errors, e => e.Path == "$.write.verify.sigmaRatioPerIteration");
        Assert.Equal(lines.FindIndex(l => l.Contains("\"sigmaRatioPerIteration\": 1.5")) + 1, ratio.Line);
        Assert.Contains("(0, 1]", ratio.Expected);
        Assert.Single(ex.Errors, e => e.Path == "$.write.verify.sigmaFloorRatio");
        Assert.Equal(new WriteVerifyModel(0.5, 0.1), DeviceLoader.Resolve("rram1", TestPaths.DeviceModels, null).Write.Verify);
    }

    [Fact]
    public void ADeviceWithoutAVerifyModelIsSkippedWithAReason()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray("rram1", "pcm-ibm");
        sweep["crossbar"] = new JsonArray("32x32");
        sweep["cellBits"] = new JsonArray(2);
        sweep["adcBits"] = new JsonArray(8);
        sweep["writeVerify"] = new JsonArray(new JsonObject { ["iterations"] = 3, ["slices"] = "msb:1" });
        sweep["updatesPerDay"] = new JsonArray(10);
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run(["sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = File.ReadAllLines(Path.Combine(outDir, "points.jsonl")).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("rram1", l["device"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.Equal("3 msb:1", l["writeVerify"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.True(l["lifetimeYears"]!.GetValue<double>() > 0));
        Assert.Contains("write.verify", File.ReadAllText(Path.Combine(outDir, "summary.json")));
    }
}
