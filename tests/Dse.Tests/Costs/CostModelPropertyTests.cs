using Dse.Costs;
using Dse.Crossbar;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Costs;

/// <summary>Invariants of the cost model over grids of designs.</summary>
public class CostModelPropertyTests
{
    private static readonly int[] RowsGrid = [16, 32, 64, 128, 256, 512, 1024];
    private static readonly int[] CellBitsGrid = [1, 2];
    private static readonly SignedMapping[] Mappings = [SignedMapping.Differential, SignedMapping.Offset];

    private static IEnumerable<CostDesign> Grid()
    {
        foreach (var rows in RowsGrid)
            foreach (var cols in new[] { 32, 64, 128 })
                foreach (var cellBits in CellBitsGrid)
                    foreach (var mapping in Mappings)
                        foreach (var stored in new[] { 1, 16, 128 })
                            yield return Design with { Rows = rows, Cols = cols, CellBits = cellBits, SignedMapping = mapping, StoredVectors = stored, OvtCount = 1 };
    }

    [Fact]
    public void MoreAdcBits_NeverLowerAdcEnergyOrArea()
    {
        foreach (var d in Grid())
            for (int b = 1; b < 12; b++)
            {
                var lo = Component(CostModel.Evaluate(Device, Periphery, d with { AdcBits = b }), "adc");
                var hi = Component(CostModel.Evaluate(Device, Periphery, d with { AdcBits = b + 1 }), "adc");
                Assert.True(hi.EnergyJ >= lo.EnergyJ, $"{d} B={b}");
                Assert.True(hi.AreaM2 >= lo.AreaM2, $"{d} B={b}");
            }
    }

    [Fact]
    public void MoreRows_NeverLowerArrayAreaPerCrossbar()
    {
        foreach (var d in Grid().Where(d => d.Rows == RowsGrid[0]))
        {
            double previous = 0;
            foreach (var rows in RowsGrid)
            {
                var r = CostModel.Evaluate(Device, Periphery, d with { Rows = rows });
                double perCrossbar = Component(r, "array").AreaM2 / r.Crossbars;
                Assert.True(perCrossbar >= previous, $"{d} rows={rows}");
                previous = perCrossbar;
            }
        }
    }

    [Fact]
    public void MoreColsPerAdc_LowerAdcAreaAndHigherLatency()
    {
        foreach (var d in Grid())
        {
            ComponentCost? previous = null;
            for (int k = 1; k <= d.Cols; k *= 2)
            {
                var adc = Component(CostModel.Evaluate(Device, Periphery, d with { ColsPerAdc = k }), "adc");
                if (previous is not null)
                {
                    Assert.True(adc.AreaM2 <= previous.AreaM2, $"{d} colsPerAdc={k}");
                    Assert.True(adc.LatencyS >= previous.LatencyS, $"{d} colsPerAdc={k}");
                }
                previous = adc;
            }
        }
    }

    [Fact]
    public void Differential_UsesTwiceTheMagnitudeSliceColumns()
    {
        foreach (var d in Grid().Where(d => d.SignedMapping == SignedMapping.Differential))
            foreach (var w in new[] { 2, 4, 8, 16 })
            {
                var dw = d with { WeightBits = w };
                int slices = (w - 1 + dw.CellBits - 1) / dw.CellBits;
                Assert.Equal(slices, dw.SlicesPerValue);
                Assert.Equal(2L * dw.StoredVectors * slices, dw.PhysicalColumns);
            }
    }

    [Fact]
    public void ComponentLatencies_SumToTotal_AndAllFinite()
    {
        foreach (var d in Grid())
        {
            var r = CostModel.Evaluate(Device, Periphery, d);
            Assert.True(Math.Abs(r.LatencyS - r.Components.Sum(c => c.LatencyS)) <= 1e-12 * r.LatencyS, d.ToString());
            Assert.All(r.Components, c =>
            {
                Assert.True(double.IsFinite(c.EnergyJ) && c.EnergyJ >= 0, c.Name);
                Assert.True(double.IsFinite(c.AreaM2) && c.AreaM2 >= 0, c.Name);
                Assert.True(double.IsFinite(c.LatencyS) && c.LatencyS >= 0, c.Name);
            });
        }
    }

    // Dim 256 on 128-row crossbars: 2 row blocks. 16 vectors x 8-bit weights, 2 bits per cell, differential:
    // slices = ceil(7 / 2) = 4; physical columns = 16 x 4 x 2 = 128; with 64 columns: 2 column blocks -> 2 x 2 = 4 crossbars.
    [Fact]
    public void CrossbarCount_SmallDesign()
    {
        var d = Design with { Dim = 256, Rows = 128, Cols = 64, StoredVectors = 16, WeightBits = 8, CellBits = 2, SignedMapping = SignedMapping.Differential };
        Assert.Equal(4, d.SlicesPerValue);
        Assert.Equal(128, d.PhysicalColumns);
        Assert.Equal(4, CostModel.Evaluate(Device, Periphery, d).Crossbars);
        // Dim 257 needs a third row block: 3 x 2 = 6 crossbars
        Assert.Equal(6, CostModel.Evaluate(Device, Periphery, d with { Dim = 257 }).Crossbars);
    }
}
