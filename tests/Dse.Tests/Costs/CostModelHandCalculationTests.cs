using Dse.Costs;
using Dse.Crossbar;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Costs;

/// <summary>
/// Each component of <see cref="CostModel.Evaluate"/> against a hand calculation on the fixtures
/// of <see cref="CostFixtures"/>. Shared hand-derived quantities of the fixture design:
/// <code>
/// magnitude bits = 8 - 1 = 7 (differential); slices = ceil(7 / 2) = 4
/// physical columns = 16 x 4 x 2 = 128; row blocks = ceil(256 / 128) = 2; column blocks = ceil(128 / 64) = 2
/// crossbars = 4; tiles = ceil(4 / 2) = 2; ADCs per crossbar = 64 / 8 = 8; ADCs = 32
/// input cycles = 4 vectors x 8 bits = 32; mux steps per cycle = ceil(64 / 8) = 8; steps per search = 256
/// crossbar steps = 4 x 256 = 1024; conversions = 128 columns x 2 row blocks x 32 cycles = 8192
/// selected rows per crossbar and cycle = 256 / 2 x 0.5 = 64
/// effective cell: Gmax 10 uS with 0.25 x 100 kOhm in series = 8 uS; Gmin 0 -> 0; f = 0.5 -> 4 uS; G_col = 64 x 4 uS = 256 uS
/// </code>
/// Tolerance: relative 1e-9 (the hand values are exact decimals).
/// </summary>
public class CostModelHandCalculationTests
{
    private static readonly CostBreakdown Result = CostModel.Evaluate(Device, Periphery, Design);

    private static void Near(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected) + 1e-30, $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Geometry_MatchesHandCount()
    {
        Assert.Equal(4, Design.SlicesPerValue);
        Assert.Equal(128, Design.PhysicalColumns);
        Assert.Equal(2, Design.RowBlocks);
        Assert.Equal(2, Design.ColumnBlocks);
        Assert.Equal(4, Result.Crossbars);
        Assert.Equal(256L * 128, Result.Cells);
        Assert.Equal(32, Design.InputCycles);
        Assert.Equal(8, Design.SequentialConversionsPerCycle);
        Assert.Equal(8192, Design.ConversionsPerSearch);
        Near(4e-6, CostModel.MeanCellConductanceS(Device, Periphery, 0.5));
    }

    [Fact]
    public void Array_WordlineChargingPerMuxStep()
    {
        var c = Component(Result, "array");
        // C_row = 64 cols x (16 / 4 x 100 nm x 0.2 fF/um + 0.01 fF) = 64 x 0.09 fF = 5.76 fF; x (1 V)^2
        // x 64 selected rows x 1024 crossbar steps = 377.48736 pJ
        Near(377.48736e-12, c.EnergyJ);
        Assert.Equal(0, c.LatencyS);
        // 4 crossbars x 128 x 64 cells x 16 F^2 x (100 nm)^2 = 5.24288e-9 m^2
        Near(5.24288e-9, c.AreaM2);
        Assert.Equal("neurosimWlCharging", c.Model);
        Assert.Contains("SubArray.cpp", c.Source);
    }

    [Fact]
    public void WlSwitchMatrix_SelectedRowsAndItsRegisters()
    {
        var c = Component(Result, "wlDrivers");
        // per crossbar step: 64 selected rows x 1 fJ + 128 DFFs x 1 fJ = 192 fJ; x 1024 = 196.608 pJ
        Near(196.608e-12, c.EnergyJ);
        // WL delay 2 ns >= mux 1 ns: 256 steps x 2 ns = 512 ns
        Near(512e-9, c.LatencyS);
        // 4 crossbars x 128 rows x 1 um^2
        Near(5.12e-10, c.AreaM2);
    }

    [Fact]
    public void ColumnMux_PerConversionAndDecoderPerStep()
    {
        var c = Component(Result, "columnMux");
        // 8192 conversions x 0.1 fJ + 1024 crossbar steps x 1 fJ = 0.8192 + 1.024 = 1.8432 pJ
        Near(1.8432e-12, c.EnergyJ);
        // mux delay 1 ns < WL delay 2 ns: not on the path
        Assert.Equal(0, c.LatencyS);
        // 4 crossbars x (64 cols x 0.1 um^2 + 10 um^2 decoder) = 65.6 um^2
        Near(65.6e-12, c.AreaM2);
    }

