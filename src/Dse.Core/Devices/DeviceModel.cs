namespace Dse.Devices;

/// <summary>
/// One non-volatile memory device as stored in <c>device-models/NAME.json</c>: its conductance
/// range, native levels, cell area and programming-variation model.
/// </summary>
/// <param name="Name">File stem, e.g. <c>rram1</c>; the name sweeps use.</param>
/// <param name="Kind">Technology: <c>rram</c>, <c>fefet</c>, <c>pcm</c>, <c>mram</c>, <c>sram</c>.</param>
/// <param name="Description">One line for listings.</param>
/// <param name="GMinS">Lowest programmable conductance in siemens (1 / Roff). Range: 0 &lt;= GMinS &lt; GMaxS.</param>
/// <param name="GMaxS">Highest programmable conductance in siemens (1 / Ron).</param>
/// <param name="Levels">Native number of conductance levels (4 for NVCiM-PT's settings). Range: &gt;= 2.</param>
/// <param name="MaxBitsPerCell">floor(log2(Levels)): the most bits one cell can hold.</param>
/// <param name="CellAreaF2">Cell area in F^2 (F = feature size of the periphery file).</param>
/// <param name="Variation">Programming-variation model.</param>
/// <param name="SourceFile">Path the model was loaded from (for messages and hashes).</param>
public sealed record DeviceModel(
    string Name,
    string Kind,
    string Description,
    double GMinS,
    double GMaxS,
    int Levels,
    int MaxBitsPerCell,
    double CellAreaF2,
    VariationModel Variation,
    string SourceFile)
{
    /// <summary>Store-update (programming) cost of one cell: the file's required <c>write</c> block.</summary>
    public required WriteModel Write { get; init; }

    /// <summary>
    /// Native level used for logical level <paramref name="level"/> at <paramref name="cellBits"/>
    /// bits per cell: levels are spread evenly over the native ones (a 4-level device at 1 bit uses
    /// native levels 0 and 3).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When cellBits exceeds <see cref="MaxBitsPerCell"/> or level is outside 0..2^cellBits-1.</exception>
    public int NativeLevel(int level, int cellBits)
    {
        if (cellBits < 1 || cellBits > MaxBitsPerCell) throw new ArgumentOutOfRangeException(nameof(cellBits), cellBits, $"Range: 1 <= cellBits <= {MaxBitsPerCell}.");
        int top = (1 << cellBits) - 1;
        if (level < 0 || level > top) throw new ArgumentOutOfRangeException(nameof(level), level, $"Range: 0 <= level <= {top}.");
        return (int)((long)level * (Levels - 1) / top);
    }
}

/// <summary>Programming variation of a device, drawn once per Monte-Carlo trial and cell.</summary>
public abstract record VariationModel;

/// <summary>
/// Per-level Gaussian variation (NVCiM-PT / RoCR convention):
/// <c>G' = G + N(0, (s * sigma_k * (Gmax - Gmin))^2)</c>, clipped to [Gmin, Gmax].
/// </summary>
/// <param name="SigmaPerLevel">sigma_k for each native level k, relative to Gmax - Gmin; length = Levels.</param>
/// <remarks>Source: Qin et al., NVCiM-PT, DATE 2025; RoCR, ICCAD 2024, Table 2.</remarks>
public sealed record PerLevelVariation(IReadOnlyList<double> SigmaPerLevel) : VariationModel;

/// <summary>
/// Programming cost of one cell of a device (device file key <c>write</c>), used to cost a store
/// update: writing every cell of one OVT.
/// </summary>
/// <param name="EnergyPerCellJ">Energy of one write pulse on one cell, joules. Range: &gt; 0.</param>
/// <param name="PulseS">Width of one write pulse, seconds. Range: &gt; 0.</param>
/// <param name="VerifyIterations">Program-and-verify iterations per cell write (1 = a single pulse, no verify). Range: 1 &lt;= x &lt;= 1000.</param>
/// <param name="EnduranceCycles">Write cycles a cell survives before wear-out. Range: &gt;= 1.</param>
/// <remarks>Sources: per value in the device file's <c>sources</c> (<c>write.energyPerCellJ</c>, ...).</remarks>
public sealed record WriteModel(double EnergyPerCellJ, double PulseS, int VerifyIterations, double EnduranceCycles);
