using Dse.Costs;
using Dse.Crossbar;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Costs;

/// <summary>
/// Per-slice ADC resolution on the cost side: the <see cref="AdcBitsPerSlice"/> value, the homogeneous design as the all-equal
/// special case (bit-identical), a mixed design by hand on the fixtures of <see cref="CostFixtures"/>, and the
/// <see cref="PerSliceAdcCosts"/> split against <see cref="CostModel.Evaluate"/>.
/// </summary>
public class PerSliceAdcCostTests
{
    private static void Near(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected) + 1e-30, $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData("8-6-5-4", new[] { 8, 6, 5, 4 })]
    [InlineData("8,6,5,4", new[] { 8, 6, 5, 4 })]
    [InlineData(" 9 , 3 ", new[] { 9, 3 })]
    [InlineData("16", new[] { 16 })]
    public void Parses_DashOrComma_MostSignificantFirst(string text, int[] bits)
    {
        var a = AdcBitsPerSlice.TryParse(text)!;
        Assert.Equal(bits, a.Bits);
        Assert.Equal(string.Join("-", bits), a.ToString());
        Assert.Equal(a, AdcBitsPerSlice.TryParse(a.ToString()));
        Assert.Equal(bits.Max(), a.MaxBits);
    }

    [Theory]
    [InlineData("")]
    [InlineData("8-x-5")]
    [InlineData("8--5")]
    [InlineData("0-4")]
    [InlineData("17-4")]
    [InlineData("8-6,5")]
    [InlineData("-4")]
    public void RejectsMalformedText(string text) => Assert.Null(AdcBitsPerSlice.TryParse(text));

    [Fact]
    public void Problem_NamesTheSliceCountAndTheFittedRange()
    {
        var survey = AdcModels.Create(SurveyAdcModel.ModelName, Periphery); // fitted from 4 bits
        Assert.Null(AdcBitsPerSlice.TryParse("8-6-5-4")!.Problem(4, survey));
        Assert.Contains("4 resolutions", AdcBitsPerSlice.TryParse("8-6-5")!.Problem(4, survey));
        Assert.Contains("4..16", AdcBitsPerSlice.TryParse("8-6-5-3")!.Problem(4, survey));
        Assert.Throws<ArgumentOutOfRangeException>(() => CostModel.Evaluate(Device, Periphery,
            Design.WithAdcBitsPerSlice(AdcBitsPerSlice.TryParse("8-6-5-3")!) with { AdcModel = SurveyAdcModel.ModelName }));
        Assert.Throws<ArgumentOutOfRangeException>(() => (Design with { AdcBitsPerSlice = AdcBitsPerSlice.TryParse("8-6-5") }).Validate());
        // AdcBits must be the widest slice
        Assert.Throws<ArgumentOutOfRangeException>(() => (Design with { AdcBitsPerSlice = AdcBitsPerSlice.TryParse("8-6-5-4") }).Validate());
    }

    public static TheoryData<string> Variants() => ["sar", "offset", "neurosimClock", "flashVoltage", "flash", "survey", "referenceColumns", "oneBitCells"];

    private static CostDesign Variant(string name) => name switch
    {
        "sar" => Design,
        "offset" => Design with { SignedMapping = SignedMapping.Offset },
        "neurosimClock" => Design with { Clock = CostClock.Neurosim },
        "flashVoltage" => Design with { AdcModel = FlashVoltageAdcModel.ModelName },
        "flash" => Design with { AdcModel = FlashAdcModel.ModelName },
        "survey" => Design with { AdcModel = SurveyAdcModel.ModelName, AdcBits = 6 },
        "referenceColumns" => Design with { SignedMapping = SignedMapping.Offset, ReferenceColumnsPerCrossbar = 2 },
        "oneBitCells" => Design with { CellBits = 1, ColsPerAdc = 4 },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void AllSlicesEqual_IsBitIdenticalToTheHomogeneousDesign(string variant)
    {
        var d = Variant(variant);
        var homogeneous = CostModel.Evaluate(Device, Periphery, d);
        var allEqual = CostModel.Evaluate(Device, Periphery, d.WithAdcBitsPerSlice(AdcBitsPerSlice.Homogeneous(d.AdcBits, d.SlicesPerValue)));
        Assert.Equal(homogeneous.EnergyJ, allEqual.EnergyJ);
        Assert.Equal(homogeneous.LatencyS, allEqual.LatencyS);
        Assert.Equal(homogeneous.AreaM2, allEqual.AreaM2);
        Assert.Equal(homogeneous.Components, allEqual.Components);
    }

    [Fact]
    public void MixedDesign_ByHand()
    {
        // Fixture design (4 slices, 8192 conversions, 32 ADCs, 256 steps), slices 7-5-4-3 bits, most significant first.
        var d = Design.WithAdcBitsPerSlice(AdcBitsPerSlice.TryParse("7-5-4-3")!);
        Assert.Equal(7, d.AdcBits);
        var r = CostModel.Evaluate(Device, Periphery, d);
        var adc = Component(r, "adc");
        // SAR: P(B) = 0.538 uW B + 4.3753 uW + 18.519296 uW (column term), E(B) = P(B) (B + 1) ns:
        // E(7) = 26.660596 x 8 = 213.284768 fJ, E(5) = 153.507576 fJ, E(4) = 25.046596 x 5 = 125.23298 fJ, E(3) = 24.508596 x 4 = 98.034384 fJ
        // 8192 / 4 = 2048 conversions per slice: 2048 x 589.959708 fJ = 1208.442281984 pJ
        Near(1208.442281984e-12, adc.EnergyJ);
        // 32 / 4 = 8 ADCs per slice, A(B) = 0.102995 (296 + 182 B) um^2: 8 x (161.70215 + 124.21197 + 105.46688 + 86.72179) = 3824.82232 um^2
        Near(3824.82232e-12, adc.AreaM2);
        // lockstep banks: 256 steps x (7 + 1) ns = 2048 ns
        Near(2048e-9, adc.LatencyS);
        Assert.Contains("7-5-4-3", adc.Source);
        // digital datapath at the widest code: weight shift-add adder 7 bits, 7 + 4 = 11 registers:
        // 7 x 1 fJ + 11 x 0.5 fJ = 12.5 fJ x 32 cycles x 4 crossbars x 6 adds x 8 units = 76.8 pJ
        Near(76.8e-12, Component(r, "shiftAddSlices").EnergyJ);
        // critical path 256 x (2 + 8) ns + 2 ns + 100 ns = 2662 ns
        Near(2662e-9, r.LatencyS);
        // every other component equals the homogeneous 7-bit design's
        var h7 = CostModel.Evaluate(Device, Periphery, Design with { AdcBits = 7 });
        Assert.Equal(h7.Components.Where(c => c.Name != "adc"), r.Components.Where(c => c.Name != "adc"));
    }

    [Fact]
    public void Split_MatchesTheCostModelOnEveryAssignment()
    {
        int[] bits = [3, 4, 5, 6];
        foreach (var variant in new[] { "sar", "offset", "flashVoltage" })
        {
            var d = Variant(variant);
            var table = PerSliceAdcCosts.Build(Device, Periphery, d, bits);
            Assert.Equal(4, table.Slices);
            foreach (var a in Assignments(bits, 4))
            {
                var direct = CostModel.Evaluate(Device, Periphery, d.WithAdcBitsPerSlice(a));
                var (energyJ, areaM2, latencyS) = table.Of(a);
                Assert.True(Math.Abs(direct.EnergyJ - energyJ) <= 1e-12 * direct.EnergyJ, $"{variant} {a}: energy {direct.EnergyJ:R} vs {energyJ:R}");
                Assert.True(Math.Abs(direct.AreaM2 - areaM2) <= 1e-12 * direct.AreaM2, $"{variant} {a}: area {direct.AreaM2:R} vs {areaM2:R}");
                Assert.Equal(direct.LatencyS, latencyS);
            }
        }
    }

    [Fact]
    public void LowerSlicesAtFewerBits_CostLessThanAllAtTheWidest()
    {
        var mixed = CostModel.Evaluate(Device, Periphery, Design.WithAdcBitsPerSlice(AdcBitsPerSlice.TryParse("7-5-4-3")!));
        var widest = CostModel.Evaluate(Device, Periphery, Design with { AdcBits = 7 });
        Assert.True(mixed.EnergyJ < widest.EnergyJ);
        Assert.True(mixed.AreaM2 < widest.AreaM2);
        Assert.Equal(widest.LatencyS, mixed.LatencyS);
    }

    internal static IEnumerable<AdcBitsPerSlice> Assignments(int[] bits, int slices)
    {
        var index = new int[slices];
        while (true)
        {
            yield return AdcBitsPerSlice.Of(index.Select(i => bits[i]));
            int s = slices - 1;
            while (s >= 0 && ++index[s] == bits.Length) index[s--] = 0;
            if (s < 0) yield break;
        }
    }
}