    [Fact]
    public void Adc_NeurosimSarWithColumnCurrentInside()
    {
        var c = Component(Result, "adc");
        // P = 0.538 uW x 5 + 4.3753 uW + 0.072341 W/S x 256 uS x (0.5 / 0.5) = 2.69 + 4.3753 + 18.519296 = 25.584596 uW
        // E = 25.584596 uW x 6 ns = 153.507576 fJ per conversion; x 8192 = 1257.534062592 pJ
        Near(1257.534062592e-12, c.EnergyJ);
        // 256 steps x 6 ns = 1536 ns
        Near(1536e-9, c.LatencyS);
        // 32 ADCs x 0.102995 x (296 + 182 x 5) um^2 = 32 x 124.21197 um^2 = 3974.78304 um^2
        Near(3974.78304e-12, c.AreaM2);
        Assert.Equal("neurosimSar", c.Model);
        Assert.Contains("SarADC.cpp", c.Source);
        Assert.Contains("inside the model's energy", c.Source);
    }

    [Fact]
    public void ShiftAdd_AcrossSlices_NeuroSimUnits()
    {
        var c = Component(Result, "shiftAddSlices");
        // adds per crossbar and cycle = (4 - 1) x ceil(8 / 4) = 6; adder 5 bits; registers 5 + 1 + (4 - 1) = 9 per unit
        Assert.Equal(6, Design.WeightShiftAddReadsPerCycle);
        Assert.Equal(9, Design.WeightShiftAddDffsPerUnit);
        // per add and unit: 5 x 2 fJ x 0.5 + 9 x 1 fJ x 0.5 = 9.5 fJ; x 32 cycles x 4 crossbars x 6 adds x 8 units = 58.368 pJ
        Near(58.368e-12, c.EnergyJ);
        Assert.Equal(0, c.LatencyS);
        // 4 crossbars x 8 units x (5 x 2 + 9 x 1) um^2 = 608 um^2
        Near(608e-12, c.AreaM2);
    }

    [Fact]
    public void ShiftAdd_AcrossInputBits_NeuroSimUnits()
    {
        var c = Component(Result, "shiftAddInputs");
        // adds per crossbar and cycle = ceil(8 / 4) = 2; adder 5 + 4 = 9 bits; registers 9 + 1 + (8 - 1) = 17
        Assert.Equal(2, Design.InputShiftAddReadsPerCycle);
        Assert.Equal(9, Design.InputShiftAddAdderBits);
        Assert.Equal(17, Design.InputShiftAddDffsPerUnit);
        // per add and unit: 9 x 1 fJ + 17 x 0.5 fJ = 17.5 fJ; x 32 x 4 x 2 x 8 = 35.84 pJ
        Near(35.84e-12, c.EnergyJ);
        // 4 x 8 x (9 x 2 + 17 x 1) um^2 = 1120 um^2
        Near(1120e-12, c.AreaM2);
    }

    [Fact]
    public void ShiftAdds_NotNeededForOneSliceOrOneInputBit()
    {
        var r = CostModel.Evaluate(Device, Periphery, Design with { WeightBits = 2, CellBits = 1, InputBits = 1 });
        Assert.All(new[] { "shiftAddSlices", "shiftAddInputs" }, n =>
        {
            Assert.Equal(0, Component(r, n).EnergyJ);
            Assert.Equal(0, Component(r, n).AreaM2);
            Assert.Equal("none", Component(r, n).Model);
        });
    }

    [Fact]
    public void Accumulation_RowBlockSumsAndDifferentialSubtraction()
    {
        var c = Component(Result, "accumulation");
        // width = 18 + ceil(log2 2) + 1 sign = 20 bits
        Assert.Equal(20, Design.AccumulatorWidthBits);
        // adds = 4 vectors x (32 groups x (2 - 1) + 16 subtractions) = 192; x 20 bits x 2 fJ x 0.5 = 3.84 pJ
        Near(3.84e-12, c.EnergyJ);
        // (ceil(log2 2) + 1) stages / 1 GHz = 2 ns
        Near(2e-9, c.LatencyS);
        // 2 tiles x 2 adders x 20 bits x 2 um^2/bit
        Near(1.6e-10, c.AreaM2);
    }

    [Fact]
    public void Pooling_PerOperation()
    {
        var c = Component(Result, "pooling");
        // 100 ops x 5 fJ = 0.5 pJ; 100 ops / 1 GHz = 100 ns; area 1e-9 m^2 fixed
        Near(0.5e-12, c.EnergyJ);
        Near(100e-9, c.LatencyS);
        Near(1e-9, c.AreaM2);
    }

