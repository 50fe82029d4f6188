namespace Dse.Crossbar;

/// <summary>
/// One worker's buffers, sized for a plan and reused across the trials that worker runs. A trial writes every buffer it reads
/// before reading it. Level units are conductance level steps.
/// </summary>
internal sealed class MonteCarloWorkspace
{
    /// <summary>The data cells' draws and programmed conductances.</summary>
    public CellDraws Data { get; }

    /// <summary>The reference cells' draws and programmed conductances; null without reference columns.</summary>
    public CellDraws? Reference { get; }

    /// <summary>The programmed conductances, <c>[d, Stride]</c>, level steps: data columns, then reference columns. Without reference
    /// columns it is <c>Data.W</c>, programmed in place.</summary>
    public float[] W { get; }

    /// <summary><see cref="W"/> attenuated by IR drop for one crossbar size, <c>[d, Stride]</c>; empty when every variant has ideal wires.</summary>
    public float[] WiredW { get; }

    /// <summary>What the GEMMs read (<see cref="W"/>, or <see cref="WiredW"/> with IR drop) packed, <c>[fine block]</c>: one per block
    /// a GEMM starts at.</summary>
    public PackedMatrix[] Packed { get; }

    /// <summary>Per-cell read variance <c>(r G)^2</c>, <c>[d, Stride]</c>; empty unless some variant has per-read noise.</summary>
    public float[] ReadVariance { get; }

    /// <summary>The chunk's analog partial sums, <c>[fine block][chunk plane rows x Stride]</c>, level units (with wires, a block's
    /// sums in its first fine buffer).</summary>
    public float[][] Fine { get; }

    /// <summary>The read-variance GEMM's output, <c>[chunk plane rows x Stride]</c>; empty unless some variant has per-read noise.</summary>
    public float[] Coarse { get; }

    /// <summary>One partial-sum row of a block summed over its fine blocks, <c>[Stride]</c>.</summary>
    public float[] RowSum { get; }

    /// <summary>The chunk's shift-and-added read-out, <c>[rows][adcBits][inputs x GroupWidth]</c>, integers.</summary>
    public int[][][] Accumulators { get; }

    /// <summary>True when the job scores slice assignments or measures slice errors: each bit slice accumulates apart.</summary>
    public bool PerSlice { get; }

    /// <summary>The read-out per bit slice, <c>[rows][slice, least significant first][adcBits][inputs x GroupWidth]</c>; empty unless
    /// <see cref="PerSlice"/>.</summary>
    public int[][][][] SliceAccumulators { get; }

    /// <summary>One mixed design's read-out, <c>[1][inputs x GroupWidth]</c>; empty unless <see cref="PerSlice"/>.</summary>
    public int[][] Mixed { get; }

    /// <summary>One query's dequantised read-out, <c>[query inputs x StoredCount]</c>, the score operand.</summary>
    public double[] Readout { get; }

    /// <summary>The ADC transfers of the chip being simulated, <c>[rows][adcBits]</c>.</summary>
    public AdcTransfer[][] Adc { get; }

    /// <summary>The chip's comparator offsets, <c>[rows][block x PhysicalColumns]</c>, LSB; empty without offset.</summary>
    public float[][] OffsetLsb { get; }

    /// <summary>The chip's comparator-noise table, <see cref="MonteCarloEngine.NoiseTableSize"/> + PhysicalColumns normals times the
    /// noise sigma, LSB; empty without noise.</summary>
    public float[] NoiseTable { get; }

    /// <summary>The chip's seed of the start of each conversion row's run in <see cref="NoiseTable"/>.</summary>
    public ulong NoiseSeed { get; set; }

    /// <summary>The chip's calibrated zero per active row, <c>[rows][block x PhysicalColumns]</c>, level units; empty unless the zero is
    /// calibrated.</summary>
    public float[][] ZeroPerRow { get; }

    /// <summary>The chip's column gains, <c>[rows][block x PhysicalColumns]</c>; empty unless the gains are calibrated.</summary>
    public float[][] ColumnGain { get; }

    /// <summary>One row's data partial sums times their column gains, <c>[PhysicalColumns]</c>; empty unless the gains are calibrated.</summary>
    public float[] Gained { get; }

    /// <summary>Zeros, <c>[GroupWidth]</c>: the comparator offset of a calibrated zero without offset; empty unless the zero is calibrated.</summary>
    public float[] NoOffset { get; }

