using Dse.Crossbar;

namespace Dse.Tests.Crossbar;

public class CellArrayTests
{
    private static QuantizedMatrix Stored(params int[] values) => new(values, values.Select(_ => 1f).ToArray(), values.Length, 1, 8);

    [Fact]
    public void DifferentialBitSlicingOfAPositiveValue()
    {
        // 45 = 0b010_1101; 8-bit weights have 7 magnitude bits; 2 bits per cell -> ceil(7/2) = 4 slices:
        // slice0 = 01 = 1, slice1 = 11 = 3, slice2 = 10 = 2, slice3 = 00 = 0 (1 + 3*4 + 2*16 = 45).
        var cells = CellArray.Map(Stored(45), 2, SignedMapping.Differential);
        Assert.Equal(4, cells.Slices);
        Assert.Equal(8, cells.PhysicalColumns); // 2 signs x 4 slices x 1 stored vector
        Assert.Equal(new byte[] { 1, 3, 2, 0, 0, 0, 0, 0 }, cells.Levels);
        Assert.Equal(new[] { 1, 4, 16, 64, -1, -4, -16, -64 }, Enumerable.Range(0, 8).Select(cells.GroupWeight));
    }

    [Fact]
    public void DifferentialPutsNegativeValuesInTheMinusGroups()
    {
        // -45 at 1 bit per cell: 7 slices, magnitude bits 1,0,1,1,0,1,0 in the G- half.
        var cells = CellArray.Map(Stored(-45), 1, SignedMapping.Differential);
        Assert.Equal(7, cells.Slices);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0 }, cells.Levels);
    }

    [Fact]
    public void OffsetMappingAddsTheBiasAndAReferenceColumn()
    {
        // 4-bit weights: bias = 7. q = -3 -> u = 4 = 0b0100; 2 bits per cell, 4 bits -> 2 slices: 00, 01.
        // Reference column holds 7 = 0b0111: slices 11, 01. Layout per slice group: [stored, reference].
        var q = new QuantizedMatrix([-3], [1f], 1, 1, 4);
        var cells = CellArray.Map(q, 2, SignedMapping.Offset);
        Assert.Equal(2, cells.Slices);
        Assert.Equal(2, cells.GroupWidth);
        Assert.Equal(new byte[] { 0, 3, 1, 1 }, cells.Levels);
        Assert.Equal(new[] { 1, 4 }, Enumerable.Range(0, 2).Select(cells.GroupWeight));
    }

    [Fact]
    public void MeanLevelFractionCountsEveryCell()
    {
        // levels {1,3,2,0,0,0,0,0} at 2 bits: sum 6 / (8 cells x 3) = 0.25.
        var cells = CellArray.Map(Stored(45), 2, SignedMapping.Differential);
        Assert.Equal(0.25, cells.MeanLevelFraction(), 12);
    }
}
