namespace Dse.Crossbar.IrDrop;

/// <summary>
/// One read of a subarray: its size and which of its rows and bitlines take part. The rows are read in consecutive groups of
/// <see cref="RowsPerRead"/> wordlines (the last group may be shorter), each group's partial sums converted and added digitally;
/// the bitlines in groups of <see cref="ColsPerAdc"/> sharing one ADC through a column multiplexer, one bitline of each group per
/// read (phase m reads tile column <c>a ColsPerAdc + m</c> of every ADC a).
/// </summary>
/// <param name="TileRows">Subarray rows R (wordlines, the bitline length). Range: &gt;= 1.</param>
/// <param name="TileCols">Subarray data columns C (bitlines, the wordline length). Range: &gt;= 1.</param>
/// <param name="RowsPerRead">Wordlines driven together in one read. Range: 1..<paramref name="TileRows"/>.</param>
/// <param name="ColsPerAdc">Bitlines sharing one ADC. Range: 1..<paramref name="TileCols"/>.</param>
public sealed record ReadGeometry(int TileRows, int TileCols, int RowsPerRead, int ColsPerAdc)
{
    /// <summary>Row groups read one after the other: <c>ceil(TileRows / RowsPerRead)</c>.</summary>
    public int RowGroups => (TileRows + RowsPerRead - 1) / RowsPerRead;

    /// <summary>Bitlines sensed in one read: one per ADC, <c>ceil(TileCols / ColsPerAdc)</c>.</summary>
    public int SelectedColumns => (TileCols + ColsPerAdc - 1) / ColsPerAdc;

    /// <summary>The whole subarray in one read: all rows driven, every bitline sensed.</summary>
    /// <param name="rows">R.</param>
    /// <param name="cols">C.</param>
    public static ReadGeometry WholeTile(int rows, int cols) => new(rows, cols, rows, 1);

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ArgumentException">When a value is out of range.</exception>
    public void Check()
    {
        if (TileRows < 1 || TileCols < 1 || RowsPerRead < 1 || RowsPerRead > TileRows || ColsPerAdc < 1 || ColsPerAdc > TileCols)
            throw new ArgumentException($"Expected 1 <= rowsPerRead <= {TileRows} rows and 1 <= colsPerAdc <= {TileCols} columns, got {RowsPerRead} and {ColsPerAdc}.");
    }
}
