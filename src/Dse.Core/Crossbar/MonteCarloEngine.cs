using Dse.Devices;
using System.Diagnostics;
using System.Runtime.Intrinsics;
using Dse.Randomness;

namespace Dse.Crossbar;

/// <summary>One programmed-array flavour evaluated on the same cell draws: a device at a sigma scale and read time.</summary>
/// <param name="Device">The device model.</param>
/// <param name="SigmaScale">Multiplier s of the device's programming variation.</param>
/// <param name="ReadTimeS">Seconds after programming at which the arrays are read; null: <see cref="DeviceModel.EffectiveReadTimeS"/> of null.</param>
public sealed record CrossbarVariant(DeviceModel Device, double SigmaScale, double? ReadTimeS = null);

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
/// <param name="CalibrationQuantile">Quantile of the calibration partial sums used as range (calibrated mode), in (0, 1].</param>
/// <param name="CalibrationQueries">Number of leading queries forming the calibration batch (noiseless arrays).</param>
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
    int FineRows);

/// <summary>Per-trial counts of one Monte-Carlo job, indexed by variant, rows, ADC bits and trial.</summary>
public sealed class MonteCarloCounts
{
    private readonly int[] _counts;
    private readonly int _rows, _adc, _trials;

    /// <summary>Number of queries per trial.</summary>
    public int Queries { get; }

    internal MonteCarloCounts(int variants, int rows, int adc, int trials, int queries)
    {
        _rows = rows; _adc = adc; _trials = trials; Queries = queries;
        _counts = new int[variants * rows * adc * trials * 4];
    }

    internal Span<int> Slot(int v, int r, int b, int t) => _counts.AsSpan(((((v * _rows) + r) * _adc + b) * _trials + t) * 4, 4);

    /// <summary>
    /// Per-trial fractions of queries whose noisy pick agrees: <paramref name="what"/> 0 = SSA vs exact SSA,
    /// 1 = SSA vs label, 2 = MIPS vs exact MIPS, 3 = MIPS vs label; of every trial the counts hold.
    /// </summary>
    public double[] Fractions(int v, int r, int b, int what) => Fractions(v, r, b, what, _trials);

    /// <summary>As <see cref="Fractions(int, int, int, int)"/>, of the first <paramref name="trials"/> trials only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trials"/> is not in <c>1 ..</c> the trials held.</exception>
    public double[] Fractions(int v, int r, int b, int what, int trials)
    {
        if (trials < 1 || trials > _trials) throw new ArgumentOutOfRangeException(nameof(trials), trials, $"Range: 1 <= trials <= {_trials}.");
        var result = new double[trials];
        for (int t = 0; t < trials; t++) result[t] = Slot(v, r, b, t)[what] / (double)Queries;
        return result;
    }
}

