using Dse.Costs;
using Dse.Devices;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Costs;

/// <summary>Reference values of the ADC models, their cell-current windows and their monotonicity.</summary>
public class AdcModelTests
{
    private static readonly NeurosimSarAdcModel SarModel = new(Sar);
    private static readonly SurveyAdcModel SurveyModel = new(Survey, 22e-9);
    private static readonly FlashVoltageAdcModel FlashVoltageModel = new(FlashVoltage);
    private static readonly IAdcModel Mlsa = AdcModels.Create(FlashAdcModel.ModelName, Shipped);

    [Theory]
    // resolution term alone: (0.538 B + 4.3753) uW x (B + 1) ns: B = 5 -> 7.0653 uW x 6 ns = 42.39 fJ; B = 8 -> 8.6793 uW x 9 ns = 78.11 fJ
    [InlineData(5, 0, 42.4)]
    [InlineData(8, 0, 78.1)]
    // with G_col = 100 uS at Vread 0.55 V: + 0.072341 W/S x 100 uS x (0.55 / 0.5) = 7.9575 uW:
    // B = 5 -> 15.0228 uW x 6 ns = 90.14 fJ; B = 8 -> 16.6368 uW x 9 ns = 149.7 fJ
    [InlineData(5, 100e-6, 90.1)]
    [InlineData(8, 100e-6, 149.7)]
    public void NeurosimSar_EnergyPerConversion_AtVread055(int bits, double gColS, double expectedFj)
        => Assert.InRange(SarModel.EnergyPerConversionJ(bits, Column(gColS)) * 1e15, expectedFj - 0.2, expectedFj + 0.2);

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
        double pj = SurveyModel.EnergyPerConversionJ(bits, Column(0)) * 1e12;
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
        Assert.Equal(1e-9, SurveyModel.LatencyPerConversionS(6, Column(0)));
        Assert.Equal(1e-9, SurveyModel.SensingWindowS(6, Column(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyModel.EnergyPerConversionJ(3, Column(0)));
    }

    [Fact]
    public void FlashVoltage_ComparatorCountByHand()
    {
        // 6 bits: 2^6 - 1 = 63 comparators x 2 fJ = 126 fJ (no cell current inside); area 63 x 10 um^2 = 630 um^2; 1 ns, also the sensing window
        Assert.False(FlashVoltageModel.IncludesCellCurrent);
        Assert.Equal(126e-15, FlashVoltageModel.EnergyPerConversionJ(6, Column(1e-3)), 1e-24);
        Assert.Equal(630e-12, FlashVoltageModel.AreaM2(6, Column(0)), 1e-20);
        Assert.Equal(1e-9, FlashVoltageModel.LatencyPerConversionS(6, Column(0)));
        Assert.Equal(1e-9, FlashVoltageModel.SensingWindowS(6, Column(0)));
    }

    [Fact]
    public void Flash_CurrentModeSenseAmp_ByHand()
    {
        // 2 bits: L = 4 levels, 3 comparators; R_start = Ron / rows = 100 kOhm / 128 = 781.25 Ohm;
        // references R_i = R_start / (1 - i / 4): R_1 = 1041.67, R_2 = 1562.5 Ohm (both < 4832: t = -1.32118e-10 ln R + 1.7552e-9):
        // t(R_1) = 0.83690 ns, t(R_2) = 0.78333 ns -> t = 0.83690 ns (no capacitance correction below 12.7 kOhm)
        double t = -1.32118e-10 * Math.Log(100e3 / 128 / 0.75) + 1.7552e-9;
        Assert.Equal(t, Mlsa.LatencyPerConversionS(2, Column(100e-6)), 1e-15);
        Assert.True(Mlsa.IncludesCellCurrent);
        // G_col = 100 uS: R' = 10 kOhm x 0.5 / 0.55 = 9090.9 Ohm (middle segment): p = -1.63133e-7 ln R' + 2.1687e-6 = 6.8197e-7 W per comparator;
        // references i = 1..L-3 = 1: R_1' = 1041.67 x 0.5 / 0.55 = 946.97 Ohm (linear): p = -2.85373e-11 x 946.97 + 9.16744e-7 = 8.8972e-7 W, x 3 / 4
        double pCol = -1.63133e-7 * Math.Log(1e4 * 0.5 / 0.55) + 2.1687e-6;
        double pRef = -2.85373e-11 * (100e3 / 128 / 0.75 * 0.5 / 0.55) + 9.16744e-7;
        double power = 3 * pCol + 3 * pRef / 4;
        // switching per comparator (gN = 58.296 aF, gP = 76.892 aF, junction = gate): column 2.25 fF x 2 x (1/3 + 1/4) / 2 x 0.55^2
        // + (2 gN + 2 gN / 3 + 2 gN / 4) x 0.55^2 + (10 gP + 8 gN) x 0.85^2
        double gN = 5.8296e-17, gP = 7.6892e-17;
        double sw = 2.25e-15 * 2 * (1.0 / 3 + 1.0 / 4) / 2 * 0.3025 + (2 * gN + 2 * gN / 3 + 2 * gN / 4) * 0.3025 + (10 * gP + 8 * gN) * 0.7225;
        Assert.Equal(3 * sw + power * t, Mlsa.EnergyPerConversionJ(2, Column(100e-6)), 1e-22);
        // area: 3 x (9 x 0.102995 um^2 + 2.97 um^2 / 4)
        Assert.Equal(3 * (9 * 0.102995e-12 + 2.97e-12 / 4), Mlsa.AreaM2(2, Column(0)), 1e-22);
    }

    [Fact]
    public void Flash_MoreColumnCurrentCostsMoreEnergy()
    {
        Assert.True(Mlsa.EnergyPerConversionJ(5, Column(500e-6)) > Mlsa.EnergyPerConversionJ(5, Column(50e-6)));
        Assert.True(Mlsa.EnergyPerConversionJ(5, Column(50e-6)) > Mlsa.EnergyPerConversionJ(5, Column(0)));
    }

    [Fact]
    public void AllModels_MoreBitsNeverLowerEnergyOrArea()
    {
        IAdcModel[] models = [SarModel, FlashVoltageModel, SurveyModel, Mlsa];
        foreach (var m in models)
            for (int b = m.MinBits; b < 10; b++)
            {
                Assert.True(m.EnergyPerConversionJ(b + 1, Column(50e-6)) >= m.EnergyPerConversionJ(b, Column(50e-6)), $"{m.Name} B={b}");
                Assert.True(m.AreaM2(b + 1, Column(50e-6)) >= m.AreaM2(b, Column(50e-6)), $"{m.Name} B={b}");
            }
    }

    [Fact]
    public void ShippedPeriphery_HoldsEveryRegisteredModel()
    {
        Assert.Equal(AdcModelSet.Names.Order(), Shipped.Adc.Models.Keys.Order());
        Assert.All(AdcModelSet.Names, n => Assert.Equal(n, AdcModels.Create(n, Shipped).Name));
        Assert.All(AdcModelSet.Names, n => Assert.False(string.IsNullOrWhiteSpace(AdcModels.Create(n, Shipped).Source)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shipped.Adc.Get("sar"));
    }
}
