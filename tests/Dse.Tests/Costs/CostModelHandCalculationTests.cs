using Dse.Costs;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Costs;

/// <summary>
/// Each component of <see cref="CostModel.Evaluate"/> against a hand calculation on the fixtures
/// of <see cref="CostFixtures"/>. Shared hand-derived quantities of the fixture design:
/// <code>
/// magnitude bits = 8 - 1 = 7 (differential); slices = ceil(7 / 2) = 4
/// physical columns = 16 x 4 x 2 = 128; row blocks = ceil(256 / 128) = 2; column blocks = ceil(128 / 64) = 2
/// crossbars = 4; tiles = ceil(4 / 2) = 2; ADCs = 4 x ceil(64 / 8) = 32
/// input cycles = 4 vectors x 8 bits = 32
/// conversions = 128 columns x 2 row blocks x 32 cycles = 8192
/// driven wordline segments per cycle = 256 rows x 0.5 x 2 column blocks = 256
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
        Assert.Equal(256L * 128, Result.Cells); // 32768 cells
        Assert.Equal(32, Design.InputCycles);
        Assert.Equal(8192, Design.ConversionsPerSearch);
    }

    [Fact]
    public void Array_WireChargingAndCellArea()
    {
        var c = Component(Result, "array");
        // pitch = sqrt(16) x 100 nm = 400 nm
        // wordline: 64 cols x 400 nm x 0.2 fF/um = 5.12 fF; x (0.5 V)^2 = 1.28 fJ; x 256 driven per cycle = 327.68 fJ
        // bitline: 128 rows x 400 nm x 0.2 fF/um = 10.24 fF; x 0.25 V^2 = 2.56 fJ; x (128 cols x 2 row blocks) = 655.36 fJ
        // per cycle 983.04 fJ; x 32 cycles = 31.45728 pJ
        Near(31.45728e-12, c.EnergyJ);
        // 32 cycles x 10 ns read pulse = 320 ns
        Near(320e-9, c.LatencyS);
        // 4 crossbars x 128 x 64 cells x 16 F^2 x (100 nm)^2 = 5.24288e-9 m^2
        Near(5.24288e-9, c.AreaM2);
        Assert.Contains("adc", c.Model);
    }

    [Fact]
    public void WlDrivers_PerDrivenRowAndPerRow()
    {
        var c = Component(Result, "wlDrivers");
        // 256 driven rows per cycle x 32 cycles x 1 fJ = 8.192 pJ
        Near(8.192e-12, c.EnergyJ);
        // WL delay 2 ns >= mux 1 ns: 32 cycles x 2 ns = 64 ns
        Near(64e-9, c.LatencyS);
        // 4 crossbars x 128 rows x 1 um^2 = 5.12e-10 m^2
        Near(5.12e-10, c.AreaM2);
    }

    [Fact]
    public void ColumnMux_PerConversionAndPerColumn()
    {
        var c = Component(Result, "columnMux");
        // 8192 conversions x 0.1 fJ = 0.8192 pJ
        Near(0.8192e-12, c.EnergyJ);
        // mux delay 1 ns < WL delay 2 ns: not on the path
        Assert.Equal(0, c.LatencyS);
        // 4 crossbars x 64 cols x 0.1 um^2 = 2.56e-11 m^2
        Near(2.56e-11, c.AreaM2);
    }

    [Fact]
    public void Adc_NeurosimSarWithColumnCurrent()
    {
        var c = Component(Result, "adc");
        // G = 1 uS + 0.5 x 10 uS = 6 uS; G_col = (256 / 2 rows) x 0.5 x 6 uS = 384 uS
        // P = 0.538 uW x 5 + 4.3753 uW + 0.072341 W/S x 384 uS x (0.5 / 0.5) = 2.69 + 4.3753 + 27.778944 = 34.844244 uW
        // E = 34.844244 uW x 6 ns = 209.065464 fJ per conversion; x 8192 = 1712.664281088 pJ
        Near(1712.664281088e-12, c.EnergyJ);
        // sequential conversions per cycle = ceil(64 used cols / 8 ADCs) = 8; 32 cycles x 8 x 6 ns = 1536 ns
        Near(1536e-9, c.LatencyS);
        // 32 ADCs x 0.102995 x (296 + 182 x 5) um^2 = 32 x 124.21197 um^2 = 3974.78304 um^2
        Near(3974.78304e-12, c.AreaM2);
        Assert.Contains("SarADC.cpp", c.Model);
        Assert.Contains("cell-current", c.Model);
    }

    [Fact]
    public void ShiftAdd_WidthTimesConversions()
    {
        var c = Component(Result, "shiftAdd");
        // width = 5 ADC bits + (8 - 1) input shifts + (4 - 1) x 2 slice shifts = 18 bits
        Assert.Equal(18, Design.ShiftAddWidthBits);
        // 8192 conversions x 18 bits x 1 fJ/bit = 147.456 pJ
        Near(147.456e-12, c.EnergyJ);
        Assert.Equal(0, c.LatencyS);
        // 32 ADCs x 18 bits x 1 um^2/bit = 5.76e-10 m^2
        Near(5.76e-10, c.AreaM2);
    }

    [Fact]
    public void Accumulation_RowBlockSumsAndDifferentialSubtraction()
    {
        var c = Component(Result, "accumulation");
        // width = 18 + ceil(log2 2) + 1 sign = 20 bits
        Assert.Equal(20, Design.AccumulatorWidthBits);
        // adds per input vector = 32 groups (16 values x 2 polarities) x (2 - 1) row-block adds + 16 subtractions = 48
        // 4 vectors x 48 = 192 adds x 20 bits x 2 fJ/bit = 7.68 pJ
        Near(7.68e-12, c.EnergyJ);
        // (ceil(log2 2) + 1) stages / 1 GHz = 2 ns
        Near(2e-9, c.LatencyS);
        // 2 tiles x 2 adders x 20 bits x 2 um^2/bit = 1.6e-10 m^2
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
    public void Buffers_InputAndOutputBits()
    {
        var c = Component(Result, "buffers");
        // in = 256 x 8 bits x 4 vectors = 8192 bits; out = 16 x 4 x 20 bits = 1280 bits; total 9472 bits
        // write + read: 2 x 9472 x 0.1 fJ = 1.8944 pJ; area 9472 x 0.1 um^2 = 9.472e-10 m^2
        Near(1.8944e-12, c.EnergyJ);
        Assert.Equal(0, c.LatencyS);
        Near(9.472e-10, c.AreaM2);
    }

    [Fact]
    public void Interconnect_HTreeHops()
    {
        var c = Component(Result, "interconnect");
        // tiles = 2 -> ceil(log2 2) = 1 hop
        // bits = 2 column blocks x 8192 input bits + 2 row blocks x 32 groups x 4 vectors x 18 bits = 16384 + 4608 = 20992
        // 20992 bits x 1 hop x 10 fJ = 209.92 pJ
        Near(209.92e-12, c.EnergyJ);
        Assert.Equal(0, c.LatencyS);
        Assert.Equal(0, c.AreaM2);
    }

    [Fact]
    public void Totals_AreSumsAndCriticalPath()
    {
        // critical path = 32 x (max(2, 1) ns + 10 ns + 8 x 6 ns) + 2 ns + 100 ns = 32 x 60 ns + 102 ns = 2022 ns
        Near(2022e-9, Result.LatencyS);
        // energy: 31.45728 + 8.192 + 0.8192 + 1712.664281088 + 147.456 + 7.68 + 0.5 + 1.8944 + 209.92 pJ = 2120.583161088 pJ
        Near(2120.583161088e-12, Result.EnergyJ);
        // area: 5.24288e-9 + 5.12e-10 + 2.56e-11 + 3.97478304e-9 + 5.76e-10 + 1.6e-10 + 1e-9 + 9.472e-10 + 0 = 1.243846304e-8 m^2
        Near(1.243846304e-8, Result.AreaM2);
        Assert.Equal(CostModel.ComponentNames, Result.Components.Select(c => c.Name));
        Assert.All(Result.Components, c => Assert.False(string.IsNullOrWhiteSpace(c.Model)));
    }

    [Fact]
    public void Offset_AddsOneReferenceColumnPerSlice()
    {
        var d = Design with { SignedMapping = CostDesign.Offset };
        // magnitude bits = 8 (offset); slices = ceil(8 / 2) = 4; columns = 16 x 4 + 4 reference = 68
        Assert.Equal(4, d.SlicesPerValue);
        Assert.Equal(68, d.PhysicalColumns);
        // column blocks = ceil(68 / 64) = 2; crossbars = 2 x 2 = 4
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
        // 64 ADCs per crossbar, 1 conversion each per cycle: 32 cycles x 6 ns = 192 ns
        Near(192e-9, Component(r, "adc").LatencyS);
    }

    [Fact]
    public void CellCurrent_CountedOnceInAdc()
    {
        // Raising Gmax changes the ADC's column-current term but not the array's wire charging.
        var brighter = Device with { GMaxS = 21e-6 };
        var r = CostModel.Evaluate(brighter, Periphery, Design);
        Assert.Equal(Component(Result, "array").EnergyJ, Component(r, "array").EnergyJ);
        Assert.True(Component(r, "adc").EnergyJ > Component(Result, "adc").EnergyJ);
    }
}