/// <summary>
/// Runs the crossbar Monte Carlo (DESIGN §6): per trial, program every cell with variation, apply the
/// input bit-planes block by block as GEMMs (<see cref="Gemm"/>: a chunk of about 128 bit-plane rows, whole queries, times
/// one fine row block of every physical column), convert each partial sum with the ADC, shift-and-add, and
/// score the noisy read-out with the SSA and MIPS.
/// </summary>
/// <remarks>
/// Work shared across axes: the standard-normal draw of each cell depends only on the job's cell seed and
/// the trial (not on device, sigma scale, read time, rows or ADC bits: common random numbers); each optional term
/// (stuck-at, drift, 1/f, per-read noise) draws from its own derived stream, so switching one on leaves the
/// others' draws unchanged; analog partial sums
/// are computed once on the finest row block (the gcd of <c>RowsList</c>) and summed into coarser blocks;
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
public static class MonteCarloEngine
{
    private const int TargetChunkRows = 128;

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
    /// Prepares the job (popcounts, chunks, ADC transfers, calibration) without running trials, so trials can be added in
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
        return new MonteCarloSession(job);
    }

    /// <summary>A prepared job to which trials are added in order; see <see cref="Start"/>.</summary>
    public sealed class MonteCarloSession
    {
        private readonly Plan _plan;

        /// <summary>Counts of every trial run so far (trials not run yet hold zeros).</summary>
        public MonteCarloCounts Counts { get; }

        /// <summary>Trials run so far, <c>0 .. job.Trials</c>: trials <c>0 .. TrialsRun - 1</c>, each for the variants asked for then.</summary>
        public int TrialsRun { get; private set; }

        internal MonteCarloSession(MonteCarloJob job)
        {
            _plan = new Plan(job);
            Counts = new MonteCarloCounts(job.Variants.Count, job.RowsList.Count, job.AdcBitsList.Count, job.Trials, job.Operands.Problem.QueryCount);
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
            Parallel.For(TrialsRun, trialEnd, options, () => new Workspace(plan), (t, _, ws) =>
            {
                RunTrial(plan, t, which, ws, counts);
                return ws;
            }, _ => { });
            TrialsRun = trialEnd;
        }
    }

    private static void RunTrial(Plan plan, int trial, IReadOnlyList<int> variants, Workspace ws, MonteCarloCounts counts)
    {
        long t0 = Stopwatch.GetTimestamp();
        DrawTrial(plan, trial, ws);
        EngineCounters.Add(EnginePhase.Draw, ref t0);
        foreach (int v in variants)
        {
            ProgramVariant(plan, v, ws);
            EngineCounters.Add(EnginePhase.Program, ref t0);
            for (int c = 0; c < plan.Chunks.Count; c++) RunChunk(plan, v, trial, c, ws, counts);
            t0 = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The trial's cell draws, each term from its own stream; a term no variant uses draws nothing.</summary>
    private static void DrawTrial(Plan plan, int trial, Workspace ws)
    {
        ulong seed = plan.Job.CellSeed;
        new Rng(Rng.DeriveSeed(seed, $"trial/{trial}")).FillGaussian(ws.Z, 0, 1);
        if (plan.Terms.Any(t => t.StuckGMinRate + t.StuckGMaxRate > 0))
        {
            var rng = new Rng(Rng.DeriveSeed(seed, $"trial/{trial}/stuck"));
            for (int i = 0; i < ws.UStuck.Length; i++) ws.UStuck[i] = (float)rng.NextDouble();
        }
        if (plan.Terms.Any(t => t.NuMean is not null))
            new Rng(Rng.DeriveSeed(seed, $"trial/{trial}/drift")).FillGaussian(ws.ZDrift, 0, 1);
        if (plan.Terms.Any(t => t.OneOverF is not null))
            new Rng(Rng.DeriveSeed(seed, $"trial/{trial}/oneOverF")).FillGaussian(ws.ZOneOverF, 0, 1);
    }

    /// <summary>Programs variant v's cells into <c>ws.W</c>, applies its cell terms and, with per-read noise, fills <c>ws.ReadVariance</c>.</summary>
    private static void ProgramVariant(Plan plan, int v, Workspace ws)
    {
        var levels = plan.Job.Cells.Levels;
        var terms = plan.Terms[v];
        CellProgramming.Program(levels, plan.NoiseStd[v], plan.GMinLevels[v], ws.Z, ws.W);
        if (terms.HasCellTerms) CellProgramming.ApplyCellTerms(levels, terms, ws.ZDrift, ws.ZOneOverF, ws.UStuck, ws.W);
        if (terms.ReadSigmaRelative > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(ws.W, terms.ReadSigmaRelative, ws.ReadVariance);
            System.Numerics.Tensors.TensorPrimitives.Multiply(ws.ReadVariance, ws.ReadVariance, ws.ReadVariance);
        }
    }

    private static void RunChunk(Plan plan, int v, int trial, int chunkIndex, Workspace ws, MonteCarloCounts counts)
    {
        var chunk = plan.Chunks[chunkIndex];
        long t0 = Stopwatch.GetTimestamp();
        ComputeFineBlocks(plan, v, trial, chunkIndex, ws);
        EngineCounters.Add(EnginePhase.Gemm, ref t0);
        for (int r = 0; r < plan.Job.RowsList.Count; r++)
        {
            ConvertAndShiftAdd(plan, v, r, chunk, ws);
            EngineCounters.Add(EnginePhase.Adc, ref t0);
            for (int b = 0; b < plan.Job.AdcBitsList.Count; b++) ScoreChunk(plan, chunk, ws.Accumulators[b], ws, counts.Slot(v, r, b, trial));
            EngineCounters.Add(EnginePhase.Score, ref t0);
        }
    }

    /// <summary>
    /// Analog partial sums of the chunk's bit-planes on every fine row block: one GEMM per block; with per-read noise a
    /// second GEMM against the per-cell read variance and one Gaussian per partial sum (see the class remarks).
    /// </summary>
    private static void ComputeFineBlocks(Plan plan, int v, int trial, int chunkIndex, Workspace ws)
    {
        var cells = plan.Job.Cells;
        var ops = plan.Job.Operands;
        var chunk = plan.Chunks[chunkIndex];
        int d = cells.Dim, p = cells.PhysicalColumns, ib = ops.InputBits;
        int planeRows = (chunk.InputEnd - chunk.InputStart) * ib, planeRow0 = chunk.InputStart * ib;
        bool readNoise = plan.Terms[v].ReadSigmaRelative > 0;
        for (int f = 0; f < plan.FineBlocks; f++)
        {
            int k0 = f * plan.FineRows, k1 = Math.Min(d, k0 + plan.FineRows);
            Gemm.Multiply(ops.Planes.AsSpan(planeRow0 * d + k0), d, ws.W.AsSpan(k0 * p), p, ws.Fine[f], p, planeRows, p, k1 - k0);
            EngineCounters.AddFlops(2L * planeRows * p * (k1 - k0));
            if (!readNoise) continue;
            Gemm.Multiply(ops.Planes.AsSpan(planeRow0 * d + k0), d, ws.ReadVariance.AsSpan(k0 * p), p, ws.Coarse, p, planeRows, p, k1 - k0);
            EngineCounters.AddFlops(2L * planeRows * p * (k1 - k0));
            var rng = new Rng(Rng.DeriveSeed(plan.Job.CellSeed, $"trial/{trial}/read/{chunkIndex}/{f}"));
            var fine = ws.Fine[f];
            for (int i = 0; i < planeRows * p; i++) fine[i] += MathF.Sqrt(MathF.Max(0f, ws.Coarse[i])) * (float)rng.NextGaussian();
        }
    }

    /// <summary>
    /// For row-block size <c>RowsList[r]</c>: sums fine blocks into blocks, converts every partial sum with each ADC
    /// and shift-and-adds over bit-planes, slices, signs and blocks into <c>ws.Accumulators[b]</c> <c>[inputs, GroupWidth]</c>.
    /// The weight of a bit-plane and slice is <c>+-2^e</c>, so the shift-and-add shifts.
    /// </summary>
    private static void ConvertAndShiftAdd(Plan plan, int v, int r, Chunk chunk, Workspace ws)
    {
        var job = plan.Job;
        var cells = job.Cells;
        int p = cells.PhysicalColumns, ib = job.Operands.InputBits, width = cells.GroupWidth;
        int planeRows = (chunk.InputEnd - chunk.InputStart) * ib, planeRow0 = chunk.InputStart * ib;
        int group = job.RowsList[r] / plan.FineRows;
        var adcs = plan.Adc[v][r];
        foreach (var acc in ws.Accumulators) Array.Clear(acc, 0, planeRows / ib * width);
        for (int f0 = 0; f0 < plan.FineBlocks; f0 += group)
        {
            int f1 = Math.Min(plan.FineBlocks, f0 + group);
            float[] analog = ws.Fine[f0];
            if (f1 - f0 > 1)
            {
                analog = ws.Coarse;
                var sum = analog.AsSpan(0, planeRows * p);
                ws.Fine[f0].AsSpan(0, planeRows * p).CopyTo(sum);
                for (int f = f0 + 1; f < f1; f++) System.Numerics.Tensors.TensorPrimitives.Add(sum, ws.Fine[f].AsSpan(0, planeRows * p), sum);
            }
            for (int row = 0; row < planeRows; row++)
            {
                int active = 0;
                for (int f = f0; f < f1; f++) active += plan.Popcount[f][planeRow0 + row];
                int bit = row % ib, input = row / ib;
                for (int g = 0; g < cells.Groups; g++)
                {
                    int weight = (bit == ib - 1 ? -(1 << bit) : 1 << bit) * cells.GroupWeight(g);
                    int shift = System.Numerics.BitOperations.Log2((uint)Math.Abs(weight));
                    var source = analog.AsSpan(row * p + g * width, width);
                    for (int b = 0; b < adcs.Length; b++)
                        adcs[b].ConvertShiftAccumulate(source, active, shift, weight < 0, ws.Accumulators[b].AsSpan(input * width, width));
                }
            }
        }
    }

    /// <summary>
    /// The simulated integer read-out <c>[InputCount, StoredCount]</c> (dot products of quantised inputs and stored
    /// values as seen through the arrays) of one variant, rows value, ADC resolution and trial. For tests and
    /// diagnostics; follows exactly the path of <see cref="Run"/>.
    /// </summary>
    internal static long[] IntegerReadout(MonteCarloJob job, int v, int r, int b, int trial)
    {
        var plan = new Plan(job);
        var ws = new Workspace(plan);
        DrawTrial(plan, trial, ws);
        ProgramVariant(plan, v, ws);
        var problem = job.Operands.Problem;
        int s = problem.StoredCount, width = job.Cells.GroupWidth;
        var result = new long[problem.InputCount * s];
        for (int ci = 0; ci < plan.Chunks.Count; ci++)
        {
            var chunk = plan.Chunks[ci];
            ComputeFineBlocks(plan, v, trial, ci, ws);
            ConvertAndShiftAdd(plan, v, r, chunk, ws);
            for (int a = chunk.InputStart; a < chunk.InputEnd; a++)
            {
                var row = ws.Accumulators[b].AsSpan((a - chunk.InputStart) * width, width);
                int reference = job.Cells.Mapping == SignedMapping.Offset ? row[s] : 0;
                for (int c = 0; c < s; c++) result[a * s + c] = row[c] - reference;
            }
        }
        return result;
    }

    /// <summary>
    /// The analog partial sums (level units, before the ADC) of the first chunk's bit-planes on fine row block
    /// <paramref name="f"/>, <c>[chunk plane rows, PhysicalColumns]</c>, of one variant and trial. For tests of the
    /// read-noise model; follows exactly the path of <see cref="Run"/>.
    /// </summary>
    internal static float[] FinePartialSums(MonteCarloJob job, int v, int trial, int f)
    {
        var plan = new Plan(job);
        var ws = new Workspace(plan);
        DrawTrial(plan, trial, ws);
        ProgramVariant(plan, v, ws);
        ComputeFineBlocks(plan, v, trial, 0, ws);
        var chunk = plan.Chunks[0];
        int n = (chunk.InputEnd - chunk.InputStart) * job.Operands.InputBits * job.Cells.PhysicalColumns;
        return ws.Fine[f].AsSpan(0, n).ToArray();
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

    /// <summary>Everything shared by all trials: fine blocks, popcounts, chunks, ADC transfers, noise tables.</summary>
    private sealed class Plan
    {
        public MonteCarloJob Job { get; }
        public int FineRows { get; }
        public int FineBlocks { get; }
        public int[][] Popcount { get; }          // [fine block][plane row]
        public List<Chunk> Chunks { get; } = [];
        public int MaxChunkPlaneRows { get; }
        public int MaxQueryInputs { get; }
        public float[][] NoiseStd { get; }        // [variant][level]
        public float[] GMinLevels { get; }        // [variant]
        public CellTerms[] Terms { get; }         // [variant]
        public AdcTransfer[][][] Adc { get; }     // [variant][rows][adcBits]

        public Plan(MonteCarloJob job)
        {
            Job = job;
            var ops = job.Operands;
            var problem = ops.Problem;
            int d = job.Cells.Dim, ib = ops.InputBits;
            FineRows = job.FineRows;
            FineBlocks = (d + FineRows - 1) / FineRows;
            int planeRows = problem.InputCount * ib;
            Popcount = new int[FineBlocks][];
            for (int f = 0; f < FineBlocks; f++)
            {
                Popcount[f] = new int[planeRows];
                int k0 = f * FineRows, k1 = Math.Min(d, k0 + FineRows);
                for (int row = 0; row < planeRows; row++)
                {
                    int sum = 0;
                    for (int k = k0; k < k1; k++) sum += (int)ops.Planes[row * d + k];
                    Popcount[f][row] = sum;
                }
            }

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

            int cellBits = job.Cells.CellBits;
            NoiseStd = job.Variants.Select(v => CellProgramming.NoiseStdLevels(v.Device, cellBits, v.SigmaScale)).ToArray();
            GMinLevels = job.Variants.Select(v => (float)CellProgramming.GMinLevels(v.Device, cellBits)).ToArray();
            Terms = job.Variants.Select(v => CellTerms.For(v.Device, cellBits, v.ReadTimeS)).ToArray();
            Adc = new AdcTransfer[job.Variants.Count][][];
            for (int v = 0; v < job.Variants.Count; v++)
            {
                Adc[v] = new AdcTransfer[job.RowsList.Count][];
                for (int r = 0; r < job.RowsList.Count; r++)
                {
                    var device = job.Variants[v].Device;
                    double range = job.RangeMode == AdcRangeMode.FullScale
                        ? AdcTransfer.FullScaleLevels(job.RowsList[r], cellBits, device.GMinS, device.GMaxS)
                        : CalibratedRange(job.RowsList[r], GMinLevels[v]);
                    Adc[v][r] = job.AdcBitsList.Select(b => new AdcTransfer(b, range, GMinLevels[v])).ToArray();
                }
            }
        }

        /// <summary>
        /// The calibration quantile of the noiseless analog partial sums of the first queries' bit-planes, over
        /// every block of <paramref name="rows"/> rows and every physical column.
        /// </summary>
        private double CalibratedRange(int rows, float gMinLevels)
        {
            var ops = Job.Operands;
            var cells = Job.Cells;
            int d = cells.Dim, p = cells.PhysicalColumns, ib = ops.InputBits;
            int queries = Math.Clamp(Job.CalibrationQueries, 1, ops.Problem.QueryCount);
            int planeRows = ops.Problem.InputRange(queries - 1).End * ib;
            var w = new float[d * p];
            for (int i = 0; i < w.Length; i++) w[i] = gMinLevels + cells.Levels[i];
            int blocks = (d + rows - 1) / rows;
            var sums = new double[(long)blocks * planeRows * p];
            var c = new float[planeRows * p];
            for (int blk = 0; blk < blocks; blk++)
            {
                int k0 = blk * rows, k1 = Math.Min(d, k0 + rows);
                Gemm.Multiply(ops.Planes, d, w.AsSpan(k0 * p), p, c, p, planeRows, p, k1 - k0);
                for (int i = 0; i < c.Length; i++) sums[(long)blk * c.Length + i] = c[i];
            }
            double range = MathNet.Numerics.Statistics.ArrayStatistics.QuantileInplace(sums, Job.CalibrationQuantile);
            return range > 0 ? range : gMinLevels + 1;
        }
    }

    /// <summary>Per-worker buffers, reused across the trials that worker runs.</summary>
    private sealed class Workspace
    {
        public float[] Z { get; }
        public float[] W { get; }
        public float[] UStuck { get; }            // empty unless some variant has stuck-at faults
        public float[] ZDrift { get; }            // empty unless some variant drifts
        public float[] ZOneOverF { get; }         // empty unless some variant has 1/f noise
        public float[] ReadVariance { get; }      // (r G)^2 per cell; empty unless some variant has per-read noise
        public float[][] Fine { get; }
        public float[] Coarse { get; }            // coarse-block sums; also the read-variance GEMM output in ComputeFineBlocks
        public int[][] Accumulators { get; }
        public double[] Readout { get; }

        public Workspace(Plan plan)
        {
            var cells = plan.Job.Cells;
            int p = cells.PhysicalColumns, n = cells.Dim * p;
            Z = new float[n];
            W = new float[n];
            var terms = plan.Terms;
            UStuck = new float[terms.Any(t => t.StuckGMinRate + t.StuckGMaxRate > 0) ? n : 0];
            ZDrift = new float[terms.Any(t => t.NuMean is not null) ? n : 0];
            ZOneOverF = new float[terms.Any(t => t.OneOverF is not null) ? n : 0];
            ReadVariance = new float[terms.Any(t => t.ReadSigmaRelative > 0) ? n : 0];
            int chunk = plan.MaxChunkPlaneRows * p;
            Fine = Enumerable.Range(0, plan.FineBlocks).Select(_ => new float[chunk]).ToArray();
            Coarse = new float[chunk];
            int inputs = plan.MaxChunkPlaneRows / plan.Job.Operands.InputBits;
            Accumulators = plan.Job.AdcBitsList.Select(_ => new int[inputs * cells.GroupWidth]).ToArray();
            Readout = new double[plan.MaxQueryInputs * plan.Job.Operands.Problem.StoredCount];
        }
    }
}
