using Dse.Crossbar;
using Dse.Crossbar.IrDrop;
using Dse.Devices;
using Dse.Diagnostics;

namespace Dse.Costs;

/// <summary>Latency convention of the cost model.</summary>
public enum CostClock
{
    /// <summary>Each column-mux step takes <c>max(WL, mux delay) + ADC conversion</c>, nothing more.</summary>
    Analog,

    /// <summary>NeuroSim's synchronous clock: each step takes <c>syncClockFactor x (max(WL, mux delay) + ADC conversion)</c> (beta 1.4).</summary>
    Neurosim,
}

/// <summary>
/// Geometry and workload statistics of one design's query search, as the analytical cost model
/// needs them; independent of the Monte-Carlo model. Construction does not validate: call
/// <see cref="Validate"/> (<see cref="CostModel.Evaluate"/> does) so that <c>with</c> copies are
/// checked too.
/// </summary>
/// <param name="Rows">Crossbar rows (wordlines). Range: <see cref="GeometryRange"/>.</param>
/// <param name="Cols">Crossbar columns (bitlines). Range: <see cref="GeometryRange"/>.</param>
/// <param name="CellBits">Bits stored per cell. Range: <see cref="CellArray.CellBitsRange"/> (and at most the device's <c>MaxBitsPerCell</c>, checked by <see cref="CostModel.Evaluate"/>).</param>
/// <param name="AdcBits">ADC resolution B in bits. Range: <see cref="AdcResolution.Bits"/>.</param>
/// <param name="ColsPerAdc">Columns sharing one ADC through a column multiplexer. Range: 1 &lt;= ColsPerAdc &lt;= Cols.</param>
/// <param name="WeightBits">Bits of a quantised stored value, sign included. Range: <see cref="WeightBitsRange"/>.</param>
/// <param name="InputBits">Bits of a quantised input value, applied one bit-plane per cycle. Range: <see cref="InputBitsRange"/>.</param>
/// <param name="SignedMapping"><see cref="SignedMapping.Differential"/> (two cell groups per stored value, <c>G+ - G-</c>) or <see cref="SignedMapping.Offset"/> (value + bias in one group, plus one shared reference column per slice, present in every row block).</param>
/// <param name="StoredVectors">Stored vectors = logical crossbar columns before bit slicing (sum of OVT token counts for <c>digitalPooling</c>, 7 N for <c>storedScales</c>). Range: &gt;= 1.</param>
/// <param name="Dim">Stored vector length d' = logical rows. Range: &gt;= 1.</param>
/// <param name="InputVectorsPerQuery">Query rows applied per search (m for <c>digitalPooling</c>, 7 for <c>storedScales</c>). Range: &gt;= 1.</param>
/// <param name="InputActiveFraction">Mean fraction of 1 bits over the input bit-planes. Range: 0 &lt;= x &lt;= 1.</param>
/// <param name="MeanCellLevelFraction">Mean programmed level / top level over all programmed cells; the expected cell conductance is <c>Gmin + f (Gmax - Gmin)</c>. Range: 0 &lt;= f &lt;= 1.</param>
/// <param name="ScoreOpsPerQuery">Digital pooling, weighted-sum and argmax operations per search. Range: &gt;= 0.</param>
/// <param name="OvtCount">Number of stored OVTs N. Range: 1 &lt;= OvtCount &lt;= StoredVectors.</param>
public sealed record CostDesign(
    int Rows,
    int Cols,
    int CellBits,
    int AdcBits,
    int ColsPerAdc,
    int WeightBits,
    int InputBits,
    SignedMapping SignedMapping,
    int StoredVectors,
    int Dim,
    int InputVectorsPerQuery,
    double InputActiveFraction,
    double MeanCellLevelFraction,
    long ScoreOpsPerQuery,
    int OvtCount)
{
    /// <summary>Valid crossbar rows and columns of a costed design: 1..65536 (a sweep's crossbar sizes are fewer, see the <c>crossbar</c> axis).</summary>
    public static IntRange GeometryRange { get; } = new(1, 65536);

    /// <summary>Valid widths of a costed stored value, sign included: 2..32 bits (a simulated one is narrower, <see cref="Quantizer.BitsRange"/>).</summary>
    public static IntRange WeightBitsRange { get; } = new(2, 32);

    /// <summary>Valid widths of a costed input value: 1..32 bits, one bit-plane per cycle (a simulated one is narrower, <see cref="Quantizer.BitsRange"/>).</summary>
    public static IntRange InputBitsRange { get; } = new(1, 32);

    /// <summary>The counts that must be at least 1 (stored vectors, dimensions, input vectors per query).</summary>
    private static readonly IntRange Positive = new(1, int.MaxValue);

    /// <summary>
    /// ADC model name, one of <see cref="AdcModelSet.Names"/> (default <c>neurosimSar</c>); an init
    /// property so that positional construction stays unchanged.
    /// </summary>
    public string AdcModel { get; init; } = AdcModelSet.NeurosimSarName;

    /// <summary>Latency convention (default <see cref="CostClock.Analog"/>); an init property so that positional construction stays unchanged.</summary>
    public CostClock Clock { get; init; } = CostClock.Analog;

    /// <summary>
    /// Dummy reference columns per crossbar for the ADC zero (<c>adcReference: referenceColumn</c>): level-0 (Gmin) cells driven by the
    /// same wordlines whose current is subtracted before the ADC, so they add cells, wordline load and cell current but no
    /// conversions. Range: &gt;= 0 (default 0).
    /// </summary>
    public int ReferenceColumnsPerCrossbar { get; init; }

    /// <summary>
    /// ADC resolution of each bit slice, most significant first (docs/models.md, 'Per-slice ADC resolution'); null (default): every
    /// slice at <see cref="AdcBits"/>. When set, it holds <see cref="SlicesPerValue"/> resolutions and <see cref="AdcBits"/> is their
    /// maximum (the widest code, which sizes the step and the digital datapath); build it with <see cref="WithAdcBitsPerSlice"/>.
    /// </summary>
    public AdcBitsPerSlice? AdcBitsPerSlice { get; init; }

    /// <summary>
    /// Wordlines driven together in one read of a subarray (the periphery's <c>readCircuit.rowsPerRead</c>, or a sweep's
    /// <c>rowsPerRead</c>); null (default): all <see cref="Rows"/> at once. The rows are read in <see cref="RowGroups"/> groups one after
    /// the other, each group's partial sums converted and added digitally (docs/models.md, 'Rows per read'). Range: 1..<see cref="Rows"/>.
    /// </summary>
    public int? RowsPerRead { get; init; }

    /// <summary>
    /// The read's switch sizes (<see cref="SwitchSizes.For"/>): the WL switch matrix's area and per-row energy scale with
    /// <see cref="SwitchSizes.DriverWidthRatio"/>, the column mux's area and per-conversion energy with
    /// <see cref="SwitchSizes.SenseWidthRatio"/>; null (default): the periphery's fixed gates (both ratios 1). Range: ratios &gt; 0.
    /// </summary>
    public SwitchSizes? Switches { get; init; }

    /// <summary>
    /// True when each column's gain is trimmed digitally (a sweep's <c>adcGain: calibrated</c>): the periphery's
    /// <c>readCircuit.gainTrimEnergyJPerConversion</c> per conversion and <c>gainTrimAreaM2PerColumn</c> per bitline, as the
    /// <c>gainTrim</c> component. False (default): no trim.
    /// </summary>
    public bool GainCalibrated { get; init; }

    /// <summary>Rows read together: <see cref="RowsPerRead"/>, or <see cref="Rows"/> when null.</summary>
    public int ReadRows => RowsPerRead ?? Rows;

    /// <summary>Row groups each subarray is read in, one after the other: <c>ceil(Rows / ReadRows)</c> (1 when all rows are read at once).</summary>
    public int RowGroups => (Rows + ReadRows - 1) / ReadRows;

    /// <summary>
    /// Width of a column's summed group partials, bits: <c>AdcBits + ceil(log2(RowGroups))</c> (= AdcBits with one group); the input
    /// of the shift-adds (NeuroSim V1.4 SubArray.cpp <c>adderBit = log2(levelOutput) + ceil(log2(numAdd))</c>).
    /// </summary>
    public int GroupSumBits => AdcBits + CeilLog2(RowGroups);

    /// <summary>
    /// Group-partial additions per crossbar, ADC and input cycle: <c>(RowGroups - 1) x SequentialConversionsPerCycle</c>, one
    /// adder per ADC adding each group's code of a column to the running sum (NeuroSim V1.4 SubArray.cpp partial sums, numAdd &gt; 1:
    /// <c>adder.Initialize(adderBit - 1, numAdder)</c> and <c>dff.Initialize(adderBit x numAdder)</c>, numAdder = columns / numColMuxed,
    /// adderBit = <see cref="GroupSumBits"/>).
    /// </summary>
    public long GroupSumAddsPerCycle => (RowGroups - 1L) * SequentialConversionsPerCycle;

    /// <summary>This design with <paramref name="perSlice"/> as its per-slice resolutions and <see cref="AdcBits"/> = their maximum.</summary>
    /// <param name="perSlice">One resolution per bit slice, most significant first.</param>
    public CostDesign WithAdcBitsPerSlice(AdcBitsPerSlice perSlice)
    {
        ArgumentNullException.ThrowIfNull(perSlice);
        return this with { AdcBits = perSlice.MaxBits, AdcBitsPerSlice = perSlice };
    }

    /// <summary>
    /// The ADC banks: each distinct resolution and the number of bit slices converted at it, in ascending resolution; one
    /// entry <c>(AdcBits, SlicesPerValue)</c> for a homogeneous design.
    /// </summary>
    public IReadOnlyList<(int Bits, int Slices)> AdcBanks => AdcBitsPerSlice is null
        ? [(AdcBits, SlicesPerValue)]
        : AdcBitsPerSlice.Bits.GroupBy(b => b).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToArray();

    /// <summary>
    /// This design with <paramref name="storedVectors"/> stored vectors of the same store's statistics: the score operations per query
    /// in proportion, and OVTs of the same mean size, <c>ceil(storedVectors / (StoredVectors / OvtCount))</c> (at least 1, at most one
    /// per stored vector).
    /// </summary>
    /// <param name="storedVectors">Stored vectors. Range: &gt;= 1.</param>
    public CostDesign WithStoredVectors(int storedVectors)
    {
        double vectorsPerOvt = (double)StoredVectors / OvtCount;
        return this with
        {
            StoredVectors = storedVectors,
            ScoreOpsPerQuery = (long)Math.Round(ScoreOpsPerQuery * (double)storedVectors / StoredVectors),
            OvtCount = Math.Clamp((int)Math.Ceiling(storedVectors / vectorsPerOvt), 1, storedVectors),
        };
    }

    /// <summary>True for the <see cref="SignedMapping.Differential"/> mapping.</summary>
    public bool IsDifferential => SignedMapping == SignedMapping.Differential;

    /// <summary>Magnitude bits that are bit-sliced: <c>WeightBits - 1</c> for differential (the sign picks the group), <c>WeightBits</c> for offset.</summary>
    public int MagnitudeBits => IsDifferential ? WeightBits - 1 : WeightBits;

    /// <summary>Cells (slices) per stored value and group: <c>ceil(MagnitudeBits / CellBits)</c>.</summary>
    public int SlicesPerValue => (MagnitudeBits + CellBits - 1) / CellBits;

    /// <summary>
    /// Physical columns of the whole store in one row block: <c>StoredVectors x slices x 2</c> for
    /// differential, <c>StoredVectors x slices + slices</c> (the reference columns) for offset.
    /// </summary>
    public long PhysicalColumns => IsDifferential
        ? 2L * StoredVectors * SlicesPerValue
        : (long)StoredVectors * SlicesPerValue + SlicesPerValue;

    /// <summary>Shift-added column groups per row block and input vector: 2 StoredVectors (differential) or StoredVectors + 1 (offset, the reference).</summary>
    public long ColumnGroups => IsDifferential ? 2L * StoredVectors : StoredVectors + 1L;

    /// <summary>Row blocks: <c>ceil(Dim / Rows)</c>.</summary>
    public int RowBlocks => (Dim + Rows - 1) / Rows;

    /// <summary>Column blocks: <c>ceil(PhysicalColumns / Cols)</c>.</summary>
    public long ColumnBlocks => (PhysicalColumns + Cols - 1) / Cols;

    /// <summary>Crossbars (subarrays): <c>RowBlocks x ColumnBlocks</c>.</summary>
    public long Crossbars => RowBlocks * ColumnBlocks;

    /// <summary>Programmed cells: <c>Dim x PhysicalColumns</c>.</summary>
    public long Cells => Dim * PhysicalColumns;

    /// <summary>Input cycles per search: <c>InputVectorsPerQuery x InputBits</c> (1-bit input planes).</summary>
    public long InputCycles => (long)InputVectorsPerQuery * InputBits;

    /// <summary>ADCs per crossbar: <c>ceil(Cols / ColsPerAdc)</c>.</summary>
    public int AdcsPerCrossbar => (Cols + ColsPerAdc - 1) / ColsPerAdc;

    /// <summary>
    /// Conversions one ADC performs in sequence per input cycle in the fullest crossbar: the
    /// <c>min(Cols, PhysicalColumns)</c> used columns spread evenly over the crossbar's ADCs,
    /// <c>ceil(min(Cols, PhysicalColumns) / AdcsPerCrossbar)</c> (= ColsPerAdc when a full
    /// crossbar's columns divide evenly).
    /// </summary>
    public long SequentialConversionsPerCycle => (Math.Min(Cols, PhysicalColumns) + AdcsPerCrossbar - 1) / AdcsPerCrossbar;

    /// <summary>ADC conversions per search: <c>PhysicalColumns x RowBlocks x InputCycles x RowGroups</c>.</summary>
    public long ConversionsPerSearch => PhysicalColumns * RowBlocks * InputCycles * RowGroups;

    /// <summary>Column-mux steps per crossbar and input cycle: <c>SequentialConversionsPerCycle x RowGroups</c> (each row group a separate read).</summary>
    public long StepsPerCycle => SequentialConversionsPerCycle * RowGroups;

    /// <summary>
    /// Largest left shift applied to an ADC code in shift-and-add, in bits:
    /// <c>(InputBits - 1) + (SlicesPerValue - 1) x CellBits</c> (most significant input plane and slice).
    /// </summary>
    public int ShiftRangeBits => InputBits - 1 + (SlicesPerValue - 1) * CellBits;

    /// <summary>Shift-and-add register width: <c>GroupSumBits + ShiftRangeBits</c> (<c>AdcBits + ShiftRangeBits</c> with one row group).</summary>
    public int ShiftAddWidthBits => GroupSumBits + ShiftRangeBits;

    /// <summary>
    /// Accumulator (and output) width: <c>ShiftAddWidthBits + ceil(log2(RowBlocks)) + 1</c>
    /// (growth of the row-block sum plus the sign of the differential/offset subtraction).
    /// </summary>
    public int AccumulatorWidthBits => ShiftAddWidthBits + CeilLog2(RowBlocks) + 1;

    /// <summary>
    /// Digital additions per search after shift-and-add:
    /// <c>InputVectorsPerQuery x (ColumnGroups x (RowBlocks - 1) + StoredVectors)</c>, i.e. the
    /// row-block sums of every group and one differential/offset subtraction per stored value.
    /// </summary>
    public long AccumulationAddsPerSearch => InputVectorsPerQuery * (ColumnGroups * (RowBlocks - 1) + StoredVectors);

    /// <summary>
    /// Weight shift-add (across the bit slices of a stored value, NeuroSim <c>shiftAddWeight</c>): adds per crossbar and
    /// input cycle, <c>(slices - 1) x ceil(SequentialConversionsPerCycle / slices)</c>; 0 with one slice.
    /// </summary>
    public long WeightShiftAddReadsPerCycle => SlicesPerValue <= 1 ? 0 : (SlicesPerValue - 1L) * ((SequentialConversionsPerCycle + SlicesPerValue - 1) / SlicesPerValue);

    /// <summary>Weight shift-add adder width: <c>GroupSumBits</c>, i.e. <c>AdcBits</c> with one row group (NeuroSim <c>adderBit = log2(levelOutput)</c>).</summary>
    public int WeightShiftAddAdderBits => GroupSumBits;

    /// <summary>Weight shift-add registers per unit: <c>GroupSumBits + 1 + (slices - 1)</c> (NeuroSim <c>ShiftAdd</c> <c>numAdderBit + 1 + numReadPulse - 1</c>).</summary>
    public int WeightShiftAddDffsPerUnit => GroupSumBits + SlicesPerValue;

    /// <summary>
    /// Input shift-add (across the input bit-planes, NeuroSim <c>shiftAddInput</c>): adds per crossbar and input cycle,
    /// <c>ceil(SequentialConversionsPerCycle / slices)</c>; 0 with 1-bit inputs.
    /// </summary>
    public long InputShiftAddReadsPerCycle => InputBits <= 1 ? 0 : (SequentialConversionsPerCycle + SlicesPerValue - 1) / SlicesPerValue;

    /// <summary>Input shift-add adder width: <c>GroupSumBits + slices</c> (NeuroSim <c>adderBit + numCellPerSynapse</c>).</summary>
    public int InputShiftAddAdderBits => GroupSumBits + SlicesPerValue;

    /// <summary>Input shift-add registers per unit: <c>InputShiftAddAdderBits + 1 + (InputBits - 1)</c>.</summary>
    public int InputShiftAddDffsPerUnit => InputShiftAddAdderBits + InputBits;

    /// <summary>Checks every range documented on the parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a parameter is outside its range; the message states the range.</exception>
    public void Validate()
    {
        GeometryRange.Check(Rows, nameof(Rows));
        GeometryRange.Check(Cols, nameof(Cols));
        CellArray.CellBitsRange.Check(CellBits, nameof(CellBits));
        AdcResolution.Bits.Check(AdcBits, nameof(AdcBits));
        new IntRange(1, Cols).Check(ColsPerAdc, nameof(ColsPerAdc));
        WeightBitsRange.Check(WeightBits, nameof(WeightBits));
        InputBitsRange.Check(InputBits, nameof(InputBits));
        if (!Enum.IsDefined(SignedMapping))
            throw new ArgumentOutOfRangeException(nameof(SignedMapping), SignedMapping, "Range: Differential or Offset.");
        if (!Enum.IsDefined(Clock))
            throw new ArgumentOutOfRangeException(nameof(Clock), Clock, "Range: Analog or Neurosim.");
        Positive.Check(StoredVectors, nameof(StoredVectors));
        Positive.Check(Dim, nameof(Dim));
        Positive.Check(InputVectorsPerQuery, nameof(InputVectorsPerQuery));
        Fraction(InputActiveFraction, nameof(InputActiveFraction));
        Fraction(MeanCellLevelFraction, nameof(MeanCellLevelFraction));
        if (ScoreOpsPerQuery < 0)
            throw new ArgumentOutOfRangeException(nameof(ScoreOpsPerQuery), ScoreOpsPerQuery, "Range: ScoreOpsPerQuery >= 0.");
        new IntRange(1, StoredVectors).Check(OvtCount, nameof(OvtCount));
        if (!AdcModelSet.Names.Contains(AdcModel))
            throw new ArgumentOutOfRangeException(nameof(AdcModel), AdcModel, "Range: one of " + string.Join(", ", AdcModelSet.Names) + ".");
        if (RowsPerRead is int readRows)
            new IntRange(1, Rows).Check(readRows, nameof(RowsPerRead));
        if (Switches is { } sw && !(sw.DriverWidthRatio > 0 && sw.SenseWidthRatio > 0 && double.IsFinite(sw.DriverWidthRatio) && double.IsFinite(sw.SenseWidthRatio)))
            throw new ArgumentOutOfRangeException(nameof(Switches), sw.ToString(), "Range: finite width ratios > 0.");
        if (AdcBitsPerSlice is { } perSlice && (perSlice.Slices != SlicesPerValue || perSlice.MaxBits != AdcBits))
            throw new ArgumentOutOfRangeException(nameof(AdcBitsPerSlice), perSlice.ToString(),
                $"Range: {SlicesPerValue} resolutions (one per bit slice) whose maximum is AdcBits = {AdcBits}.");
    }

    /// <summary>Cells of one stored OVT: <c>Dim x (StoredVectors / OvtCount) x slices x (2 for differential, 1 for offset)</c>, the reference columns excluded (shared by all OVTs).</summary>
    public double CellsPerOvt => (double)Dim * StoredVectors / OvtCount * SlicesPerValue * (IsDifferential ? 2 : 1);

    /// <summary><c>ceil(log2(n))</c> for n &gt;= 1 (0 for n = 1).</summary>
    internal static int CeilLog2(long n) => n <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1));

    private static void Fraction(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"Range: 0 <= {name} <= 1.");
    }
}
