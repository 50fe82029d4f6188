using Dse.Costs;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Tests.Shared;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Costs;

/// <summary>Store-update cost, the CPU+DRAM baseline and the cell-current term, against hand calculations on <see cref="CostFixtures"/>.</summary>
public class StoreUpdateAndBaselineTests
{
    private static readonly CpuBaselineModel Cpu = new("cpu", "round numbers", DramBandwidthBytesPerS: 1e9, DramEnergyJPerBit: 1e-12,
        DramFirstAccessLatencyS: 100e-9, SingleThreadFlopsPerS: 1e10, MultiThreadFlopsPerS: 4e10, Threads: 4, ThreadForkJoinS: 2e-6,
        PerSearchOverheadS: 5e-6, CpuEnergyJPerFlop: 2e-12, Measured: null, SourceFile: "(test)");

    [Fact]
    public void StoreUpdate_ByHand()
    {
        var w = StoreUpdateCost.Evaluate(Device, Periphery, Design);
        // cells per OVT = 256 dim x (16 vectors / 2 OVTs) x 4 slices x 2 (differential) = 16384
        Assert.Equal(16384, w.CellsPerOvt);
        // energy = 16384 cells x 4 iterations x 1 pJ = 65.536 nJ
        Assert.Equal(65.536e-9, w.WriteEnergyJ, 1e-18);
        // latency = min(256, 128) rows x 4 iterations x (100 ns pulse + 10 ns verify read) = 56.32 us
        Assert.Equal(56.32e-6, w.WriteLatencyS, 1e-15);
        Assert.Equal(1e6, w.WritesBeforeWearOut);
    }

    [Fact]
    public void Baseline_ByHand()
    {
        var b = BaselineCost.Evaluate(Cpu, Design);
        // bytes = 16 vectors x 256 x 8 bits / 8 = 4096; flops = 2 x 4 inputs x 16 x 256 + 100 score ops = 32868
        Assert.Equal(4096, b.Bytes);
        Assert.Equal(32868, b.Flops);
        // energy = 4096 x 8 bits x 1 pJ + 32868 x 2 pJ = 32.768 nJ + 65.736 nJ = 98.504 nJ
        Assert.Equal(98.504e-9, b.EnergyJ, 1e-18);
        // compute: one thread 32868 / 1e10 = 3.2868 us; pool 2 us + 32868 / 4e10 = 2.8217 us -> the pool, 4 threads;
        // latency = 5 us overhead + 0.1 us first access + max(4096 / 1e9 = 4.096 us, 2.8217 us) = 9.196 us
        Assert.Equal(4, b.Threads);
        Assert.Equal(9.196e-6, b.LatencyS, 1e-15);
        var design = CostModel.Evaluate(Device, Periphery, Design);
        Assert.Equal(b.LatencyS / design.LatencyS, b.SpeedupOver(design));
        Assert.Equal(b.EnergyJ / design.EnergyJ, b.EnergyRatioOver(design));
    }

    [Fact]
    public void Baseline_OneThreadWhenThePoolCostsMore()
    {
        // fork-join 10 us: the pool needs 10.8217 us, one thread 3.2868 us; latency = 5 + 0.1 + max(4.096, 3.2868) = 9.196 us
        var b = BaselineCost.Evaluate(Cpu with { ThreadForkJoinS = 10e-6 }, Design with { });
        Assert.Equal(1, b.Threads);
        // a 100x bandwidth leaves compute on the path: 5 + 0.1 + 3.2868 = 8.3868 us
        var fast = BaselineCost.Evaluate(Cpu with { ThreadForkJoinS = 10e-6, DramBandwidthBytesPerS = 1e11 }, Design);
        Assert.Equal(8.3868e-6, fast.LatencyS, 1e-15);
    }

