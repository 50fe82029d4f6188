using Dse.Crossbar.IrDrop;
using Dse.Devices;
using System.Diagnostics;
using System.Runtime.Intrinsics;
using Dse.Randomness;

namespace Dse.Crossbar;

/// <summary>One programmed-array flavour evaluated on the same cell draws: a device at a sigma scale, read time and write-verify policy.</summary>
/// <param name="Device">The device model.</param>
/// <param name="SigmaScale">Multiplier s of the device's programming variation.</param>
/// <param name="ReadTimeS">Seconds after programming at which the arrays are read; null: <see cref="DeviceModel.EffectiveReadTimeS"/> of null.</param>
/// <param name="WriteVerify">Write-verify policy setting each bit slice's spread (<see cref="CellProgramming.NoiseStdGroups"/>); null: the single-pulse spread everywhere.</param>
public sealed record CrossbarVariant(DeviceModel Device, double SigmaScale, double? ReadTimeS = null, WriteVerify? WriteVerify = null);

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
    /// <summary>How the ADC zero is removed; default <see cref="AdcReference.Nominal"/> (the engine's behaviour before the axis existed).</summary>
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

    /// <summary>Comparator offset (per ADC and chip) and noise (per conversion) in LSB; default the ideal converter.</summary>
    public AdcNonideality Comparator { get; init; } = AdcNonideality.Ideal;

    /// <summary>The GEMM implementation the crossbar MMMs run on (default the managed kernel). Managed and BLAS differ only in float
    /// summation order; <see cref="GemmBackend.Int8"/> quantises the programmed conductances (<see cref="FixedPointGemm"/>), a small
    /// change to every partial sum.</summary>
    public GemmBackend Gemm { get; init; } = GemmBackend.Managed;

    /// <summary>Phase timings and FLOP counts of this job, for benchmarks; null: not counted.</summary>
    public EngineCounters? Counters { get; init; }

    /// <summary>
    /// The crossbars' wires (IR drop; docs/models.md, 'Wire resistance and IR drop'): entry r of <see cref="RowsList"/> is an
    /// <c>RowsList[r] x Wires.TileCols[r]</c> crossbar (the same rows may come with several column counts) whose cells each variant's
    /// device attenuates by position (<see cref="IrDropModel"/>), so the entries no longer share partial sums; the cell draws and
    /// programming still are. Null or ideal: <c>Vread sum(active G)</c> exactly (one set of partial sums for every rows value).
    /// </summary>
    public CrossbarWires? Wires { get; init; }

    /// <summary>
    /// Extra physical columns per row block that <see cref="Reference"/> adds to the arrays, and so extra ADC conversions per
    /// input plane and row block: <c>ceil(PhysicalColumns / span)</c> reference columns with <see cref="AdcReference.ReferenceColumn"/>
    /// (their current is subtracted before the ADC, so they add columns and array current, not conversions), 0 otherwise.
    /// </summary>
    public int ReferenceColumns => Reference == AdcReference.ReferenceColumn ? (Cells.PhysicalColumns + Span - 1) / Span : 0;

    /// <summary>One-off ADC reads per programmed chip for calibration at <paramref name="rows"/> rows per array: calibration plane
    /// rows x row blocks x physical columns (0 when neither the range nor the zero is calibrated).</summary>
    /// <param name="rows">Crossbar rows (row-block size), &gt;= 1.</param>
    public long CalibrationConversionsPerChip(int rows)
    {
        if (RangeMode != AdcRangeMode.Calibrated && Reference != AdcReference.Calibrated) return 0;
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

/// <summary>Per-trial counts of one Monte-Carlo job, indexed by variant, rows, ADC bits and trial.</summary>
public sealed class MonteCarloCounts
{
    private readonly int[] _counts;
    private readonly int[] _assignmentCounts;     // [assignment, trial, outcome]
    private readonly double[] _sliceErrors;       // [variant, rows, trial, slice (most significant first), ADC bits]
    private readonly int _rows, _adc, _trials, _slices;

    /// <summary>Number of queries per trial.</summary>
    public int Queries { get; }

    internal MonteCarloCounts(int variants, int rows, int adc, int trials, int queries, int assignments = 0, int slices = 0)
    {
        _rows = rows; _adc = adc; _trials = trials; _slices = slices; Queries = queries;
        _counts = new int[variants * rows * adc * trials * 4];
        _assignmentCounts = new int[assignments * trials * 4];
        _sliceErrors = new double[variants * rows * trials * slices * adc];
    }

    internal Span<int> Slot(int v, int r, int b, int t) => _counts.AsSpan(((((v * _rows) + r) * _adc + b) * _trials + t) * 4, 4);

    internal Span<int> AssignmentSlot(int a, int t) => _assignmentCounts.AsSpan((a * _trials + t) * 4, 4);

    internal Span<double> SliceErrorSlot(int v, int r, int t) => _sliceErrors.AsSpan((((v * _rows) + r) * _trials + t) * _slices * _adc, _slices * _adc);

    /// <summary>
    /// Per-trial fractions of queries whose noisy pick agrees: <paramref name="what"/> 0 = SSA vs exact SSA,
    /// 1 = SSA vs label, 2 = MIPS vs exact MIPS, 3 = MIPS vs label; of every trial the counts hold.
    /// </summary>
    public double[] Fractions(int v, int r, int b, int what) => Fractions(v, r, b, what, _trials);

    /// <summary>As <see cref="Fractions(int, int, int, int)"/>, of the first <paramref name="trials"/> trials only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trials"/> is not in <c>1 ..</c> the trials held.</exception>
    public double[] Fractions(int v, int r, int b, int what, int trials) => Fractions(t => Slot(v, r, b, t)[what], trials);

    /// <summary>
    /// Per-trial fractions (as <see cref="Fractions(int, int, int, int, int)"/>) of entry <paramref name="a"/> of
    /// <see cref="PerSliceSearchInputs.Assignments"/>, of its first <paramref name="trials"/> trials.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trials"/> is not in <c>1 ..</c> the trials held.</exception>
    public double[] AssignmentFractions(int a, int what, int trials) => Fractions(t => AssignmentSlot(a, t)[what], trials);

    /// <summary>
    /// The separable error surrogate (<see cref="PerSliceSearchInputs.MeasureErrors"/>): the mean, over the first
    /// <paramref name="trials"/> trials, every scored input vector and every stored vector, of the squared error that bit slice
    /// <paramref name="slice"/> (0 = most significant, as <see cref="Costs.AdcBitsPerSlice"/>) adds to the dequantised read-out (the
    /// score operand, docs/models.md) when its partial sums are converted at resolution index <paramref name="b"/> of
    /// <see cref="MonteCarloJob.AdcBitsList"/> instead of the highest resolution of the list (the reference, error 0). Units: the
    /// read-out's, squared.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trials"/> is not in <c>1 ..</c> the trials held.</exception>
    /// <exception cref="InvalidOperationException">When the job did not measure slice errors.</exception>
    public double SliceError(int v, int r, int slice, int b, int trials)
    {
        if (_slices == 0) throw new InvalidOperationException("The job did not measure slice errors (PerSliceSearchInputs.MeasureErrors).");
        if (trials < 1 || trials > _trials) throw new ArgumentOutOfRangeException(nameof(trials), trials, $"Range: 1 <= trials <= {_trials}.");
        double sum = 0;
        for (int t = 0; t < trials; t++) sum += SliceErrorSlot(v, r, t)[slice * _adc + b];
        return sum / trials;
    }

    private double[] Fractions(Func<int, int> count, int trials)
    {
        if (trials < 1 || trials > _trials) throw new ArgumentOutOfRangeException(nameof(trials), trials, $"Range: 1 <= trials <= {_trials}.");
        var result = new double[trials];
        for (int t = 0; t < trials; t++) result[t] = count(t) / (double)Queries;
        return result;
    }
}

/// <summary>
/// Runs the crossbar Monte Carlo (docs/models.md): per trial, program every cell with variation, apply the
/// input bit-planes block by block as GEMMs (<see cref="Gemm"/>: a chunk of about 128 bit-plane rows, whole queries, times
/// one fine row block of every physical column), convert each partial sum with the ADC, shift-and-add, and
/// score the noisy read-out with the SSA and MIPS.
/// </summary>
/// <remarks>
/// Work shared across axes: the standard-normal draw of each cell depends only on the job's cell seed and
/// the trial (not on device, sigma scale, read time, rows or ADC bits: common random numbers); each optional term
/// (stuck-at, drift, 1/f, per-read noise) draws from its own derived stream, so switching one on leaves the
/// others' draws unchanged; analog partial sums
/// are computed once on the finest row block (the gcd of <c>RowsList</c>) and summed into coarser blocks (once per rows
/// entry with non-ideal <see cref="MonteCarloJob.Wires"/>, whose IR drop depends on the crossbar size);
/// one set of analog sums serves every ADC resolution. Trials run in parallel; each writes only its own
/// counts, so results do not depend on the thread count.
/// <para>Per-read noise (<see cref="RelativeReadNoise"/>): a fresh <c>N(0, (r G_i)^2)</c> per cell and read would make the
/// stored matrix differ per input row and break the shared GEMM. It is simulated at the partial-sum level instead: the
/// noise of a partial sum is the sum over the block's active cells of independent Gaussians,
/// <c>N(0, r^2 sum_active G_i^2)</c>, exact in distribution. A second GEMM of the same 0/1 bit-planes against the per-cell
/// variance <c>(r G_i)^2</c> gives <c>r^2 sum_active G_i^2</c> for every partial sum, and one standard-normal draw per
/// fine-block partial sum is added before the ADC; coarse blocks sum fine ones, so their noise variance is again the sum
/// over their active cells.</para>
/// </remarks>
public static partial class MonteCarloEngine
{
    private const int TargetChunkRows = 128;

    /// <summary>The vector width the ADC stage runs on here (the widest the machine accelerates; 128 bits also without SIMD).</summary>
    public static KernelPath AdcStagePath => AdcStage.Path;

    /// <summary>Runs all <c>job.Trials</c> trials of the job.</summary>
    /// <param name="job">What to simulate.</param>
    /// <param name="maxThreads">Upper bound on worker threads (&gt;= 1).</param>
    /// <returns>Counts per variant, rows, ADC bits and trial.</returns>
    /// <exception cref="ArgumentException">When a rows value is not positive or a list is empty.</exception>
    public static MonteCarloCounts Run(MonteCarloJob job, int maxThreads)
    {
        var session = Start(job);
        session.RunTrials(job.Trials, maxThreads);
        return session.Counts;
    }

    /// <summary>
    /// Prepares the job (popcounts, chunks, fullScale ADC transfers, the calibration batch; each chip calibrates when its trial runs)
    /// without running trials, so trials can be added in
    /// batches (adaptive trials).
    /// </summary>
    /// <param name="job">What to simulate; <c>job.Trials</c> is the most trials that can be run.</param>
    /// <returns>A session whose <see cref="MonteCarloSession.Counts"/> fill as trials run.</returns>
    /// <exception cref="ArgumentException">When a rows value is not positive or a list is empty.</exception>
    public static MonteCarloSession Start(MonteCarloJob job)
    {
        if (job.RowsList.Count == 0 || job.AdcBitsList.Count == 0 || job.Variants.Count == 0)
            throw new ArgumentException("Rows, ADC bits and variants must not be empty.", nameof(job));
        if (job.RowsList.Any(r => r < 1)) throw new ArgumentException("Rows must be positive.", nameof(job));
        if (job.FineRows < 1 || job.RowsList.Any(r => r % job.FineRows != 0)) throw new ArgumentException("FineRows must divide every rows value.", nameof(job));
        if (job.Wires is { } wires && (wires.TileCols.Count != job.RowsList.Count || wires.TileCols.Any(c => c < 1)))
            throw new ArgumentException("Wires.TileCols must give a positive column count for every rows value.", nameof(job));
        CheckSliceAssignments(job);
        return new MonteCarloSession(job);
    }

    /// <summary>A prepared job to which trials are added in order; see <see cref="Start"/>.</summary>
    public sealed class MonteCarloSession
    {
        private readonly Plan _plan;
        private readonly System.Collections.Concurrent.ConcurrentBag<Workspace> _workspaces = []; // reused by every batch and worker task

        /// <summary>Counts of every trial run so far (trials not run yet hold zeros).</summary>
        public MonteCarloCounts Counts { get; }

        /// <summary>Trials run so far, <c>0 .. job.Trials</c>: trials <c>0 .. TrialsRun - 1</c>, each for the variants asked for then.</summary>
        public int TrialsRun { get; private set; }

        internal MonteCarloSession(MonteCarloJob job)
        {
            _plan = new Plan(job);
            Counts = new MonteCarloCounts(job.Variants.Count, job.RowsList.Count, job.AdcBitsList.Count, job.Trials, job.Operands.Problem.QueryCount,
                job.PerSliceSearch?.Assignments.Count ?? 0, job.PerSliceSearch is { MeasureErrors: true } ? job.Cells.Slices : 0);
        }

        /// <summary>
        /// Runs trials <c>TrialsRun .. trialEnd - 1</c> in parallel. A trial's numbers depend only on the job and the trial
        /// index, never on the batch it ran in, the thread that ran it or the other variants.
        /// </summary>
        /// <param name="trialEnd">One past the last trial to run. Range: <c>TrialsRun &lt;= trialEnd &lt;= job.Trials</c>.</param>
        /// <param name="maxThreads">Upper bound on worker threads (&gt;= 1).</param>
        /// <param name="variants">Indices of the variants to simulate; null for all. Others keep zero counts for these trials.</param>
        /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trialEnd"/> is out of range.</exception>
        public void RunTrials(int trialEnd, int maxThreads, IReadOnlyList<int>? variants = null)
        {
            if (trialEnd < TrialsRun || trialEnd > _plan.Job.Trials)
                throw new ArgumentOutOfRangeException(nameof(trialEnd), trialEnd, $"Range: {TrialsRun} <= trialEnd <= {_plan.Job.Trials}.");
            var which = variants ?? Enumerable.Range(0, _plan.Job.Variants.Count).ToList();
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxThreads) };
            var plan = _plan;
            var counts = Counts;
            var pool = _workspaces;
            // A worker task takes a free workspace (tens of MB) or makes one, and returns it when done: no more workspaces than tasks
            // ever ran at once, whatever the number of batches. Every buffer a trial reads is written by that trial first, but for
            // the calibration's tail hint (TailFrom), which changes no result.
            Parallel.For(TrialsRun, trialEnd, options, () => pool.TryTake(out var free) ? free : new Workspace(plan), (t, _, ws) =>
            {
                RunTrial(plan, t, which, ws, counts);
                return ws;
            }, pool.Add);
            TrialsRun = trialEnd;
        }
    }

    private const int NoiseTableSize = 1 << 16;
    private const int HistogramBins = 1 << 14;

    private static void RunTrial(Plan plan, int trial, IReadOnlyList<int> variants, Workspace ws, MonteCarloCounts counts)
    {
        long t0 = Stopwatch.GetTimestamp();
        DrawTrial(plan, trial, ws);
        plan.Job.Counters?.Add(EnginePhase.Draw, ref t0);
        foreach (int v in variants)
        {
            ProgramVariant(plan, v, ws);
            foreach (var (rFirst, rEnd) in plan.RowsRanges)
            {
                SelectConductances(plan, v, rFirst, ws);
                Calibrate(plan, v, rFirst, rEnd, ws);
                plan.Job.Counters?.Add(EnginePhase.Program, ref t0);
                for (int c = 0; c < plan.Chunks.Count; c++) RunChunk(plan, v, trial, c, rFirst, rEnd, ws, counts);
                t0 = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// The trial's draws, each term from its own stream; a term no variant uses draws nothing. Data cells use <c>trial/t</c>
    /// (and <c>/stuck</c>, <c>/drift</c>, <c>/oneOverF</c>), reference cells the same under <c>trial/t/reference</c>, comparator
    /// offsets <c>trial/t/adcOffset/rowsR</c> and comparator noise <c>trial/t/adcNoise</c>: none depends on the variant, rows list
    /// or ADC resolutions (common random numbers).
    /// </summary>
    private static void DrawTrial(Plan plan, int trial, Workspace ws)
    {
        ulong seed = plan.Job.CellSeed;
        DrawCells(plan, Rng.DeriveSeed(seed, $"trial/{trial}"), $"trial/{trial}", ws.Data);
        if (ws.Reference is { } reference) DrawCells(plan, Rng.DeriveSeed(seed, $"trial/{trial}/reference"), $"trial/{trial}/reference", reference);
        var comparator = plan.Job.Comparator;
        if (comparator.OffsetSigmaLsb > 0)
            for (int r = 0; r < plan.Job.RowsList.Count; r++)
                new Rng(Rng.DeriveSeed(seed, $"trial/{trial}/adcOffset/rows{plan.Job.RowsList[r]}")).FillGaussian(ws.OffsetLsb[r], 0, comparator.OffsetSigmaLsb);
        if (comparator.NoiseSigmaLsb > 0)
        {
            new Rng(Rng.DeriveSeed(seed, $"trial/{trial}/adcNoise")).FillGaussian(ws.NoiseTable, 0, comparator.NoiseSigmaLsb);
            ws.NoiseSeed = Rng.DeriveSeed(seed, $"trial/{trial}/adcNoise/start");
        }
    }

    private static void DrawCells(Plan plan, ulong seed, string key, CellDraws draws)
    {
        ulong root = plan.Job.CellSeed;
        new Rng(seed).FillGaussian(draws.Z, 0, 1);
        if (draws.UStuck.Length > 0)
        {
            var rng = new Rng(Rng.DeriveSeed(root, $"{key}/stuck"));
            for (int i = 0; i < draws.UStuck.Length; i++) draws.UStuck[i] = (float)rng.NextDouble();
        }
        if (draws.ZDrift.Length > 0) new Rng(Rng.DeriveSeed(root, $"{key}/drift")).FillGaussian(draws.ZDrift, 0, 1);
        if (draws.ZOneOverF.Length > 0) new Rng(Rng.DeriveSeed(root, $"{key}/oneOverF")).FillGaussian(draws.ZOneOverF, 0, 1);
    }

    /// <summary>
    /// Programs variant v's cells into <c>ws.W</c> <c>[d, Stride]</c> (data columns, then the reference columns) and applies its cell
    /// terms.
    /// </summary>
    private static void ProgramVariant(Plan plan, int v, Workspace ws)
    {
        ProgramCells(plan, v, plan.Job.Cells.Levels, ws.Data, ws.Reference is null ? ws.W : ws.Data.W);
        if (ws.Reference is { } reference)
        {
            ProgramCells(plan, v, plan.ReferenceLevels, reference, reference.W, reference: true);
            int d = plan.Job.Cells.Dim, p = plan.Job.Cells.PhysicalColumns, refs = plan.ReferenceColumns;
            for (int k = 0; k < d; k++)
            {
                ws.Data.W.AsSpan(k * p, p).CopyTo(ws.W.AsSpan(k * plan.Stride, p));
                reference.W.AsSpan(k * refs, refs).CopyTo(ws.W.AsSpan(k * plan.Stride + p, refs));
            }
        }
    }

    /// <summary>
    /// The conductances the crossbars of rows values <c>RowsList[rFirst..]</c> present to their inputs, packed once for every GEMM
    /// that reads them (<c>ws.Packed</c>: the chunks of queries and the calibration batch): the programmed <c>ws.W</c> itself with
    /// ideal wires, else <c>ws.W</c> with every cell attenuated for its position in an <c>RowsList[rFirst]</c>-row crossbar
    /// (<see cref="IrDropModel.Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/>, into <c>ws.WiredW</c>); with
    /// per-read noise, their per-cell read variance <c>(r G)^2</c> into <c>ws.ReadVariance</c>.
    /// </summary>
    private static void SelectConductances(Plan plan, int v, int rFirst, Workspace ws)
    {
        var conductances = ws.W;
        if (plan.IrDrop[v] is { } model)
        {
            model.Apply(ws.W, plan.Attenuation[v][rFirst], plan.LevelStepS[v], ws.WiredW);
            conductances = ws.WiredW;
        }
        int d = plan.Job.Cells.Dim, group = plan.BlockGroup(rFirst);
        for (int f = 0; f < plan.FineBlocks; f += group)
        {
            int k0 = f * plan.FineRows, k1 = Math.Min(d, (f + group) * plan.FineRows);
            ws.Packed[f].Pack(plan.Job.Gemm, conductances, k0 * plan.Stride, plan.Stride, k1 - k0, plan.Stride);
        }
        float readSigma = (float)plan.Terms[v].ReadSigmaRelative;
        if (readSigma > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(conductances, readSigma, ws.ReadVariance);
            System.Numerics.Tensors.TensorPrimitives.Multiply(ws.ReadVariance, ws.ReadVariance, ws.ReadVariance);
        }
    }

    private static void ProgramCells(Plan plan, int v, byte[] levels, CellDraws draws, float[] w, bool reference = false)
    {
        var terms = plan.Terms[v];
        var cells = plan.Job.Cells;
        if (reference) CellProgramming.Program(levels, plan.ReferenceNoiseStd[v], plan.GMinLevels[v], draws.Z, w, plan.GCeilingLevels[v]);
        else CellProgramming.Program(levels, plan.NoiseStd[v], plan.GMinLevels[v], draws.Z, w, plan.GCeilingLevels[v], cells.Groups, cells.GroupWidth);
        if (terms.HasCellTerms) CellProgramming.ApplyCellTerms(levels, terms, draws.ZDrift, draws.ZOneOverF, draws.UStuck, w);
    }

    /// <summary>
    /// Per-chip calibration after programming (variant v): converts the calibration batch once (one GEMM per fine block) and,
    /// for every rows value, sets the ADC range (calibrated range: the calibration quantile of the partial sums the ADCs see) and
    /// the digital zero (calibrated zero: each column's mean offset per active row over the batch, <c>sum (analog - ideal) /
    /// sum active rows</c>, and its comparator offset). The zero is the mean of many conversions of the batch; its residual
    /// quantisation error (the batch's signal and the comparator noise dither the codes) is neglected.
    /// </summary>
    private static void Calibrate(Plan plan, int v, int rFirst, int rEnd, Workspace ws)
    {
        var job = plan.Job;
        if (!plan.NeedsCalibration)
        {
            for (int r = rFirst; r < rEnd; r++) plan.FullScale[v][r].CopyTo(ws.Adc[r], 0);
            return;
        }
        var cal = plan.Calibration;
        int d = job.Cells.Dim, group = plan.BlockGroup(rFirst);
        for (int f = 0; f < plan.FineBlocks; f += group)
            ws.Packed[f].Multiply(cal.Planes.AsSpan(f * plan.FineRows), d, ws.CalFine[f], plan.Stride, cal.PlaneRows);
        for (int r = rFirst; r < rEnd; r++)
        {
            var device = job.Variants[v].Device;
            double range = plan.FullScale[v][r][0].RangeLevels;
            double binsPerLevel = HistogramBins / AdcTransfer.FullScaleLevels(job.RowsList[r], job.Cells.CellBits, device.GMinS, device.GMaxS);
            if (job.RangeMode == AdcRangeMode.Calibrated)
            {
                // The upper edge of the histogram bin holding the quantile (bins of rows x Gmax / dG / 2^14, the largest raw
                // current); a batch that drives (almost) no current keeps the fullScale range. Only the tail is histogrammed when
                // the quantile lies in it (the usual case: the same bin as a full histogram, far fewer increments), else the full
                // histogram is taken. The tail starts at 4/5 of the bin this worker's previous chip of the variant and rows value
                // found (chips differ little), at least TailBin: which tail is taken changes no result.
                int fromBin = ws.TailFrom[v * job.RowsList.Count + r];
                long samples = CalibrationPass(plan, v, r, ws, binsPerLevel, fromBin, out long above);
                int bin = fromBin;
                long target = (long)Math.Ceiling(job.CalibrationQuantile * samples), seen = samples - above;
                if (seen >= target)
                {
                    CalibrationPass(plan, v, r, ws, binsPerLevel, 0, out _);
                    (bin, seen) = (0, 0);
                }
                while (bin < HistogramBins - 1 && seen + ws.Histogram[bin] < target) seen += ws.Histogram[bin++];
                ws.TailFrom[v * job.RowsList.Count + r] = Math.Max(TailBin, bin * 4 / 5);
                if (bin > 0) range = (bin + 1) / binsPerLevel;
            }
            else CalibrationPass(plan, v, r, ws, binsPerLevel, -1, out _);
            for (int b = 0; b < job.AdcBitsList.Count; b++) ws.Adc[r][b] = new AdcTransfer(job.AdcBitsList[b], range);
        }
    }

    /// <summary>The lowest first bin of the calibration's tail pass: 1/64 of the largest raw current.</summary>
    private const int TailBin = HistogramBins / 64;

    /// <summary>
    /// One pass over the calibration batch's partial sums at rows value r: the calibrated zero of every block (calibrated zero),
    /// and the histogram of the partial sums the ADCs see from bin <paramref name="fromBin"/> up (0: every sum, the negative ones in
    /// bin 0; -1: none). Returns the number of partial sums and, in <paramref name="above"/>, how many fell in bins from <paramref name="fromBin"/>.
    /// </summary>
    private static long CalibrationPass(Plan plan, int v, int r, Workspace ws, double binsPerLevel, int fromBin, out long above)
    {
        var job = plan.Job;
        int p = job.Cells.PhysicalColumns, stride = plan.Stride, rows = plan.Calibration.PlaneRows;
        int group = job.RowsList[r] / plan.FineRows;
        bool zeroCalibrated = job.Reference == AdcReference.Calibrated;
        if (fromBin >= 0) Array.Clear(ws.Histogram);
        long samples = 0;
        above = 0;
        if (!zeroCalibrated && fromBin < 0) return samples;
        float scale = (float)binsPerLevel;
        for (int f0 = 0, blk = 0; f0 < plan.FineBlocks; f0 += group, blk++)
        {
            int f1 = Math.Min(plan.FineBlocks, f0 + group), summed = plan.SummedEnd(f0, f1);
            var zero = zeroCalibrated ? ws.ZeroPerRow[r].AsSpan(blk * p, p) : default;
            zero.Clear();
            long active = 0;
            for (int row = 0; row < rows; row++)
            {
                var sum = BlockRow(ws.CalFine, f0, summed, row * stride, stride, ws.RowSum);
                if (zeroCalibrated) active += AddZeroOffsets(plan, row, sum[..p], f0, f1, zero);
                if (fromBin < 0) continue;
                var analog = plan.ReferenceColumns > 0 ? AdcStage.SubtractReferences(sum, p, job.Span, ws.Shifted) : sum[..p];
                above += fromBin == 0 ? Histogram(analog, scale, ws.Histogram) : HistogramTail(analog, scale, fromBin, ws.Histogram);
                samples += p;
            }
            if (!zeroCalibrated) continue;
            if (active == 0) zero.Fill(plan.GMinLevels[v]);
            else System.Numerics.Tensors.TensorPrimitives.Multiply(zero, 1f / active, zero);
        }
        return samples;
    }

    /// <summary>Adds every value's bin <c>min(floor(max(x scale, 0)), bins - 1)</c>; returns the count.</summary>
    private static long Histogram(ReadOnlySpan<float> analog, float scale, int[] histogram)
    {
        foreach (float x in analog) histogram[Math.Min((int)MathF.Max(x * scale, 0f), HistogramBins - 1)]++;
        return analog.Length;
    }

    /// <summary>Adds the bin of every value with <c>x scale &gt;= fromBin</c> (skipping whole vectors below it); returns how many.</summary>
    private static long HistogramTail(ReadOnlySpan<float> analog, float scale, int fromBin, int[] histogram)
    {
        long above = 0;
        int i = 0, lanes = System.Numerics.Vector<float>.Count;
        var scaleV = new System.Numerics.Vector<float>(scale);
        var threshold = new System.Numerics.Vector<float>(fromBin);
        for (; i <= analog.Length - lanes; i += lanes)
            if (System.Numerics.Vector.GreaterThanOrEqualAny(new System.Numerics.Vector<float>(analog.Slice(i, lanes)) * scaleV, threshold))
                above += Histogram(analog.Slice(i, lanes), scale, fromBin, histogram);
        return above + Histogram(analog[i..], scale, fromBin, histogram);
    }

    private static long Histogram(ReadOnlySpan<float> analog, float scale, int fromBin, int[] histogram)
    {
        long above = 0;
        foreach (float x in analog)
        {
            float bin = x * scale;
            if (bin < fromBin) continue;
            histogram[Math.Min((int)bin, HistogramBins - 1)]++;
            above++;
        }
        return above;
    }

    /// <summary>Calibrated zero, one calibration plane row of a block (fine blocks f0..f1): adds the row's analog offset per column
    /// (<paramref name="analog"/> minus the ideal level sums) to <paramref name="zero"/> and returns its active rows (nothing added
    /// for a row with none). The block's zero per active row is the sum over the batch divided by the summed active rows.</summary>
    private static int AddZeroOffsets(Plan plan, int row, ReadOnlySpan<float> analog, int f0, int f1, Span<float> zero)
    {
        int p = plan.Job.Cells.PhysicalColumns, active = 0;
        for (int f = f0; f < f1; f++) active += plan.CalPopcount[f][row];
        if (active == 0) return 0;
        for (int c = 0; c < p; c++)
        {
            float ideal = 0;
            for (int f = f0; f < f1; f++) ideal += plan.CalIdeal[f][row * p + c];
            zero[c] += analog[c] - ideal;
        }
        return active;
    }

    private static void RunChunk(Plan plan, int v, int trial, int chunkIndex, int rFirst, int rEnd, Workspace ws, MonteCarloCounts counts)
    {
        var chunk = plan.Chunks[chunkIndex];
        long t0 = Stopwatch.GetTimestamp();
        ComputeFineBlocks(plan, v, trial, chunkIndex, rFirst, ws);
        plan.Job.Counters?.Add(EnginePhase.Gemm, ref t0);
        ConvertAndShiftAdd(plan, v, rFirst, rEnd, chunkIndex, ws);
        plan.Job.Counters?.Add(EnginePhase.Adc, ref t0);
        for (int r = rFirst; r < rEnd; r++)
        {
            for (int b = 0; b < plan.Job.AdcBitsList.Count; b++) ScoreChunk(plan, chunk, ws.Accumulators[r][b], ws, counts.Slot(v, r, b, trial));
            if (ws.PerSlice) ScoreSlices(plan, v, r, trial, chunkIndex, ws, counts);
            plan.Job.Counters?.Add(EnginePhase.Score, ref t0);
        }
    }

    /// <summary>
    /// Analog partial sums of the chunk's bit-planes on every fine row block, data and reference columns in one GEMM per block;
    /// with per-read noise a second GEMM against the per-cell read variance and one Gaussian per partial sum (see the class remarks).
    /// With wires, whose rows entry r has partial sums of its own, each GEMM spans a whole <c>RowsList[r]</c>-row block (into the
    /// block's first fine buffer): no fine sums to add up afterwards.
    /// </summary>
    private static void ComputeFineBlocks(Plan plan, int v, int trial, int chunkIndex, int r, Workspace ws)
    {
        var cells = plan.Job.Cells;
        var ops = plan.Job.Operands;
        var chunk = plan.Chunks[chunkIndex];
        int d = cells.Dim, p = plan.Stride, ib = ops.InputBits;
        int planeRows = (chunk.InputEnd - chunk.InputStart) * ib, planeRow0 = chunk.InputStart * ib;
        bool readNoise = plan.Terms[v].ReadSigmaRelative > 0;
        int group = plan.BlockGroup(r);
        for (int f = 0; f < plan.FineBlocks; f += group)
        {
            int k0 = f * plan.FineRows, k1 = Math.Min(d, (f + group) * plan.FineRows);
            ws.Packed[f].Multiply(ops.Planes.AsSpan(planeRow0 * d + k0), d, ws.Fine[f], p, planeRows);
            plan.Job.Counters?.AddFlops(2L * planeRows * p * (k1 - k0));
            if (!readNoise) continue;
            Gemm.Multiply(plan.Job.Gemm, ops.Planes.AsSpan(planeRow0 * d + k0), d, ws.ReadVariance.AsSpan(k0 * p), p, ws.Coarse, p, planeRows, p, k1 - k0);
            plan.Job.Counters?.AddFlops(2L * planeRows * p * (k1 - k0));
            var rng = new Rng(Rng.DeriveSeed(plan.Job.CellSeed, $"trial/{trial}/read/{chunkIndex}/{f}"));
            var fine = ws.Fine[f];
            for (int i = 0; i < planeRows * p; i++) fine[i] += MathF.Sqrt(MathF.Max(0f, ws.Coarse[i])) * (float)rng.NextGaussian();
        }
    }

    /// <summary>
    /// For the row-block sizes <c>RowsList[rFirst..rEnd-1]</c>, one partial-sum row of the chunk at a time (each row's fine blocks are
    /// read from memory once and stay in cache while every rows value converts them; <see cref="ConvertBlockRow"/>): sums fine blocks
    /// into blocks, subtracts the reference column (referenceColumn), adds the comparator offset and noise, converts every partial
    /// sum with each ADC and shift-and-adds over bit-planes, slices, signs and blocks into <c>ws.Accumulators[r][b]</c>
    /// <c>[inputs, GroupWidth]</c>. The weight of a bit-plane and slice is <c>+-2^e</c>, so the shift-and-add shifts; integer sums, so
    /// the order of the rows changes no number. Offset and noise are the same for every ADC resolution (in LSB).
    /// With per-slice accumulators (<see cref="Workspace.PerSlice"/>) each slice accumulates apart, into
    /// <c>ws.SliceAccumulators[r][slice][b]</c>, and <c>ws.Accumulators[r][b]</c> is their sum (integer addition: the same numbers).
    /// With <paramref name="mixed"/> (resolution index per slice, least significant first; one rows value) each slice's partial sums
    /// are converted only at its own resolution, as a chip of that mixed design does, into <c>ws.Mixed[0]</c>.
    /// </summary>
    private static void ConvertAndShiftAdd(Plan plan, int v, int rFirst, int rEnd, int chunkIndex, Workspace ws, int[]? mixed = null)
    {
        var job = plan.Job;
        var chunk = plan.Chunks[chunkIndex];
        int ib = job.Operands.InputBits, planeRows = (chunk.InputEnd - chunk.InputStart) * ib, n = planeRows / ib * job.Cells.GroupWidth;
        bool perSlice = ws.PerSlice && mixed is null;
        for (int r = rFirst; r < rEnd; r++)
            foreach (var acc in mixed is not null ? ws.Mixed : perSlice ? ws.SliceAccumulators[r].SelectMany(a => a) : ws.Accumulators[r]) Array.Clear(acc, 0, n);
        for (int row = 0; row < planeRows; row++)
            for (int r = rFirst; r < rEnd; r++)
            {
                int group = job.RowsList[r] / plan.FineRows, blocks = (plan.FineBlocks + group - 1) / group;
                for (int blk = 0; blk < blocks; blk++) ConvertBlockRow(plan, v, r, chunkIndex, blk, row, ws, mixed, perSlice);
            }
        if (perSlice)
            for (int r = rFirst; r < rEnd; r++) SumSlices(ws, r, n);
    }

    /// <summary>One partial-sum row (plane row <paramref name="row"/> of the chunk) of block <paramref name="blk"/> at rows value r,
    /// converted and shift-and-added as <see cref="ConvertAndShiftAdd"/> says.</summary>
    private static void ConvertBlockRow(Plan plan, int v, int r, int chunkIndex, int blk, int row, Workspace ws, int[]? mixed, bool perSlice)
    {
        var job = plan.Job;
        var cells = job.Cells;
        int p = cells.PhysicalColumns, stride = plan.Stride, ib = job.Operands.InputBits, width = cells.GroupWidth;
        int planeRow0 = plan.Chunks[chunkIndex].InputStart * ib, group = job.RowsList[r] / plan.FineRows;
        int f0 = blk * group, f1 = Math.Min(plan.FineBlocks, f0 + group), summed = plan.SummedEnd(f0, f1);
        bool offset = job.Comparator.OffsetSigmaLsb > 0, noise = job.Comparator.NoiseSigmaLsb > 0, zeroCalibrated = job.Reference == AdcReference.Calibrated;
        int active = 0;
        for (int f = f0; f < f1; f++) active += plan.Popcount[f][planeRow0 + row];
        int bit = row % ib, input = row / ib;
        var partialSums = BlockRow(ws.Fine, f0, summed, row * stride, stride, ws.RowSum);
        // What the ADCs see: with reference columns, each data column's partial sum less its reference column's current.
        var dataSums = plan.ReferenceColumns > 0 ? AdcStage.SubtractReferences(partialSums, p, job.Span, ws.Shifted) : partialSums[..p];
        float zero = job.Reference == AdcReference.Nominal ? active * plan.GMinLevels[v] : 0f;
        // Comparator error of this row's conversions, all column groups at once: the ADCs' offsets plus one run of the
        // noise table (a start per row and block; the groups take consecutive draws).
        ReadOnlySpan<float> rowError = default;
        if (noise)
        {
            var e = ws.ErrorLsb.AsSpan(0, p);
            ulong key = (((ulong)chunkIndex * 65_537 + (ulong)job.RowsList[r]) * 4_099 + (ulong)blk) * 1_048_583 + (ulong)row;
            int start = (int)(Mix(ws.NoiseSeed ^ key) % NoiseTableSize);
            if (offset) System.Numerics.Tensors.TensorPrimitives.Add(ws.OffsetLsb[r].AsSpan(blk * p, p), ws.NoiseTable.AsSpan(start, p), e);
            else ws.NoiseTable.AsSpan(start, p).CopyTo(e);
            rowError = e;
        }
        else if (offset) rowError = ws.OffsetLsb[r].AsSpan(blk * p, p);
        for (int g = 0; g < cells.Groups; g++)
        {
            int weight = (bit == ib - 1 ? -(1 << bit) : 1 << bit) * cells.GroupWeight(g);
            int slice = g % cells.Slices;
            ReadOnlySpan<AdcTransfer> groupAdcs = mixed is null ? ws.Adc[r] : ws.Adc[r].AsSpan(mixed[slice], 1);
            var target = mixed is not null ? ws.Mixed : perSlice ? ws.SliceAccumulators[r][slice] : ws.Accumulators[r];
            int c0 = g * width;
            ReadOnlySpan<float> error = rowError.IsEmpty ? default : rowError.Slice(c0, width);
            ReadOnlySpan<float> zeroPerRow = default, zeroLsb = default;
            if (zeroCalibrated)
            {
                zeroPerRow = ws.ZeroPerRow[r].AsSpan(blk * p + c0, width);
                zeroLsb = offset ? ws.OffsetLsb[r].AsSpan(blk * p + c0, width) : ws.NoOffset.AsSpan(0, width);
            }
            AdcStage.ConvertShiftAccumulate(groupAdcs, dataSums.Slice(c0, width), error, zero, zeroPerRow, zeroLsb, active, weight, target, input * width);
        }
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

    /// <summary>Values <paramref name="start"/>..<paramref name="start"/>+<paramref name="n"/>-1 (one partial-sum row) of blocks
    /// <paramref name="f0"/>..<paramref name="f1"/>-1 summed elementwise in block order into <paramref name="into"/> (a row-sized buffer
    /// that stays in L1); block <paramref name="f0"/>'s own values when it is the only one.</summary>
    private static ReadOnlySpan<float> BlockRow(float[][] blocks, int f0, int f1, int start, int n, float[] into)
    {
        if (f1 - f0 == 1) return blocks[f0].AsSpan(start, n);
        var sum = into.AsSpan(0, n);
        System.Numerics.Tensors.TensorPrimitives.Add(blocks[f0].AsSpan(start, n), blocks[f0 + 1].AsSpan(start, n), sum);
        for (int f = f0 + 2; f < f1; f++) System.Numerics.Tensors.TensorPrimitives.Add(sum, blocks[f].AsSpan(start, n), sum);
        return sum;
    }

    /// <summary>SplitMix64 finaliser: the start of a conversion batch's run in the comparator-noise table.</summary>
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>
    /// The simulated integer read-out <c>[InputCount, StoredCount]</c> (dot products of quantised inputs and stored
    /// values as seen through the arrays) of one variant, rows value, ADC resolution and trial. For tests and
    /// diagnostics; follows exactly the path of <see cref="Run"/>.
    /// </summary>
    internal static long[] IntegerReadout(MonteCarloJob job, int v, int r, int b, int trial) => Readout(job, v, r, trial, (_, ws, _) => ws.Accumulators[r][b]);

    /// <summary>The integer read-out of chip <paramref name="trial"/> of variant v at rows value r: per chunk, after its conversion,
    /// <paramref name="accumulator"/> (plan, workspace, chunk index) gives the accumulators <c>[inputs, GroupWidth]</c> read.</summary>
    private static long[] Readout(MonteCarloJob job, int v, int r, int trial, Func<Plan, Workspace, int, int[]> accumulator)
    {
        var plan = new Plan(job);
        var ws = new Workspace(plan);
        DrawTrial(plan, trial, ws);
        ProgramVariant(plan, v, ws);
        SelectConductances(plan, v, r, ws);
        Calibrate(plan, v, r, r + 1, ws);
        var problem = job.Operands.Problem;
        int s = problem.StoredCount, width = job.Cells.GroupWidth;
        var result = new long[problem.InputCount * s];
        for (int ci = 0; ci < plan.Chunks.Count; ci++)
        {
            var chunk = plan.Chunks[ci];
            ComputeFineBlocks(plan, v, trial, ci, r, ws);
            ConvertAndShiftAdd(plan, v, r, r + 1, ci, ws);
            var acc = accumulator(plan, ws, ci);
            for (int a = chunk.InputStart; a < chunk.InputEnd; a++)
            {
                var row = acc.AsSpan((a - chunk.InputStart) * width, width);
                int reference = job.Cells.Mapping == SignedMapping.Offset ? row[s] : 0;
                for (int c = 0; c < s; c++) result[a * s + c] = row[c] - reference;
            }
        }
        return result;
    }

    /// <summary>The ADC range (level units) chip <paramref name="trial"/> of variant v uses at rows value r (the calibrated one in
    /// calibrated range mode). For tests; follows exactly the path of <see cref="Run"/>.</summary>
    internal static double AdcRangeLevels(MonteCarloJob job, int v, int r, int trial)
    {
        var plan = new Plan(job);
        var ws = new Workspace(plan);
        DrawTrial(plan, trial, ws);
        ProgramVariant(plan, v, ws);
        SelectConductances(plan, v, r, ws);
        Calibrate(plan, v, r, r + 1, ws);
        return ws.Adc[r][0].RangeLevels;
    }

    /// <summary>
    /// The analog partial sums (level units, before the ADC) of the first chunk's bit-planes on fine row block
    /// <paramref name="f"/>, <c>[chunk plane rows, PhysicalColumns]</c>, of one variant, rows value r and trial. For tests of the
    /// read-noise and IR-drop models; follows exactly the path of <see cref="Run"/>.
    /// </summary>
    internal static float[] FinePartialSums(MonteCarloJob job, int v, int trial, int f, int r = 0)
    {
        var plan = new Plan(job);
        var ws = new Workspace(plan);
        DrawTrial(plan, trial, ws);
        ProgramVariant(plan, v, ws);
        SelectConductances(plan, v, r, ws);
        ComputeFineBlocks(plan, v, trial, 0, r, ws);
        var chunk = plan.Chunks[0];
        int rows = (chunk.InputEnd - chunk.InputStart) * job.Operands.InputBits, p = job.Cells.PhysicalColumns;
        var result = new float[rows * p];
        for (int row = 0; row < rows; row++) ws.Fine[f].AsSpan(row * plan.Stride, p).CopyTo(result.AsSpan(row * p, p));
        return result;
    }

    private static void ScoreChunk(Plan plan, Chunk chunk, int[] acc, Workspace ws, Span<int> slot)
    {
        var ops = plan.Job.Operands;
        var problem = ops.Problem;
        int s = problem.StoredCount, width = plan.Job.Cells.GroupWidth;
        bool offset = plan.Job.Cells.Mapping == SignedMapping.Offset;
        for (int q = chunk.QueryStart; q < chunk.QueryEnd; q++)
        {
            var (start, end) = problem.InputRange(q);
            var readout = ws.Readout.AsSpan(0, (end - start) * s);
            for (int a = start; a < end; a++)
            {
                var row = acc.AsSpan((a - chunk.InputStart) * width, width);
                int reference = offset ? row[s] : 0;
                for (int c = 0; c < s; c++) readout[(a - start) * s + c] = ops.Dequantize(a, c, row[c] - reference);
            }
            var (ssa, mips) = problem.Score(q, readout);
            if (ssa == ops.ExactSsa[q]) slot[0]++;
            if (problem.Labels is { } labels && ssa == labels[q]) slot[1]++;
            if (mips == ops.ExactMips[q]) slot[2]++;
            if (problem.Labels is { } labels2 && mips == labels2[q]) slot[3]++;
        }
    }

    private readonly record struct Chunk(int QueryStart, int QueryEnd, int InputStart, int InputEnd);

    /// <summary>Everything shared by all trials: fine blocks, popcounts, chunks, fullScale ADC transfers, noise tables, calibration batch.</summary>
    private sealed class Plan
    {
        public MonteCarloJob Job { get; }
        public int FineRows { get; }
        public int FineBlocks { get; }
        public int ReferenceColumns { get; }      // extra columns with a reference column; 0 otherwise
        public int Stride { get; }                // PhysicalColumns + ReferenceColumns: columns of W and of the GEMM outputs
        public byte[] ReferenceLevels { get; }    // [d, ReferenceColumns], all level 0
        public int[][] Popcount { get; }          // [fine block][plane row]
        public List<Chunk> Chunks { get; } = [];
        public int MaxChunkPlaneRows { get; }
        public int MaxQueryInputs { get; }
        public float[][] NoiseStd { get; }        // [variant][column group x level]
        public float[][] ReferenceNoiseStd { get; } // [variant][level]: reference cells take the most significant slice's spread
        public float[] GMinLevels { get; }        // [variant]
        public float[] GCeilingLevels { get; }    // [variant]
        public CellTerms[] Terms { get; }         // [variant]
        public AdcTransfer[][][] FullScale { get; } // [variant][rows][adcBits]
        public bool NeedsCalibration { get; }
        public AdcCalibrationBatch Calibration { get; }
        public int[][] CalPopcount { get; }       // [fine block][calibration plane row]
        public float[][] CalIdeal { get; }        // [fine block][calibration plane row x PhysicalColumns]: exact level sums (calibrated zero)
        public IrDropModel?[] IrDrop { get; }     // [variant]: null with ideal wires
        public float[][][] Attenuation { get; }   // [variant][rows][d x Stride]; empty for variants with ideal wires
        public double[] LevelStepS { get; }       // [variant]: siemens per level step

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

        public Plan(MonteCarloJob job)
        {
            Job = job;
            var ops = job.Operands;
            var problem = ops.Problem;
            var cells = job.Cells;
            int d = cells.Dim, ib = ops.InputBits, p = cells.PhysicalColumns;
            FineRows = job.FineRows;
            FineBlocks = (d + FineRows - 1) / FineRows;
            ReferenceColumns = job.ReferenceColumns;
            Stride = p + ReferenceColumns;
            ReferenceLevels = new byte[d * ReferenceColumns];
            Popcount = Popcounts(ops.Planes, problem.InputCount * ib, d);

            int qStart = 0;
            while (qStart < problem.QueryCount)
            {
                int qEnd = qStart + 1;
                while (qEnd < problem.QueryCount && (problem.InputRange(qEnd).End - problem.InputRange(qStart).Start) * ib <= TargetChunkRows) qEnd++;
                Chunks.Add(new Chunk(qStart, qEnd, problem.InputRange(qStart).Start, problem.InputRange(qEnd - 1).End));
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

            NeedsCalibration = job.RangeMode == AdcRangeMode.Calibrated || job.Reference == AdcReference.Calibrated;
            Calibration = job.Calibration ?? AdcCalibrationBatch.LeadingQueries(ops, job.CalibrationQueries);
            if (Calibration.Dim != d) throw new ArgumentException($"The calibration batch is {Calibration.Dim} wide, the arrays {d}.", nameof(job));
            CalPopcount = Popcounts(Calibration.Planes, Calibration.PlaneRows, d);
            LevelStepS = job.Variants.Select(v => CellProgramming.LevelStepS(v.Device, cellBits)).ToArray();
            (IrDrop, Attenuation) = IrDropMaps(job);
            Wired = IrDrop.Any(m => m is not null);
            CalIdeal = new float[job.Reference == AdcReference.Calibrated ? FineBlocks : 0][];
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
        /// The IR-drop model of every variant (null with ideal wires) and its attenuation map per rows value, from one mean-field solve
        /// per device and crossbar geometry at the scored bit-planes' mean input density. Each crossbar holds <c>TileCols</c>
        /// consecutive data columns, each followed by its reference column when reference columns exist (<see cref="ColumnTiles"/>).
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
                    Parallel.For(0, perRows.Length, r => perRows[r] = model.Attenuation(nominal, d, Stride, job.RowsList[r],
                        ColumnTiles(p, ReferenceColumns, job.Span, wires.TileCols[r]), LevelStepS[v]));
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
    }

    /// <summary>The random draws of one set of cells (data or reference) for one trial; a term no variant uses is empty.</summary>
    private sealed class CellDraws
    {
        public float[] Z { get; }
        public float[] W { get; }
        public float[] UStuck { get; }
        public float[] ZDrift { get; }
        public float[] ZOneOverF { get; }

        public CellDraws(int n, CellTerms[] terms)
        {
            Z = new float[n];
            W = new float[n];
            UStuck = new float[terms.Any(t => t.StuckGMinRate + t.StuckGMaxRate > 0) ? n : 0];
            ZDrift = new float[terms.Any(t => t.NuMean is not null) ? n : 0];
            ZOneOverF = new float[terms.Any(t => t.OneOverF is not null) ? n : 0];
        }
    }

    /// <summary>Per-worker buffers, reused across the trials that worker runs.</summary>
    private sealed class Workspace
    {
        public CellDraws Data { get; }
        public CellDraws? Reference { get; }      // null without reference columns
        public float[] W { get; }                 // [d, Stride]; Data.W is programmed in place when there are no reference columns
        public float[] WiredW { get; }            // [d, Stride]: W attenuated by IR drop; empty when every variant has ideal wires
        public PackedMatrix[] Packed { get; }     // [fine block]: what the GEMMs read (W, or WiredW with IR drop) packed, one per block a GEMM starts at
        public float[] ReadVariance { get; }      // (r G)^2 per cell; empty unless some variant has per-read noise
        public float[][] Fine { get; }
        public float[] Coarse { get; }            // the read-variance GEMM output in ComputeFineBlocks
        public float[] RowSum { get; }            // [Stride]: one partial-sum row of a block summed over its fine blocks
        public int[][][] Accumulators { get; }     // [rows][adcBits][inputs x GroupWidth]
        public bool PerSlice { get; }              // slice assignments or slice errors asked for
        public int[][][][] SliceAccumulators { get; } // [rows][slice, least significant first][adcBits][inputs x GroupWidth]; empty unless PerSlice
        public int[][] Mixed { get; }             // [1][inputs x GroupWidth]: one mixed design's read-out; empty unless PerSlice
        public double[] Readout { get; }
        public AdcTransfer[][] Adc { get; }       // [rows][adcBits] of the chip being simulated
        public float[][] OffsetLsb { get; }       // [rows][block x PhysicalColumns] comparator offsets; empty without offset
        public float[] NoiseTable { get; }        // standard normals x noise sigma; empty without noise
        public ulong NoiseSeed { get; set; }
        public float[][] ZeroPerRow { get; }      // [rows][block x PhysicalColumns] calibrated zero per active row; empty unless calibrated zero
        public float[] NoOffset { get; }
        public float[] Shifted { get; }
        public float[] ErrorLsb { get; }
        public float[][] CalFine { get; }         // [fine block][calibration plane rows x Stride]; empty without calibration
        public int[] Histogram { get; }
        public int[] TailFrom { get; }            // [variant x rows]: first histogram bin of the calibration's tail pass

        public Workspace(Plan plan)
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
            NoiseTable = new float[job.Comparator.NoiseSigmaLsb > 0 ? NoiseTableSize + plan.Job.Cells.PhysicalColumns : 0];
            ZeroPerRow = job.RowsList.Select(rows => new float[job.Reference == AdcReference.Calibrated ? BlocksOf(rows) : 0]).ToArray();
            NoOffset = new float[job.Reference == AdcReference.Calibrated ? width : 0];
            Shifted = new float[Math.Max(width, p)];
            ErrorLsb = new float[plan.Job.Cells.PhysicalColumns];
            int calRows = plan.NeedsCalibration ? plan.Calibration.PlaneRows * plan.Stride : 0;
            CalFine = Enumerable.Range(0, plan.NeedsCalibration ? plan.FineBlocks : 0).Select(_ => new float[calRows]).ToArray();
            Histogram = new int[job.RangeMode == AdcRangeMode.Calibrated ? HistogramBins : 0];
            TailFrom = Enumerable.Repeat(TailBin, job.Variants.Count * job.RowsList.Count).ToArray();
        }
    }
}
