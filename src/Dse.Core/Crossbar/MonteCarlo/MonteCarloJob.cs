using Dse.Crossbar.IrDrop;
using Dse.Devices;

namespace Dse.Crossbar;

/// <summary>
/// One Monte-Carlo job: a mapped store and its quantised inputs, evaluated for every variant, row-block
/// size and ADC resolution on the same trials.
/// </summary>
/// <param name="Operands">Quantised operands and references.</param>
/// <param name="Cells">The stored vectors mapped onto cells.</param>
/// <param name="Variants">Device / sigma-scale / read-time triples; they share the random draws of each trial.</param>
/// <param name="RowsList">Crossbar row counts (row-block sizes) to evaluate.</param>
/// <param name="AdcBitsList">ADC resolutions to evaluate.</param>
/// <param name="RangeMode">How the ADC range is set.</param>
/// <param name="CalibrationQuantile">Quantile of each chip's calibration partial sums used as range (calibrated mode), in (0, 1].</param>
/// <param name="CalibrationQueries">Number of leading scored queries forming the calibration batch when <see cref="MonteCarloJob.Calibration"/> is null.</param>
/// <param name="Trials">Number of programmed chips (with adaptive trials, the most that can be run; see <see cref="MonteCarloEngine.Start"/>).</param>
/// <param name="CellSeed">Seed of the cell draws; trial t uses <c>Rng.DeriveSeed(CellSeed, "trial/t")</c> for programming and
/// <c>"trial/t/stuck"</c>, <c>"trial/t/drift"</c>, <c>"trial/t/oneOverF"</c>, <c>"trial/t/read/CHUNK/BLOCK"</c> for the other terms.</param>
/// <param name="FineRows">Row block on which analog partial sums are formed before summing into blocks of each rows value;
/// must divide every entry of <c>RowsList</c>. Fix it per sweep (the gcd of all its row counts) so a point's numbers do not
/// depend on which other rows values share its job.</param>
public sealed record MonteCarloJob(
    QuantizedOperands Operands,
    CellArray Cells,
    IReadOnlyList<CrossbarVariant> Variants,
    IReadOnlyList<int> RowsList,
    IReadOnlyList<int> AdcBitsList,
    AdcRangeMode RangeMode,
    double CalibrationQuantile,
    int CalibrationQueries,
    int Trials,
    ulong CellSeed,
    int FineRows)
{
    /// <summary>How the ADC zero is removed; default <see cref="AdcReference.Nominal"/>.</summary>
    public AdcReference Reference { get; init; } = AdcReference.Nominal;

    /// <summary>
    /// Physical columns sharing one reference column with <see cref="AdcReference.ReferenceColumn"/> (the crossbar's columns;
    /// column <c>j</c> uses reference column <c>j / span</c>). Null: one per column group (<see cref="CellArray.GroupWidth"/>).
    /// Fix it per sweep (the gcd of its column counts) so a point's numbers do not depend on the other points of its job.
    /// </summary>
    public int? ReferenceColumnSpan { get; init; }

    /// <summary>
    /// The queries each chip converts after programming to calibrate its ADC range and zero; should be disjoint from the scored
    /// queries. Null: the first <see cref="CalibrationQueries"/> scored queries (<see cref="AdcCalibrationBatch.LeadingQueries"/>).
    /// </summary>
    public AdcCalibrationBatch? Calibration { get; init; }

    /// <summary>How each column's gain is set before its ADC; default <see cref="AdcGain.None"/>.</summary>
    public AdcGain Gain { get; init; } = AdcGain.None;

    /// <summary>Comparator offset (per ADC and chip) and noise (per conversion) in LSB; default the ideal converter.</summary>
    public AdcNonideality Comparator { get; init; } = AdcNonideality.Ideal;

    /// <summary>The GEMM implementation the crossbar MMMs run on (default the managed kernel). Managed and BLAS differ only in float
    /// summation order; <see cref="GemmBackend.Int8"/> quantises the programmed conductances (<see cref="FixedPointGemm"/>), a small
    /// change to every partial sum.</summary>
    public GemmBackend Gemm { get; init; } = GemmBackend.Managed;

    /// <summary>Phase timings and FLOP counts of this job, for benchmarks; null: not counted.</summary>
    public EngineCounters? Counters { get; init; }

    /// <summary>
    /// The crossbars' wires and read circuit (IR drop; docs/models.md, 'Wire resistance and IR drop'): entry r of <see cref="RowsList"/>
    /// is read as <c>Wires.Reads[r]</c> says (a subarray's size, <c>RowsList[r]</c> rows per read, columns per ADC; the same rows per
    /// read may come with several geometries), its cells attenuated by each variant's device and their position in the read that
    /// senses them (<see cref="IrDropModel"/>), so the entries no longer share partial sums; the cell draws and programming still are. Null or ideal: <c>Vread sum(active G)</c> exactly (one set of partial sums for every rows value).
    /// </summary>
    public CrossbarWires? Wires { get; init; }

    /// <summary>
    /// Extra physical columns per row block that <see cref="Reference"/> adds to the arrays, and so extra ADC conversions per
    /// input plane and row block: <c>ceil(PhysicalColumns / span)</c> reference columns with <see cref="AdcReference.ReferenceColumn"/>
    /// (their current is subtracted before the ADC, so they add columns and array current, not conversions), 0 otherwise.
    /// </summary>
    public int ReferenceColumns => Reference == AdcReference.ReferenceColumn ? (Cells.PhysicalColumns + Span - 1) / Span : 0;

    /// <summary>One-off ADC reads per programmed chip for calibration at <paramref name="rows"/> rows per read: calibration plane
    /// rows x row blocks x physical columns (0 when neither the range, the zero nor the gain is calibrated).</summary>
    /// <param name="rows">Rows per read (row-block size of the partial sums), &gt;= 1.</param>
    public long CalibrationConversionsPerChip(int rows)
    {
        if (RangeMode != AdcRangeMode.Calibrated && Reference != AdcReference.Calibrated && Gain != AdcGain.Calibrated) return 0;
        var batch = Calibration ?? AdcCalibrationBatch.LeadingQueries(Operands, CalibrationQueries);
        long blocks = (Cells.Dim + rows - 1) / rows;
        return batch.PlaneRows * blocks * Cells.PhysicalColumns;
    }

    internal int Span => ReferenceColumnSpan ?? Cells.GroupWidth;

    /// <summary>
    /// The slice assignments to score and whether to measure the per-slice error surrogate, for the per-slice ADC search. Null (or
    /// neither asked for): the homogeneous designs alone, on the path that runs without per-slice accumulators.
    /// </summary>
    public PerSliceSearchInputs? PerSliceSearch { get; init; }
}
