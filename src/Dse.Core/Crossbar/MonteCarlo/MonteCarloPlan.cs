using Dse.Crossbar.IrDrop;

namespace Dse.Crossbar;

/// <summary>
/// Everything a Monte-Carlo job's trials share, computed once per job: fine row blocks, popcounts, query chunks, programming
/// spreads and cell terms per variant, fullScale ADC transfers, the calibration batch and the IR-drop maps. Read-only once built,
/// so every worker reads one plan.
/// </summary>
internal sealed class MonteCarloPlan
{
    /// <summary>Bit-plane rows a query chunk's GEMMs aim at: queries are added to a chunk while its rows stay within this.</summary>
    private const int TargetChunkRows = 128;

    /// <summary>The job planned.</summary>
    public MonteCarloJob Job { get; }

    /// <summary>Rows of a fine row block, on which analog partial sums are formed (<see cref="MonteCarloJob.FineRows"/>).</summary>
    public int FineRows { get; }

    /// <summary>First histogram bin of the calibration's tail pass, <c>[variant x rows]</c>: from the last chip of the variant and rows value
    /// any worker calibrated. Shared by the session's workers and written without locks: a hint that changes no result, only how many
    /// increments the tail pass makes, so a worker's first chip (every rung of a race makes new workers' buffers) starts near the bin.</summary>
    public int[] TailFrom { get; }

    /// <summary>Fine row blocks of the arrays: <c>ceil(Dim / FineRows)</c>, the last one possibly shorter.</summary>
    public int FineBlocks { get; }

    /// <summary>Reference columns added to the arrays (<see cref="MonteCarloJob.ReferenceColumns"/>); 0 without them.</summary>
    public int ReferenceColumns { get; }

    /// <summary><c>PhysicalColumns + ReferenceColumns</c>: the columns of the programmed matrix and of the GEMM outputs.</summary>
    public int Stride { get; }

    /// <summary>Logical levels of the reference cells, <c>[d, ReferenceColumns]</c>, all level 0.</summary>
    public byte[] ReferenceLevels { get; }

    /// <summary>Active wordlines of the scored bit-planes, <c>[fine block][plane row]</c>.</summary>
    public int[][] Popcount { get; }

    /// <summary>The query chunks in query order, each whole queries of about <see cref="TargetChunkRows"/> bit-plane rows (at least one query).</summary>
    public List<QueryChunk> Chunks { get; } = [];

    /// <summary>Bit-plane rows of the largest chunk: the row count the GEMM output buffers hold.</summary>
    public int MaxChunkPlaneRows { get; }

    /// <summary>Input vectors of the query with the most.</summary>
    public int MaxQueryInputs { get; }

    /// <summary>Programming spread (level steps), <c>[variant][column group x level]</c> (<see cref="CellProgramming.NoiseStdGroups"/>).</summary>
    public float[][] NoiseStd { get; }

    /// <summary>Programming spread of the reference cells (level steps), <c>[variant][level]</c>: the most significant slice's.</summary>
    public float[][] ReferenceNoiseStd { get; }

    /// <summary>Gmin in level steps, <c>[variant]</c>.</summary>
    public float[] GMinLevels { get; }

    /// <summary>The physical conductance ceiling in level steps, <c>[variant]</c>; +infinity where the device has none.</summary>
    public float[] GCeilingLevels { get; }

    /// <summary>The optional cell terms (stuck-at, drift, 1/f, per-read noise), <c>[variant]</c>.</summary>
    public CellTerms[] Terms { get; }

    /// <summary>The fullScale ADC transfers, <c>[variant][rows][adcBits]</c>: each chip's when nothing is calibrated; a calibrated range
    /// replaces their range.</summary>
    public AdcTransfer[][][] FullScale { get; }

    /// <summary>True when each chip calibrates its ADC range, zero or column gains after programming.</summary>
    public bool NeedsCalibration { get; }

    /// <summary>The calibration batch: the job's, else its first <see cref="MonteCarloJob.CalibrationQueries"/> scored queries.</summary>
    public AdcCalibrationBatch Calibration { get; }

    /// <summary>Active wordlines of the calibration batch, <c>[fine block][calibration plane row]</c>.</summary>
    public int[][] CalPopcount { get; }

    /// <summary>Exact level sums of the calibration batch, <c>[fine block][calibration plane row x PhysicalColumns]</c>; empty unless
    /// the zero or the column gains are calibrated.</summary>
    public float[][] CalIdeal { get; }

    /// <summary>The IR-drop model, <c>[variant]</c>; null with ideal wires.</summary>
    public IrDropModel?[] IrDrop { get; }

    /// <summary>Per-cell attenuation, <c>[variant][rows][d x Stride]</c>; empty for variants with ideal wires.</summary>
    public float[][][] Attenuation { get; }

    /// <summary>One level step in siemens, <c>[variant]</c>.</summary>
    public double[] LevelStepS { get; }