    [Fact]
    public void Buffers_RegisterFileBits()
    {
        var c = Component(Result, "buffers");
        // in = 256 x 8 bits x 4 vectors = 8192 bits; out = 16 x 4 x 20 bits = 1280 bits; total 9472 bits
        // write + read: 2 x 9472 x 1 fJ = 18.944 pJ; area 9472 x 1 um^2
        Near(18.944e-12, c.EnergyJ);
        Assert.Equal(0, c.LatencyS);
        Near(9.472e-9, c.AreaM2);
    }

    [Fact]
    public void Interconnect_HTreeHops()
    {
        var c = Component(Result, "interconnect");
        // tiles = 2 -> 1 hop; bits = 2 column blocks x 8192 + 2 row blocks x 32 groups x 4 vectors x 18 bits = 20992; x 10 fJ
        Near(209.92e-12, c.EnergyJ);
        Assert.Equal(0, c.LatencyS);
        Assert.Equal(0, c.AreaM2);
    }

    [Fact]
    public void Totals_AreSumsAndCriticalPath()
    {
        // critical path = 256 steps x (max(2, 1) + 6) ns + 2 ns + 100 ns = 2048 + 102 = 2150 ns
        Near(2150e-9, Result.LatencyS);
        // 377.48736 + 196.608 + 1.8432 + 1257.534062592 + 58.368 + 35.84 + 3.84 + 0.5 + 18.944 + 209.92 = 2160.884622592 pJ
        Near(2160.884622592e-12, Result.EnergyJ);
        // 5.24288 + 0.512 + 0.0656 + 3.97478304 + 0.608 + 1.12 + 0.16 + 1.0 + 9.472 + 0 = 22.15526304e-9 m^2
        Near(22.15526304e-9, Result.AreaM2);
        Assert.Equal(CostModel.ComponentNames, Result.Components.Select(c => c.Name));
        Assert.All(Result.Components, c => Assert.False(string.IsNullOrWhiteSpace(c.Model) || string.IsNullOrWhiteSpace(c.Source)));
    }

    [Fact]
    public void NeurosimClock_ScalesTheStepsOnly()
    {
        var r = CostModel.Evaluate(Device, Periphery, Design with { Clock = CostClock.Neurosim });
        // 1.5 x (512 + 1536) ns + 2 ns + 100 ns = 3174 ns; energies unchanged
        Near(3174e-9, r.LatencyS);
        Assert.Equal(Result.EnergyJ, r.EnergyJ);
    }

    [Fact]
    public void Offset_AddsOneReferenceColumnPerSlice()
    {
        var d = Design with { SignedMapping = SignedMapping.Offset };
        // magnitude bits = 8 (offset); slices = ceil(8 / 2) = 4; columns = 16 x 4 + 4 reference = 68
        Assert.Equal(4, d.SlicesPerValue);
        Assert.Equal(68, d.PhysicalColumns);
        Assert.Equal(4, d.Crossbars);
        // adds per input vector = 17 groups x (2 - 1) + 16 subtractions = 33; x 4 vectors = 132
        Assert.Equal(132, d.AccumulationAddsPerSearch);
    }

    [Fact]
    public void NoMux_WhenOneColumnPerAdc()
    {
        var r = CostModel.Evaluate(Device, Periphery, Design with { ColsPerAdc = 1 });
        var mux = Component(r, "columnMux");
        Assert.Equal(0, mux.EnergyJ);
        Assert.Equal(0, mux.AreaM2);
        // 64 ADCs per crossbar, one step per cycle: 32 cycles x 6 ns = 192 ns
        Near(192e-9, Component(r, "adc").LatencyS);
    }

    [Fact]
    public void AccessTransistor_LowersTheColumnCurrent()
    {
        // Without the 25 kOhm in series the on-cell is 10 uS, not 8 uS: a larger SAR column term, the rest unchanged.
        var noAccess = Periphery with { Array = Periphery.Array with { AccessResistanceOverRon = new Dictionary<string, double> { ["rram"] = 0 } } };
        var r = CostModel.Evaluate(Device, noAccess, Design);
        Assert.True(Component(r, "adc").EnergyJ > Component(Result, "adc").EnergyJ);
        Assert.Equal(Component(Result, "array").EnergyJ, Component(r, "array").EnergyJ);
        Assert.Throws<ArgumentOutOfRangeException>(() => CostModel.Evaluate(Device with { Kind = "fefet" }, noAccess, Design));
    }
}