    [Fact]
    public void SwitchingTheAdcModel_LeavesEveryOtherComponentUnchanged()
    {
        var reference = CostModel.Evaluate(Device, Periphery, Design);
        foreach (var model in Periphery.Adc.Models.Keys)
        {
            var r = CostModel.Evaluate(Device, Periphery, Design with { AdcModel = model });
            foreach (var c in r.Components.Where(c => c.Name != "adc"))
            {
                var c0 = Component(reference, c.Name);
                Assert.True((c.EnergyJ, c.LatencyS, c.AreaM2) == (c0.EnergyJ, c0.LatencyS, c0.AreaM2), $"{model}: {c.Name} changed");
            }
            Assert.Equal(model, Component(r, "adc").Model);
        }
    }

    [Fact]
    public void FlashVoltage_AdcAddsCellCurrentOverItsWindow_ByHand()
    {
        var adc = Component(CostModel.Evaluate(Device, Periphery, Design with { AdcModel = "flashVoltage" }), "adc");
        // G_col = 64 active rows x 4 uS (effective: Gmax 10 uS with 25 kOhm in series = 8 uS; Gmin 0; f = 0.5) = 256 uS;
        // per conversion 31 comparators x 2 fJ + (0.5 V)^2 x 256 uS x 1 ns window = 62 + 64 = 126 fJ; x 8192 = 1032.192 pJ
        Assert.Equal(1032.192e-12, adc.EnergyJ, 1e-21);
        // 32 cycles x 8 steps x 1 ns = 256 ns; area 32 ADCs x 31 x 10 um^2 = 9920 um^2
        Assert.Equal(256e-9, adc.LatencyS, 1e-18);
        Assert.Equal(9920e-12, adc.AreaM2, 1e-20);
    }

    [Fact]
    public void Survey_BelowMinBits_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => CostModel.Evaluate(Device, Periphery, Design with { AdcModel = "survey", AdcBits = 3 }));

    [Fact]
    public void ShippedDevicesAndBaselineLoad()
    {
        foreach (var name in new[] { "rram1", "fefet2", "fefet3", "rram4", "fefet6" })
        {
            var d = DeviceLoader.Resolve(name, TestPaths.DeviceModels, null);
            Assert.True(d.Write.EnergyPerCellJ > 0 && d.Write.PulseS > 0 && d.Write.VerifyIterations >= 1 && d.Write.EnduranceCycles >= 1, name);
        }
        var b = BaselineLoader.Resolve("jetson-orin-cpu", Path.Combine(TestPaths.DeviceModels, "baselines"), null);
        Assert.Equal(204.8e9, b.DramBandwidthBytesPerS);
        Assert.Equal(12, b.Threads);
        Assert.Null(b.Measured);
        // achieved, below the 2.2 GHz x 16 FLOP/cycle peak of one core and of twelve
        Assert.InRange(b.SingleThreadFlopsPerS, 1e9, 2.2e9 * 16);
        Assert.InRange(b.MultiThreadFlopsPerS, b.SingleThreadFlopsPerS, 12 * 2.2e9 * 16);
    }

    [Fact]
    public void BadWriteBlock_NamesFilePathAndLine()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "devices", "bad-write.json");
        var ex = Assert.Throws<InputException>(() => DeviceLoader.Load(path));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(("$.write.pulseS", 33, path), (e.Path, e.Line, e.File));
    }

    [Fact]
    public void BadBaseline_NamesFilePathAndLine()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "baselines", "bad-baseline.json");
        var ex = Assert.Throws<InputException>(() => BaselineLoader.Load(path));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(("$.singleThreadFlopsPerS", 9, path), (e.Path, e.Line, e.File));
    }

    [Fact]
    public void ColsPerAdcUp_AdcAreaDown_LatencyUp_ForEveryModel()
    {
        foreach (var model in Periphery.Adc.Models.Keys)
        {
            CostBreakdown? previous = null;
            for (int k = 1; k <= Design.Cols; k *= 2)
            {
                var r = CostModel.Evaluate(Device, Periphery, Design with { ColsPerAdc = k, AdcModel = model });
                if (previous is not null)
                {
                    Assert.True(Component(r, "adc").AreaM2 <= Component(previous, "adc").AreaM2, $"{model} k={k}");
                    Assert.True(r.LatencyS >= previous.LatencyS, $"{model} k={k}");
                }
                previous = r;
            }
        }
    }
}
