using Dse.Costs;

namespace Dse.Tests.Costs;

/// <summary>
/// NeuroSim V1.4 SarADC.cpp (22 nm LSTP) reference values: a = 0.538 uW/bit, b = 4.3753 uW,
/// c = 0.072341 W/S, step 1 ns, fit voltage 0.5 V, area 0.102995 (296 + 182 B) um^2.
/// Tolerance 0.05 fJ / 0.05 um^2 (the references are rounded to 0.1).
/// </summary>
public class NeurosimSarAdcModelTests
{
    private static readonly NeurosimSarAdcModel Sar = new(CostFixtures.Sar);

    private static AdcColumn Col(double gColS, double vread) => CostFixtures.Column(gColS) with { ReadVoltageV = vread };

    // Resolution term alone (G_col = 0), Vread 0.5 V:
    //   5 bits: (0.538 x 5 + 4.3753) uW = 7.0653 uW x 6 ns = 42.3918 fJ
    //   8 bits: (0.538 x 8 + 4.3753) uW = 8.6793 uW x 9 ns = 78.1137 fJ
    // G_col = 100 uS at Vread 0.5 V: column term 0.072341 x 1e-4 x 1 = 7.2341 uW
    //   5 bits: 14.2994 uW x 6 ns = 85.7964 fJ;  8 bits: 15.9134 uW x 9 ns = 143.2206 fJ
    // G_col = 100 uS at Vread 0.55 V (the 22 nm periphery): column term 7.2341 x 1.1 = 7.95751 uW
    //   5 bits: 15.02281 uW x 6 ns = 90.13686 fJ;  8 bits: 16.63681 uW x 9 ns = 149.73129 fJ
    [Theory]
    [InlineData(5, 0.0, 0.5, 42.3918)]
    [InlineData(8, 0.0, 0.5, 78.1137)]
    [InlineData(5, 100e-6, 0.5, 85.7964)]
    [InlineData(8, 100e-6, 0.5, 143.2206)]
    [InlineData(5, 100e-6, 0.55, 90.13686)]
    [InlineData(8, 100e-6, 0.55, 149.73129)]
    public void EnergyPerConversion_MatchesHandCalculation(int bits, double gColS, double vread, double expectedFj)
    {
        Assert.Equal(expectedFj, Sar.EnergyPerConversionJ(bits, Col(gColS, vread)) * 1e15, 4);
    }

    [Theory]
    [InlineData(5, 0.0, 0.5, 42.4)]
    [InlineData(8, 0.0, 0.5, 78.1)]
    [InlineData(5, 100e-6, 0.55, 90.1)]
    public void EnergyPerConversion_MatchesPublishedRoundedValues(int bits, double gColS, double vread, double expectedFj)
    {
        Assert.InRange(Sar.EnergyPerConversionJ(bits, Col(gColS, vread)) * 1e15, expectedFj - 0.05, expectedFj + 0.05);
    }

    // 5 bits: 0.102995 x (296 + 910) = 0.102995 x 1206 = 124.21197 um^2 (reference 124.2)
    // 8 bits: 0.102995 x (296 + 1456) = 0.102995 x 1752 = 180.44724 um^2 (reference 180.4)
    [Theory]
    [InlineData(5, 124.21197)]
    [InlineData(8, 180.44724)]
    public void Area_MatchesReference(int bits, double expectedUm2)
    {
        Assert.Equal(expectedUm2, Sar.AreaM2(bits) * 1e12, 4);
    }

    [Theory]
    [InlineData(5, 6e-9)]   // (5 + 1) x 1 ns
    [InlineData(8, 9e-9)]   // (8 + 1) x 1 ns
    public void Latency_IsBitsPlusOneSteps(int bits, double expectedS)
    {
        Assert.Equal(expectedS, Sar.ConversionS(bits), 15);
    }

    [Fact]
    public void MoreBits_NeverLowerEnergyOrArea()
    {
        foreach (var g in new[] { 0.0, 1e-6, 1e-5, 1e-4, 1e-3 })
            foreach (var v in new[] { 0.2, 0.5, 0.55, 1.0 })
                for (int b = 1; b < 16; b++)
                {
                    Assert.True(Sar.EnergyPerConversionJ(b + 1, Col(g, v)) >= Sar.EnergyPerConversionJ(b, Col(g, v)), $"energy at B={b}, G={g}, V={v}");
                    Assert.True(Sar.AreaM2(b + 1) >= Sar.AreaM2(b), $"area at B={b}");
                }
    }

    [Theory]
    [InlineData(0, 0.0, 0.5)]
    [InlineData(5, -1e-6, 0.5)]
    [InlineData(5, double.NaN, 0.5)]
    [InlineData(5, 0.0, 0.0)]
    public void BadArguments_Throw(int bits, double gColS, double vread)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Sar.EnergyPerConversionJ(bits, Col(gColS, vread)));
        Assert.Contains("Range", e.Message);
    }
}
