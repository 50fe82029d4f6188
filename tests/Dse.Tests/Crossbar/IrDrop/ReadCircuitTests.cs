using Dse.Crossbar;
using Dse.Crossbar.IrDrop;
using Dse.Devices;
using Dse.Search;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Crossbar.IrDrop;

/// <summary>The read circuit in the fast IR-drop model and the engine: row groups, column phases, switch sizing, column gains.</summary>
public class ReadCircuitTests
{
    private static PeripheryModel Periphery => ShippedModels.Periphery;
    private static DeviceModel Device(string name) => ShippedModels.QuietDevice(name);

    [Fact]
    public void A_read_of_one_cell_is_the_series_circuit_through_the_lumped_wires()
    {
        // 4 x 4 tile read one row at a time with 4 columns per ADC and floating unselected bitlines: every read senses a single
        // cell (i, j), so its current is Vread / (Rdrv + (j + 1) Rw + Racc + 1/G + (R - i) Rb + Rsense) exactly.
        var device = Device("rram1");
        var par = TileParasitics.For(Periphery.Wires!, device, 1);
        var model = new IrDropModel(par, 0.5, 1.0);
        double dG = 1e-6;
        var levels = new float[16];
        for (int k = 0; k < 16; k++) levels[k] = 3 + k;
        var alpha = model.Attenuation(levels, 4, 4, 4, 1, 4, 4, UnselectedBitlines.Floating, [[0, 1, 2, 3]], dG);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                double g = levels[i * 4 + j] * dG;
                double expected = 0.5 / (par.DriverOhm + (j + 1) * par.WordlineSegmentOhm + par.AccessOhm + 1 / g + (4 - i) * par.BitlineSegmentOhm + par.SenseOhm);
                double modelled = 0.5 * alpha[i * 4 + j] * par.CellConductanceS(g);
                Assert.Equal(expected, modelled, expected * 1e-6);
            }
    }

    [Theory]
    [InlineData(UnselectedBitlines.Floating)]
    [InlineData(UnselectedBitlines.Grounded)]
    public void Lumped_group_and_phase_solves_equal_the_whole_tile_with_only_that_read_driven(UnselectedBitlines unselected)
    {
        // rows 16 read 4 at a time, 12 columns 3 per ADC: the attenuation of group g, phase m must be the solve of the whole tile
        // with only group g's rows driving (density 1) and only phase m's bitlines conducting (floating) or all of them (grounded).
        var device = Device("fefet2");
        var model = new IrDropModel(TileParasitics.For(Periphery.Wires!, device, 1), Periphery.ReadVoltageV, 1.0);
        double dG = CellProgramming.LevelStepS(device, 2), gMin = CellProgramming.GMinLevels(device, 2);
        var rng = new Dse.Randomness.Rng(3);
        int rows = 16, cols = 12;
        var levels = new float[rows * cols];
        for (int k = 0; k < levels.Length; k++) levels[k] = (float)(gMin + rng.NextInt(4));
        var alpha = model.Attenuation(levels, rows, cols, rows, 4, 3, cols, unselected, [Enumerable.Range(0, cols).ToArray()], dG);
        var g = levels.Select(l => l * dG).ToArray();
        for (int group = 0; group < 4; group++)
            for (int phase = 0; phase < 3; phase++)
            {
                var active = Enumerable.Range(0, rows).Select(i => i / 4 == group).ToArray();
                var selected = Enumerable.Range(0, cols).Select(j => j % 3 == phase).ToArray();
                var currents = model.FastColumnCurrents(g, rows, cols, active, selected, unselected);
                for (int j = phase; j < cols; j += 3)
                {
                    double fromMap = 0;
                    for (int i = group * 4; i < group * 4 + 4; i++) fromMap += Periphery.ReadVoltageV * alpha[i * cols + j] * model.Parasitics.CellConductanceS(g[i * cols + j]);
                    Assert.Equal(currents[j], fromMap, currents[j] * 1e-5);
                }
            }
    }

    [Fact]
    public void Fewer_rows_per_read_and_floating_bitlines_lose_less_current()
    {
        var device = Device("rram1");
        var model = new IrDropModel(TileParasitics.For(Periphery.Wires!, device, 1), Periphery.ReadVoltageV, 0.5);
        double dG = CellProgramming.LevelStepS(device, 2);
        var levels = Enumerable.Repeat((float)(CellProgramming.GMinLevels(device, 2) + 3), 128 * 128).ToArray();
        double Mean(int rowsPerRead, int colsPerAdc, UnselectedBitlines unselected)
            => model.Attenuation(levels, 128, 128, 128, rowsPerRead, colsPerAdc, 128, unselected, [Enumerable.Range(0, 128).ToArray()], dG).Average(a => (double)a);
        double whole = Mean(128, 1, UnselectedBitlines.Grounded), grounded8 = Mean(128, 8, UnselectedBitlines.Grounded);
        double floating8 = Mean(128, 8, UnselectedBitlines.Floating), group16 = Mean(16, 8, UnselectedBitlines.Floating);
        Assert.Equal(whole, grounded8, 6);
        Assert.True(floating8 > whole + 0.05, $"floating 8:1 mux {floating8:F3} vs whole array {whole:F3}");
        Assert.True(group16 > floating8, $"16 rows per read {group16:F3} vs 128 {floating8:F3}");
    }

    [Fact]
    public void Load_sized_switches_follow_the_current_they_carry_and_never_shrink()
    {
        var device = Device("rram1");
        var wires = Periphery.Wires!;
        var load = ReadCircuitModel.WholeArray with { SwitchSizing = SwitchSizing.Load, UnselectedBitlines = UnselectedBitlines.Floating };
        var wide = SwitchSizes.For(wires, load, device, new ReadGeometry(256, 256, 256, 1));
        Assert.Equal(0.25 / (256 * device.GMaxS), wide.SenseOhm, 1e-9);
        Assert.Equal(wires.SenseInputOhm / wide.SenseOhm, wide.SenseWidthRatio, 1e-9);
        var narrow = SwitchSizes.For(wires, load, device, new ReadGeometry(256, 256, 1, 256));
        Assert.Equal(wires.DriverOutputOhm, narrow.DriverOhm);
        Assert.Equal(1, narrow.DriverWidthRatio);
        var fixedSizes = SwitchSizes.For(wires, ReadCircuitModel.WholeArray, device, new ReadGeometry(256, 256, 256, 1));
        Assert.Equal((wires.DriverOutputOhm, wires.SenseInputOhm, 1.0, 1.0), (fixedSizes.DriverOhm, fixedSizes.SenseOhm, fixedSizes.DriverWidthRatio, fixedSizes.SenseWidthRatio));
        var clamped = SwitchSizes.For(wires, load with { SenseNode = SenseNode.Clamped, ClampLoopGain = 100 }, device, new ReadGeometry(256, 256, 256, 1));
        Assert.Equal(wide.SenseOhm / 100, clamped.SenseOhm, 1e-12);
    }

    [Fact]
    public void Gain_calibration_restores_an_attenuated_column_within_its_quantisation_step()
    {
        // Zero variation, 32 x 16 rram1 crossbars read whole, fullScale range at 6 bits: IR drop scales each column's partial sums
        // down by several LSB; the calibrated gains bring every partial sum back to the ideal-wire sum within one LSB.
        var (store, queries) = TestProblems.Random(3, 4, 64, 2, 4, 11);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var device = Device("rram1");
        var job = new MonteCarloJob(ops, CellArray.Map(ops.Stored, 2, SignedMapping.Differential), [new CrossbarVariant(device, 0)], [32], [6],
            AdcRangeMode.FullScale, 0.999, 2, 1, 42, 32)
        {
            Reference = AdcReference.Nominal,
            Gain = AdcGain.Calibrated,
            Wires = new CrossbarWires(Periphery.Wires!, 1, Periphery.ReadVoltageV, [ReadGeometry.WholeTile(32, 16)]),
        };
        var cells = job.Cells;
        int d = cells.Dim, p = cells.PhysicalColumns;
        double gMin = CellProgramming.GMinLevels(device, 2);
        double lsb = AdcTransfer.FullScaleLevels(32, 2, device.GMinS, device.GMaxS, AdcReference.Nominal) / 64;
        var gains = MonteCarloEngine.ColumnGains(job, 0, 0, 0);
        Assert.Equal(d / 32 * p, gains.Length);
        double worstRaw = 0, worstCorrected = 0;
        for (int f = 0; f < d / 32; f++)
        {
            var sums = MonteCarloEngine.FinePartialSums(job, 0, 0, f);
            for (int row = 0; row < sums.Length / p; row++)
                for (int c = 0; c < p; c++)
                {
                    double ideal = 0;
                    for (int k = f * 32; k < (f + 1) * 32; k++) ideal += ops.Planes[row * d + k] * (gMin + cells.Levels[k * p + c]);
                    worstRaw = Math.Max(worstRaw, Math.Abs(sums[row * p + c] - ideal));
                    worstCorrected = Math.Max(worstCorrected, Math.Abs(sums[row * p + c] * gains[f * p + c] - ideal));
                }
        }
        Assert.True(worstRaw > 2 * lsb, $"raw error {worstRaw:F2} levels, LSB {lsb:F2}");
        Assert.True(worstCorrected < lsb, $"corrected error {worstCorrected:F3} levels, LSB {lsb:F2}");
    }
}
