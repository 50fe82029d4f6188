using Dse.Costs;
using Dse.Crossbar.IrDrop;
using Dse.Devices;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Costs;

/// <summary>
/// The read circuit in the cost model (issue 29): rows read in groups (<see cref="CostDesign.RowsPerRead"/>), switch widths
/// (<see cref="CostDesign.Switches"/>), a clamped sense node and a per-column gain trim; and that their identity values change nothing.
/// </summary>
public class ReadCircuitCostTests
{
    private static readonly string[] AdcModelNames = [NeurosimSarAdc.Key, FlashVoltageAdc.Key, SurveyAdc.Key, FlashAdc.Key];

    /// <summary>The fixture design and variants that exercise the mux, no mux, offset mapping, reference columns and the synchronous clock.</summary>
    public static TheoryData<string, int> Designs()
    {
        var data = new TheoryData<string, int>();
        foreach (var model in AdcModelNames)
            for (int variant = 0; variant < 4; variant++) data.Add(model, variant);
        return data;
    }

    private static CostDesign Variant(string model, int variant) => variant switch
    {
        0 => Design with { AdcModel = model },
        1 => Design with { AdcModel = model, ColsPerAdc = 1, Clock = CostClock.Neurosim },
        2 => Design with { AdcModel = model, SignedMapping = Dse.Crossbar.SignedMapping.Offset, ReferenceColumnsPerCrossbar = 2, Dim = 300 },
        _ => Design with { AdcModel = model, Rows = 64, Cols = 128, ColsPerAdc = 4, Dim = 200, InputActiveFraction = 0.3 },
    };