    /// <summary>Data partial sums less their reference columns' currents, <c>[max(GroupWidth, PhysicalColumns)]</c>, level units.</summary>
    public float[] Shifted { get; }

    /// <summary>One row's comparator error (offset plus noise), <c>[PhysicalColumns]</c>, LSB.</summary>
    public float[] ErrorLsb { get; }

    /// <summary>The calibration batch's analog partial sums, <c>[fine block][calibration plane rows x Stride]</c>; empty without
    /// calibration.</summary>
    public float[][] CalFine { get; }

    /// <summary>The calibration's partial-sum histogram, <c>[MonteCarloEngine.HistogramBins]</c>; empty unless the range is calibrated.</summary>
    public int[] Histogram { get; }

    /// <summary>Buffers for the trials of <paramref name="plan"/>.</summary>
    public MonteCarloWorkspace(MonteCarloPlan plan)
    {
        var job = plan.Job;
        var cells = job.Cells;
        int p = cells.PhysicalColumns, d = cells.Dim, width = cells.GroupWidth;
        Data = new CellDraws(d * p, plan.Terms);
        Reference = plan.ReferenceColumns > 0 ? new CellDraws(d * plan.ReferenceColumns, plan.Terms) : null;
        W = Reference is null ? Data.W : new float[d * plan.Stride];
        WiredW = new float[plan.IrDrop.Any(m => m is not null) ? W.Length : 0];
        ReadVariance = new float[plan.Terms.Any(t => t.ReadSigmaRelative > 0) ? W.Length : 0];
        int chunk = plan.MaxChunkPlaneRows * plan.Stride;
        Fine = Enumerable.Range(0, plan.FineBlocks).Select(_ => new float[chunk]).ToArray();
        Packed = Enumerable.Range(0, plan.FineBlocks).Select(_ => new PackedMatrix()).ToArray();
        Coarse = new float[plan.Terms.Any(t => t.ReadSigmaRelative > 0) ? chunk : 0];
        RowSum = new float[plan.Stride];
        int inputs = plan.MaxChunkPlaneRows / job.Operands.InputBits;
        Accumulators = job.RowsList.Select(_ => job.AdcBitsList.Select(_ => new int[inputs * width]).ToArray()).ToArray();
        PerSlice = job.PerSliceSearch is { MeasureErrors: true } or { Assignments.Count: > 0 };
        SliceAccumulators = job.RowsList.Select(_ => Enumerable.Range(0, PerSlice ? cells.Slices : 0)
            .Select(_ => job.AdcBitsList.Select(_ => new int[inputs * width]).ToArray()).ToArray()).ToArray();
        Mixed = PerSlice ? [new int[inputs * width]] : [];
        Readout = new double[plan.MaxQueryInputs * job.Operands.Problem.StoredCount];
        Adc = job.RowsList.Select(_ => new AdcTransfer[job.AdcBitsList.Count]).ToArray();
        int BlocksOf(int rows) => (d + rows - 1) / rows * p;
        OffsetLsb = job.RowsList.Select(rows => new float[job.Comparator.OffsetSigmaLsb > 0 ? BlocksOf(rows) : 0]).ToArray();
        NoiseTable = new float[job.Comparator.NoiseSigmaLsb > 0 ? MonteCarloEngine.NoiseTableSize + plan.Job.Cells.PhysicalColumns : 0];
        ZeroPerRow = job.RowsList.Select(rows => new float[job.Reference == AdcReference.Calibrated ? BlocksOf(rows) : 0]).ToArray();
        ColumnGain = job.RowsList.Select(rows => new float[job.Gain == AdcGain.Calibrated ? BlocksOf(rows) : 0]).ToArray();
        Gained = new float[job.Gain == AdcGain.Calibrated ? p : 0];
        NoOffset = new float[job.Reference == AdcReference.Calibrated ? width : 0];
        Shifted = new float[Math.Max(width, p)];
        ErrorLsb = new float[plan.Job.Cells.PhysicalColumns];
        int calRows = plan.NeedsCalibration ? plan.Calibration.PlaneRows * plan.Stride : 0;
        CalFine = Enumerable.Range(0, plan.NeedsCalibration ? plan.FineBlocks : 0).Select(_ => new float[calRows]).ToArray();
        Histogram = new int[job.RangeMode == AdcRangeMode.Calibrated ? MonteCarloEngine.HistogramBins : 0];
    }
}
