using Dse.Costs;
using Dse.Devices;
using Dse.Tests.Shared;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Costs;

/// <summary>Reference values of the three ADC models (DESIGN §8) and their monotonicity.</summary>
public class AdcModelTests
{
    private static readonly NeurosimSarAdcModel SarModel = new(Sar);
    private static readonly SurveyAdcModel SurveyModel = new(Survey, 22e-9);
    private static readonly FlashAdcModel FlashModel = new(Flash);

    [Theory]
    // resolution term alone: (0.538 B + 4.3753) uW x (B + 1) ns: B = 5 -> 7.0653 uW x 6 ns = 42.39 fJ; B = 8 -> 8.6793 uW x 9 ns = 78.11 fJ
    [InlineData(5, 0, 42.4)]
    [InlineData(8, 0, 78.1)]
    // with G_col = 100 uS at Vread 0.55 V: + 0.072341 W/S x 100 uS x (0.55 / 0.5) = 7.9575 uW:
    // B = 5 -> 15.0228 uW x 6 ns = 90.14 fJ; B = 8 -> 16.6368 uW x 9 ns = 149.7 fJ (the issue rounds to 149.6)
    [InlineData(5, 100e-6, 90.1)]
    [InlineData(8, 100e-6, 149.6)]
    public void NeurosimSar_EnergyPerConversion_AtVread055(int bits, double gColS, double expectedFj)
        => Assert.InRange(SarModel.EnergyPerConversionJ(bits, gColS, 0.55) * 1e15, expectedFj - 0.2, expectedFj + 0.2);

    [Theory]
    // 0.102995 x (296 + 182 B) um^2: B = 5 -> 124.21; B = 8 -> 180.45
    [InlineData(5, 124.2)]
    [InlineData(8, 180.4)]
    public void NeurosimSar_Area(int bits, double expectedUm2) => Assert.InRange(SarModel.AreaM2(bits) * 1e12, expectedUm2 - 0.1, expectedUm2 + 0.1);

    [Theory]
    [InlineData(4, 0.46)]
    [InlineData(6, 0.53)]
    [InlineData(8, 0.85)]
    public void Survey_ReproducesPublishedEnergyWithin5Percent(int bits, double expectedPj)
    {
        double pj = SurveyModel.EnergyPerConversionJ(bits, 0, 0.55) * 1e12;
        Assert.InRange(pj, expectedPj * 0.95, expectedPj * 1.05);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    public void Survey_AreaBetween2800And3300Um2(int bits) => Assert.InRange(SurveyModel.AreaM2(bits) * 1e12, 2700, 3400);

    [Fact]
    public void Survey_SndrAndFomCap_ByHand()
    {
        // SNDR(6) = 6.0206 x 6 + 1.7609 = 37.88 dB; FOMS(6) = min(213.78 - 2.8719 ln 1e9 = 154.27, 128.31 + 3.2205 x 6 = 147.63) = 147.63 dB
        Assert.Equal(37.88, SurveyAdcModel.SndrDb(6), 2);
        Assert.Equal(147.63, SurveyModel.FomsDb(6), 2);
        Assert.Equal(1e-9, SurveyModel.LatencyPerConversionS(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyModel.EnergyPerConversionJ(3, 0, 0.55));
    }

    [Fact]
    public void Flash_ComparatorCountByHand()
    {
        // 6 bits: 2^6 - 1 = 63 comparators x 2 fJ = 126 fJ; area 63 x 10 um^2 = 630 um^2; 1 ns
        Assert.Equal(126e-15, FlashModel.EnergyPerConversionJ(6, 1e-3, 0.55), 1e-24);
        Assert.Equal(630e-12, FlashModel.AreaM2(6), 1e-20);
        Assert.Equal(1e-9, FlashModel.LatencyPerConversionS(6));
    }

    [Fact]
    public void AllModels_MoreBitsNeverLowerEnergyOrArea()
    {
        IAdcModel[] models = [SarModel, FlashModel, SurveyModel];
        foreach (var m in models)
            for (int b = m.MinBits; b < 12; b++)
            {
                Assert.True(m.EnergyPerConversionJ(b + 1, 50e-6, 0.55) >= m.EnergyPerConversionJ(b, 50e-6, 0.55), $"{m.Name} B={b}");
                Assert.True(m.AreaM2(b + 1) >= m.AreaM2(b), $"{m.Name} B={b}");
            }
    }

    [Fact]
    public void ShippedPeriphery_HoldsAllThreeModels()
    {
        var p = PeripheryLoader.Resolve("22nm", Path.Combine(TestPaths.DeviceModels, "periphery"), null);
        Assert.Equal(Survey, p.Adc.Survey);
        // flash comparator: 1.866 uW x 1 ns; 112 minimum transistors x 0.102995 um^2
        Assert.Equal(1.866e-15, p.Adc.Flash.ComparatorEnergyJ, 1e-24);
        Assert.Equal(112 * 0.102995e-12, p.Adc.Flash.ComparatorAreaM2, 1e-20);
        Assert.All(AdcModelSet.Names, n => Assert.Equal(n, AdcModels.Create(n, p).Name));
    }
}