    /// <summary>True when the job's wires are not ideal: every rows entry has partial sums of its own.</summary>
    public bool Wired { get; }

    /// <summary>Fine blocks one GEMM spans for rows entry r: 1 with ideal wires (fine sums shared by every rows value and added up per
    /// block), the whole <c>RowsList[r]</c>-row block with wires.</summary>
    public int BlockGroup(int r) => Wired ? Job.RowsList[r] / FineRows : 1;

    /// <summary>The ranges of rows indices that share one set of partial sums: all of them with ideal wires, else one each.</summary>
    public IEnumerable<(int First, int End)> RowsRanges
        => Wired ? Enumerable.Range(0, Job.RowsList.Count).Select(r => (r, r + 1)) : [(0, Job.RowsList.Count)];

    /// <summary>The end of the fine buffers that hold a block's partial sums, for the block of fine blocks <paramref name="f0"/>..
    /// <paramref name="f1"/>-1: with wires its first buffer alone (one GEMM spanned the block, <see cref="BlockGroup"/>), else all
    /// of them, to be added up.</summary>
    public int SummedEnd(int f0, int f1) => Wired ? f0 + 1 : f1;

    /// <summary>Plans <paramref name="job"/>, checked by <see cref="MonteCarloEngine.Start"/>.</summary>
    /// <exception cref="ArgumentException">When the calibration batch is not as wide as the arrays.</exception>
    public MonteCarloPlan(MonteCarloJob job)
    {
        Job = job;
        var ops = job.Operands;
        var problem = ops.Problem;
        var cells = job.Cells;
        int d = cells.Dim, ib = ops.InputBits, p = cells.PhysicalColumns;
        FineRows = job.FineRows;
        FineBlocks = (d + FineRows - 1) / FineRows;
        TailFrom = Enumerable.Repeat(MonteCarloEngine.TailBin, job.Variants.Count * job.RowsList.Count).ToArray();
        ReferenceColumns = job.ReferenceColumns;
        Stride = p + ReferenceColumns;
        ReferenceLevels = new byte[d * ReferenceColumns];
        Popcount = Popcounts(ops.Planes, problem.InputCount * ib, d);

        int qStart = 0;
        while (qStart < problem.QueryCount)
        {
            int qEnd = qStart + 1;
            while (qEnd < problem.QueryCount && (problem.InputRange(qEnd).End - problem.InputRange(qStart).Start) * ib <= TargetChunkRows) qEnd++;
            Chunks.Add(new QueryChunk(qStart, qEnd, problem.InputRange(qStart).Start, problem.InputRange(qEnd - 1).End));
            qStart = qEnd;
        }
        MaxChunkPlaneRows = Chunks.Max(c => (c.InputEnd - c.InputStart) * ib);
        MaxQueryInputs = Enumerable.Range(0, problem.QueryCount).Max(q => problem.InputRange(q).End - problem.InputRange(q).Start);

        int cellBits = cells.CellBits;
        NoiseStd = job.Variants.Select(v => CellProgramming.NoiseStdGroups(v.Device, cells, v.SigmaScale, v.WriteVerify)).ToArray();
        int levelCount = 1 << cellBits;
        ReferenceNoiseStd = NoiseStd.Select(t => t.AsSpan((cells.Slices - 1) * levelCount, levelCount).ToArray()).ToArray();
        GMinLevels = job.Variants.Select(v => (float)CellProgramming.GMinLevels(v.Device, cellBits)).ToArray();
        GCeilingLevels = job.Variants.Select(v => (float)CellProgramming.GCeilingLevels(v.Device, cellBits)).ToArray();
        Terms = job.Variants.Select(v => CellTerms.For(v.Device, cellBits, v.ReadTimeS)).ToArray();
        FullScale = job.Variants.Select(v => job.RowsList.Select(rows =>
        {
            double range = AdcTransfer.FullScaleLevels(rows, cellBits, v.Device.GMinS, v.Device.GMaxS, job.Reference);
            return job.AdcBitsList.Select(b => new AdcTransfer(b, range)).ToArray();
        }).ToArray()).ToArray();

        NeedsCalibration = job.RangeMode == AdcRangeMode.Calibrated || job.Reference == AdcReference.Calibrated || job.Gain == AdcGain.Calibrated;
        Calibration = job.Calibration ?? AdcCalibrationBatch.LeadingQueries(ops, job.CalibrationQueries);
        if (Calibration.Dim != d) throw new ArgumentException($"The calibration batch is {Calibration.Dim} wide, the arrays {d}.", nameof(job));
        CalPopcount = Popcounts(Calibration.Planes, Calibration.PlaneRows, d);
        LevelStepS = job.Variants.Select(v => CellProgramming.LevelStepS(v.Device, cellBits)).ToArray();
        (IrDrop, Attenuation) = IrDropMaps(job);
        Wired = IrDrop.Any(m => m is not null);
        CalIdeal = new float[job.Reference == AdcReference.Calibrated || job.Gain == AdcGain.Calibrated ? FineBlocks : 0][];
        if (CalIdeal.Length > 0)
        {
            var levels = cells.Levels.Select(l => (float)l).ToArray();
            for (int f = 0; f < FineBlocks; f++)
            {
                int k0 = f * FineRows, k1 = Math.Min(d, k0 + FineRows);
                CalIdeal[f] = new float[Calibration.PlaneRows * p];
                Gemm.Multiply(job.Gemm, Calibration.Planes.AsSpan(k0), d, levels.AsSpan(k0 * p), p, CalIdeal[f], p, Calibration.PlaneRows, p, k1 - k0);
            }
        }
    }