    private static void AssertSameBreakdown(CostBreakdown expected, CostBreakdown actual)
    {
        Assert.Equal(expected.Components.Select(c => c.Name), actual.Components.Select(c => c.Name));
        for (int i = 0; i < expected.Components.Count; i++)
        {
            var (e, a) = (expected.Components[i], actual.Components[i]);
            // Bit for bit: the numbers, not just close ones.
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.EnergyJ), BitConverter.DoubleToInt64Bits(a.EnergyJ));
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.LatencyS), BitConverter.DoubleToInt64Bits(a.LatencyS));
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.AreaM2), BitConverter.DoubleToInt64Bits(a.AreaM2));
            Assert.Equal(e, a);
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.EnergyJ), BitConverter.DoubleToInt64Bits(actual.EnergyJ));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.LatencyS), BitConverter.DoubleToInt64Bits(actual.LatencyS));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.AreaM2), BitConverter.DoubleToInt64Bits(actual.AreaM2));
        Assert.Equal((expected.Crossbars, expected.Cells), (actual.Crossbars, actual.Cells));
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void IdentityValues_GiveTheBreakdownWithoutThem_BitForBit(string model, int variant)
    {
        var design = Variant(model, variant);
        var plain = CostModel.Evaluate(Device, Periphery, design);
        Assert.Equal(CostModel.ComponentNames, plain.Components.Select(c => c.Name));
        var identity = design with { RowsPerRead = design.Rows, Switches = new SwitchSizes(751.3, 751.3, 1, 1), GainCalibrated = false };
        AssertSameBreakdown(plain, CostModel.Evaluate(Device, Periphery, identity));
        // A periphery whose read circuit is passive (the shipped one's values) costs as one without a read circuit.
        var passive = Periphery with { ReadCircuit = Shipped.ReadCircuit with { SenseNode = SenseNode.Passive } };
        AssertSameBreakdown(plain, CostModel.Evaluate(Device, passive, identity));
    }

    [Theory]
    [InlineData(128, 1)]
    [InlineData(64, 2)]
    [InlineData(32, 4)]
    [InlineData(48, 3)]
    public void ConversionsAndAdcEnergy_AreProportionalToTheRowGroups(int rowsPerRead, int groups)
    {
        // No active inputs: G_col = 0, so each conversion costs the same whatever the rows it sees.
        var design = Design with { InputActiveFraction = 0 };
        var grouped = design with { RowsPerRead = rowsPerRead };
        Assert.Equal(groups, grouped.RowGroups);
        Assert.Equal(groups * design.ConversionsPerSearch, grouped.ConversionsPerSearch);
        Assert.Equal(128L * 2 * 32 * groups, grouped.ConversionsPerSearch);
        var one = CostModel.Evaluate(Device, Periphery, design);
        var many = CostModel.Evaluate(Device, Periphery, grouped);
        Assert.Equal(groups * Component(one, "adc").EnergyJ, Component(many, "adc").EnergyJ, groups * Component(one, "adc").EnergyJ * 1e-12);
        // Sequential reads: every step's latency (WL, mux, ADC) by the groups.
        foreach (var name in new[] { "wlDrivers", "columnMux", "adc" })
            Assert.Equal(groups * Component(one, name).LatencyS, Component(many, name).LatencyS, 1e-21);
    }

    [Theory]
    [InlineData(64, 2)]
    [InlineData(32, 4)]
    [InlineData(48, 3)]
    public void WithActiveInputs_TheCellCurrentEnergyIsConserved_AndTheConverterEnergyScales(int rowsPerRead, int groups)
    {
        // Voltage-mode flash: per conversion 31 comparators x 2 fJ, plus the cell current Vread^2 G_col over 1 ns, G_col the group's share.
        var design = Design with { AdcModel = FlashVoltageAdc.Key };
        var one = Component(CostModel.Evaluate(Device, Periphery, design), "adc").EnergyJ;
        var many = Component(CostModel.Evaluate(Device, Periphery, design with { RowsPerRead = rowsPerRead }), "adc").EnergyJ;
        double conversions = design.ConversionsPerSearch, comparators = conversions * 31 * 2e-15;
        Assert.Equal(groups * comparators - comparators, many - one, comparators * 1e-9);
    }

    [Fact]
    public void RowGroups_AddOneAdderPerAdc_AndWidenTheShiftAdds()
    {
        var one = CostModel.Evaluate(Device, Periphery, Design);
        Assert.DoesNotContain(one.Components, c => c.Name == "rowGroupSums");
        var design = Design with { RowsPerRead = 32 };
        Assert.Equal((4, 7), (design.RowGroups, design.GroupSumBits));
        Assert.Equal(5 + 2 + 4, design.InputShiftAddAdderBits);
        var many = CostModel.Evaluate(Device, Periphery, design);
        Assert.Equal(CostModel.AllComponentNames.Take(11), many.Components.Select(c => c.Name));
        var sums = Component(many, "rowGroupSums");
        // Per crossbar and input cycle: 3 adds on each of 8 ADCs per column read, 8 column reads; 4 crossbars, 32 input cycles;
        // a 6-bit adder (2 fJ x 0.5 per bit) and 7 register bits (1 fJ x 0.5).
        double adds = 4 * 32 * (3 * 8) * 8;
        Assert.Equal(adds * (6 * 1e-15 + 7 * 0.5e-15), sums.EnergyJ, 1e-24);
        Assert.Equal(4 * 8 * (6 * 2e-12 + 7 * 1e-12), sums.AreaM2, 1e-24);
        Assert.Equal(0, sums.LatencyS);
        Assert.True(many.LatencyS > one.LatencyS);
        Assert.Contains("numAdd", sums.Source);
    }

    [Fact]
    public void WlSwitchMatrix_AndColumnMux_ScaleWithTheirWidthRatios()
    {
        var fixedGates = CostModel.Evaluate(Device, Periphery, Design);
        var wide = CostModel.Evaluate(Device, Periphery, Design with { Switches = new SwitchSizes(300, 100, 2.5, 4) });
        // 4 crossbars x 128 rows x 1 um^2 x 2.5
        Assert.Equal(4 * 128 * 1e-12 * 2.5, Component(wide, "wlDrivers").AreaM2, 1e-24);
        Assert.Equal(2.5 * Component(fixedGates, "wlDrivers").AreaM2, Component(wide, "wlDrivers").AreaM2, 1e-24);
        // 4 crossbars x (64 columns x 0.1 um^2 x 4 + a 10 um^2 decoder)
        Assert.Equal(4 * (64 * 1e-13 * 4 + 1e-11), Component(wide, "columnMux").AreaM2, 1e-24);
        double decoders = 4 * 1e-11;
        Assert.Equal(4 * (Component(fixedGates, "columnMux").AreaM2 - decoders), Component(wide, "columnMux").AreaM2 - decoders, 1e-24);
        // Per-conversion mux energy by 4; the DFF clocking of the WL matrix does not scale, the per-row switching does.
        double conversions = Design.ConversionsPerSearch;
        Assert.Equal(conversions * 1e-16 * 3, Component(wide, "columnMux").EnergyJ - Component(fixedGates, "columnMux").EnergyJ, 1e-24);
        Assert.True(Component(wide, "wlDrivers").EnergyJ < 2.5 * Component(fixedGates, "wlDrivers").EnergyJ);
        Assert.Contains("scale by it", Component(wide, "columnMux").Source);
        Assert.Equal(Component(fixedGates, "adc"), Component(wide, "adc"));
    }

    [Fact]
    public void ClampedSenseNode_AddsOneAmplifierPerAdc_OnlyWhenClamped()
    {
        var passive = Periphery with { ReadCircuit = ReadCircuitModel.WholeArray with { ClampEnergyJPerConversion = 5e-14, ClampAreaM2 = 2e-11 } };
        Assert.DoesNotContain(CostModel.Evaluate(Device, passive, Design).Components, c => c.Name == "senseClamp");
        var clamped = Periphery with { ReadCircuit = passive.ReadCircuit with { SenseNode = SenseNode.Clamped, ClampLoopGain = 100 } };
        var b = CostModel.Evaluate(Device, clamped, Design);
        var clamp = Component(b, "senseClamp");
        Assert.Equal(Design.ConversionsPerSearch * 5e-14, clamp.EnergyJ, 1e-24);
        Assert.Equal(4 * 8 * 2e-11, clamp.AreaM2, 1e-24); // 4 crossbars x 8 ADCs
        Assert.Equal("clampAmplifier", clamp.Model);
        Assert.Equal(CostModel.ComponentNames.Append("senseClamp"), b.Components.Select(c => c.Name));
        Assert.Equal(b.EnergyJ, b.Components.Sum(c => c.EnergyJ), b.EnergyJ * 1e-12);
    }

    [Fact]
    public void GainCalibration_AddsATrimPerColumn_OnlyWhenAsked()
    {
        var trimmed = Periphery with { ReadCircuit = ReadCircuitModel.WholeArray with { GainTrimEnergyJPerConversion = 6e-14, GainTrimAreaM2PerColumn = 9e-12 } };
        Assert.DoesNotContain(CostModel.Evaluate(Device, trimmed, Design).Components, c => c.Name == "gainTrim");
        var design = Design with { GainCalibrated = true, RowsPerRead = 64 };
        var b = CostModel.Evaluate(Device, trimmed, design);
        var trim = Component(b, "gainTrim");
        Assert.Equal(design.ConversionsPerSearch * 6e-14, trim.EnergyJ, 1e-24);
        Assert.Equal(4 * 64 * 9e-12, trim.AreaM2, 1e-24); // 4 crossbars x 64 columns
        Assert.Equal(["rowGroupSums", "gainTrim"], b.Components.Skip(CostModel.ComponentNames.Count).Select(c => c.Name));
    }

    [Fact]
    public void RowsPerRead_OutsideOneToRows_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CostModel.Evaluate(Device, Periphery, Design with { RowsPerRead = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CostModel.Evaluate(Device, Periphery, Design with { RowsPerRead = 129 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CostModel.Evaluate(Device, Periphery, Design with { Switches = new SwitchSizes(1, 1, 0, 1) }));
    }

    [Fact]
    public void LoadSizedSwitches_FromTheShippedPeriphery_WidenTheSenseSwitch()
    {
        // 22 nm: fixed gates 751.3 Ohm; load rule 0.25 / (n Gmax). With Gmax 10 uS and 128 rows driven the sense switch may be at
        // most 195.3 Ohm (3.847 x the fixed width); the driver carries 8 selected bitlines (floating unselected): 3125 Ohm > 751.3, ratio 1.
        var s = SwitchSizes.For(Shipped.Wires!, Shipped.ReadCircuit, Device, new ReadGeometry(128, 64, 128, 8));
        Assert.Equal(1, s.DriverWidthRatio);
        Assert.Equal(751.3 / (0.25 / (128 * 10e-6)), s.SenseWidthRatio, 1e-9);
        Assert.Equal(3.847, s.SenseWidthRatio, 3);
    }
}
