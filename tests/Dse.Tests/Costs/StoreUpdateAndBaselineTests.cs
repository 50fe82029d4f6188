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
        CpuFlopsPerS: 1e10, CpuEnergyJPerFlop: 2e-12, SourceFile: "(test)");

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
        // latency = max(4096 / 1e9 = 4.096 us, 32868 / 1e10 = 3.2868 us) = 4.096 us
        Assert.Equal(4.096e-6, b.LatencyS, 1e-15);
        var design = CostModel.Evaluate(Device, Periphery, Design);
        Assert.Equal(b.LatencyS / design.LatencyS, b.SpeedupOver(design));
        Assert.Equal(b.EnergyJ / design.EnergyJ, b.EnergyRatioOver(design));
    }

    [Fact]
    public void Flash_ArrayAddsCellCurrent_ByHand()
    {
        var sar = CostModel.Evaluate(Device, Periphery, Design);
        var flash = CostModel.Evaluate(Device, Periphery, Design with { AdcModel = "flash" });
        // cell current = 32 cycles x (256 dim x 0.5 x 128 columns = 16384 cells) x 0.25 V^2 x 6 uS x 10 ns = 7.86432 nJ
        double extra = Component(flash, "array").EnergyJ - Component(sar, "array").EnergyJ;
        Assert.Equal(7.86432e-9, extra, 1e-18);
        // flash ADC: 8192 conversions x 31 comparators x 2 fJ = 507.904 pJ; latency 32 cycles x 8 x 1 ns = 256 ns;
        // area 32 ADCs x 31 x 10 um^2 = 9920 um^2
        var adc = Component(flash, "adc");
        Assert.Equal(507.904e-12, adc.EnergyJ, 1e-21);
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
        // 12 cores x 2.2 GHz x 16 FLOP/cycle
        Assert.Equal(12 * 2.2e9 * 16, b.CpuFlopsPerS, 1);
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
        Assert.Equal(("$.cpuFlopsPerS", 8, path), (e.Path, e.Line, e.File));
    }

    [Fact]
    public void ColsPerAdcUp_AdcAreaDown_LatencyUp_ForEveryModel()
    {
        foreach (var model in AdcModelSet.Names)
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