    /// <summary>
    /// The IR-drop model of every variant (null with ideal wires) and its attenuation map per rows value, from the mean-field solves
    /// of each device's reads (<see cref="IrDropModel.Attenuation(ReadOnlySpan{float}, int, int, int, int, int, int, Dse.Devices.UnselectedBitlines, IReadOnlyList{int[]}, double)"/>)
    /// at the scored bit-planes' mean input density. Each crossbar holds its read's <c>TileCols</c> consecutive data columns, each
    /// followed by its reference column when reference columns exist (<see cref="ColumnTiles"/>).
    /// </summary>
    private (IrDropModel?[], float[][][]) IrDropMaps(MonteCarloJob job)
    {
        var models = new IrDropModel?[job.Variants.Count];
        var maps = new float[job.Variants.Count][][];
        if (job.Wires is not { IsIdeal: false } wires)
        {
            Array.Fill(maps, []);
            return (models, maps);
        }
        var cells = job.Cells;
        int d = cells.Dim, p = cells.PhysicalColumns;
        long ones = Popcount.Sum(f => f.Sum(x => (long)x));
        double density = Math.Clamp(ones / ((double)Popcount[0].Length * d), 1.0 / d, 1.0);
        var byDevice = new Dictionary<string, (IrDropModel Model, float[][] Maps)>();
        for (int v = 0; v < job.Variants.Count; v++)
        {
            var device = job.Variants[v].Device;
            if (!byDevice.TryGetValue(device.Name, out var entry))
            {
                var model = wires.ModelFor(device, density);
                var nominal = new float[d * Stride];
                for (int k = 0; k < d; k++)
                    for (int c = 0; c < Stride; c++) nominal[k * Stride + c] = GMinLevels[v] + (c < p ? cells.Levels[k * p + c] : 0);
                var perRows = new float[job.RowsList.Count][];
                int variant = v;
                Parallel.For(0, perRows.Length, r =>
                {
                    var read = wires.Reads[r];
                    perRows[r] = wires.ModelFor(device, density, read).Attenuation(nominal, d, Stride, read.TileRows, read.RowsPerRead, read.ColsPerAdc, p,
                        wires.Circuit.UnselectedBitlines, ColumnTiles(p, ReferenceColumns, job.Span, read.TileCols), LevelStepS[variant]);
                });
                entry = byDevice[device.Name] = (model, perRows);
            }
            (models[v], maps[v]) = entry;
        }
        return (models, maps);
    }

    /// <summary>Active wordlines per fine block and plane row of 0/1 planes <c>[rows, d]</c>.</summary>
    private int[][] Popcounts(float[] planes, int rows, int d)
    {
        var result = new int[FineBlocks][];
        for (int f = 0; f < FineBlocks; f++)
        {
            result[f] = new int[rows];
            int k0 = f * FineRows, k1 = Math.Min(d, k0 + FineRows);
            for (int row = 0; row < rows; row++)
            {
                int sum = 0;
                for (int k = k0; k < k1; k++) sum += (int)planes[row * d + k];
                result[f][row] = sum;
            }
        }
        return result;
    }

    /// <summary>
    /// The columns of each crossbar of a <c>[d, p + refs]</c> matrix in wordline order: <paramref name="tileCols"/> consecutive data
    /// columns per crossbar, each run of <paramref name="span"/> data columns followed by the reference column it shares (column
    /// <c>p + j / span</c> of data column j) when <paramref name="refs"/> &gt; 0.
    /// </summary>
    internal static List<int[]> ColumnTiles(int p, int refs, int span, int tileCols)
    {
        var tiles = new List<int[]>();
        for (int c0 = 0; c0 < p; c0 += tileCols)
        {
            var tile = new List<int>();
            for (int c = c0; c < Math.Min(p, c0 + tileCols); c++)
            {
                tile.Add(c);
                bool lastOfSpan = c == p - 1 || c == c0 + tileCols - 1 || (c + 1) % span == 0;
                if (refs > 0 && lastOfSpan && !tile.Contains(p + c / span)) tile.Add(p + c / span);
            }
            tiles.Add(tile.ToArray());
        }
        return tiles;
    }
}
