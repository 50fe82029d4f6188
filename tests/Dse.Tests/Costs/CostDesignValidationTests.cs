using Dse.Costs;
using Dse.Crossbar;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Costs;

/// <summary>Range checks of <see cref="CostDesign.Validate"/> and <see cref="CostModel.Evaluate"/>.</summary>
public class CostDesignValidationTests
{
    public static TheoryData<CostDesign, string> BadDesigns => new()
    {
        { Design with { Rows = 0 }, "Rows" },
        { Design with { Cols = 0 }, "Cols" },
        { Design with { CellBits = 0 }, "CellBits" },
        { Design with { AdcBits = 17 }, "AdcBits" },
        { Design with { ColsPerAdc = 65 }, "ColsPerAdc" },
        { Design with { WeightBits = 1 }, "WeightBits" },
        { Design with { InputBits = 0 }, "InputBits" },
        { Design with { SignedMapping = (SignedMapping)7 }, "SignedMapping" },
        { Design with { Clock = (CostClock)7 }, "Clock" },
        { Design with { AdcModel = "sar" }, "AdcModel" },
        { Design with { StoredVectors = 0 }, "StoredVectors" },
        { Design with { Dim = 0 }, "Dim" },
        { Design with { InputVectorsPerQuery = 0 }, "InputVectorsPerQuery" },
        { Design with { InputActiveFraction = 1.5 }, "InputActiveFraction" },
        { Design with { MeanCellLevelFraction = double.NaN }, "MeanCellLevelFraction" },
        { Design with { ScoreOpsPerQuery = -1 }, "ScoreOpsPerQuery" },
        { Design with { OvtCount = 17 }, "OvtCount" },
    };

    [Theory]
    [MemberData(nameof(BadDesigns))]
    public void OutOfRange_ThrowsWithRangeInMessage(CostDesign design, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CostModel.Evaluate(Device, Periphery, design));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("Range:", e.Message);
    }

    [Fact]
    public void CellBitsAboveDeviceMaximum_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CostModel.Evaluate(Device with { MaxBitsPerCell = 1 }, Periphery, Design));
        Assert.Contains("MaxBitsPerCell", e.Message);
    }
}
