using Dse.Diagnostics;

namespace Dse.Crossbar;

/// <summary>How signed values are held by non-negative conductances (docs/models.md).</summary>
public enum SignedMapping
{
    /// <summary>Two cell groups per value: the positive part in <c>G+</c>, the negative in <c>G-</c>; read-out <c>G+ - G-</c>.</summary>
    Differential,
    /// <summary>One group holding <c>q + (2^(bits-1) - 1)</c>; one reference column holding the bias is subtracted digitally.</summary>
    Offset,
}

/// <summary>
/// The stored vectors mapped onto cells: bit slicing of each integer into <c>cellBits</c>-bit levels and the
/// signed mapping. Rows are the embedding dimensions (wordlines), columns the physical bitlines.
/// </summary>
/// <remarks>
/// Column layout: group <c>g</c> of <see cref="GroupWidth"/> columns per (sign, slice) for
/// <see cref="SignedMapping.Differential"/> (<c>g = sign * Slices + slice</c>, sign 0 = positive), and per slice
/// for <see cref="SignedMapping.Offset"/>, where column <c>StoredCount</c> of each group is the reference.
/// Slice <c>s</c> holds bits <c>[s cellBits, (s+1) cellBits)</c> of the magnitude (docs/models.md).
/// </remarks>
public sealed class CellArray
{
    /// <summary>Valid bits per cell: 1..8 (a level is held in a byte; a device may hold fewer, its <c>MaxBitsPerCell</c>).</summary>
    public static IntRange CellBitsRange { get; } = new(1, 8);

    /// <summary>Logical levels, row-major <c>[Dim, PhysicalColumns]</c>, each in <c>0 .. 2^CellBits - 1</c>.</summary>
    public byte[] Levels { get; }

    /// <summary>Rows (embedding width d').</summary>
    public int Dim { get; }

    /// <summary>Stored vectors held.</summary>
    public int StoredCount { get; }

    /// <summary>Bits per cell.</summary>
    public int CellBits { get; }

    /// <summary>Cells per value: <c>ceil(magnitudeBits / cellBits)</c>.</summary>
    public int Slices { get; }

    /// <summary>The signed mapping.</summary>
    public SignedMapping Mapping { get; }

    /// <summary>Columns per group: StoredCount, plus the reference column for offset mapping.</summary>
    public int GroupWidth { get; }

    /// <summary>Number of column groups (2 Slices for differential, Slices for offset).</summary>
    public int Groups { get; }

    /// <summary>Total physical columns: <c>Groups x GroupWidth</c>.</summary>
    public int PhysicalColumns => Groups * GroupWidth;

    /// <summary>Shift-and-add weight of group g: <c>+-2^(slice cellBits)</c>.</summary>
    public int GroupWeight(int g)
    {
        int slice = g % Slices;
        int sign = Mapping == SignedMapping.Differential && g >= Slices ? -1 : 1;
        return sign << (slice * CellBits);
    }

    private CellArray(byte[] levels, int dim, int storedCount, int cellBits, int slices, SignedMapping mapping)
    {
        Levels = levels;
        Dim = dim;
        StoredCount = storedCount;
        CellBits = cellBits;
        Slices = slices;
        Mapping = mapping;
        GroupWidth = mapping == SignedMapping.Offset ? storedCount + 1 : storedCount;
        Groups = mapping == SignedMapping.Differential ? 2 * slices : slices;
    }

    /// <summary>Maps quantised stored vectors <c>[S, d]</c> onto cells.</summary>
    /// <param name="stored">Quantised stored vectors (one per crossbar column before slicing).</param>
    /// <param name="cellBits">Bits per cell. Range: <see cref="CellBitsRange"/>.</param>
    /// <param name="mapping">Signed mapping.</param>
    /// <exception cref="ArgumentOutOfRangeException">When cellBits is outside <see cref="CellBitsRange"/>.</exception>
    public static CellArray Map(QuantizedMatrix stored, int cellBits, SignedMapping mapping)
    {
        CellBitsRange.Check(cellBits, nameof(cellBits));
        int magnitudeBits = mapping == SignedMapping.Differential ? stored.Bits - 1 : stored.Bits;
        int slices = (magnitudeBits + cellBits - 1) / cellBits;
        int d = stored.Dim, s = stored.Rows, bias = stored.MaxMagnitude;
        var array = new CellArray(Array.Empty<byte>(), d, s, cellBits, slices, mapping);
        int p = array.PhysicalColumns, width = array.GroupWidth, mask = (1 << cellBits) - 1;
        var levels = new byte[d * p];
        for (int c = 0; c < s; c++)
            for (int k = 0; k < d; k++)
            {
                int q = stored.Values[c * d + k];
                for (int slice = 0; slice < slices; slice++)
                {
                    int shift = slice * cellBits;
                    if (mapping == SignedMapping.Differential)
                    {
                        int group = q >= 0 ? slice : slices + slice;
                        levels[k * p + group * width + c] = (byte)((Math.Abs(q) >> shift) & mask);
                    }
                    else
                    {
                        levels[k * p + slice * width + c] = (byte)(((q + bias) >> shift) & mask);
                    }
                }
            }
        if (mapping == SignedMapping.Offset)
            for (int k = 0; k < d; k++)
                for (int slice = 0; slice < slices; slice++)
                    levels[k * p + slice * width + s] = (byte)((bias >> (slice * cellBits)) & mask);
        return new CellArray(levels, d, s, cellBits, slices, mapping);
    }

    /// <summary>Mean programmed level over all cells divided by the top level, in [0, 1] (for the cost model's expected conductance).</summary>
    public double MeanLevelFraction()
    {
        long sum = 0;
        foreach (byte b in Levels) sum += b;
        return Levels.Length == 0 ? 0 : sum / ((double)Levels.Length * ((1 << CellBits) - 1));
    }
}
