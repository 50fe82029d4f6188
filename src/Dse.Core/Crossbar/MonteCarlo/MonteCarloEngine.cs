using Dse.Devices;
using System.Diagnostics;

namespace Dse.Crossbar;

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
        if (job.Wires is { } wires && (wires.Reads.Count != job.RowsList.Count || wires.Reads.Where((read, r) => read.RowsPerRead != job.RowsList[r]).Any()))
            throw new ArgumentException("Wires.Reads must give the read geometry of every rows value, with that many rows per read.", nameof(job));
        foreach (var read in job.Wires?.Reads ?? []) read.Check();
        CheckSliceAssignments(job);
        return new MonteCarloSession(job);
    }

    /// <summary>
    /// Runs trial <paramref name="trial"/> (one programmed chip per variant) of the reads <paramref name="selection"/> asks for on the
    /// worker's buffers <paramref name="ws"/>, into the trial's slots of <paramref name="counts"/>; nothing else is written.
    /// </summary>
    /// <remarks>With ideal wires every rows entry reads one set of partial sums; a selection that leaves a gap in the rows entries
    /// forms them once per run of read entries (the same numbers, more GEMMs).</remarks>
    internal static void RunTrial(MonteCarloPlan plan, int trial, TrialSelection selection, MonteCarloWorkspace ws, MonteCarloCounts counts)
    {
        long t0 = Stopwatch.GetTimestamp();
        DrawTrial(plan, trial, ws);
        plan.Job.Counters?.Add(EnginePhase.Draw, ref t0);
        foreach (int v in selection.Variants)
        {
            ProgramVariant(plan, v, ws);
            foreach (var (rFirst, rEnd) in plan.RowsRanges.SelectMany(range => selection.Runs(v, range.First, range.End)))
            {
                SelectConductances(plan, v, rFirst, ws);
                Calibrate(plan, v, rFirst, rEnd, ws);
                plan.Job.Counters?.Add(EnginePhase.Program, ref t0);
                for (int c = 0; c < plan.Chunks.Count; c++) RunChunk(plan, v, trial, c, rFirst, rEnd, ws, counts, selection);
                t0 = Stopwatch.GetTimestamp();
            }
        }
    }

    private static void RunChunk(MonteCarloPlan plan, int v, int trial, int chunkIndex, int rFirst, int rEnd, MonteCarloWorkspace ws, MonteCarloCounts counts, TrialSelection selection)
    {
        var chunk = plan.Chunks[chunkIndex];
        long t0 = Stopwatch.GetTimestamp();
        ComputeFineBlocks(plan, v, trial, chunkIndex, rFirst, ws);
        plan.Job.Counters?.Add(EnginePhase.Gemm, ref t0);
        ConvertAndShiftAdd(plan, v, rFirst, rEnd, chunkIndex, ws, selection: selection);
        plan.Job.Counters?.Add(EnginePhase.Adc, ref t0);
        for (int r = rFirst; r < rEnd; r++)
        {
            for (int b = 0; b < plan.Job.AdcBitsList.Count; b++)
                if (selection.Converts(v, r, b)) ScoreChunk(plan, chunk, ws.Accumulators[r][b], ws, counts.Slot(v, r, b, trial), new MistakeTarget(counts, v, r, b, trial));
            if (ws.PerSlice) ScoreSlices(plan, v, r, trial, chunkIndex, ws, counts);
            plan.Job.Counters?.Add(EnginePhase.Score, ref t0);
        }
    }

    /// <summary>Scores the chunk's queries into <paramref name="slot"/> (the four outcomes), and records the SSA picks that miss their
    /// label or exact pick in <paramref name="mistakes"/>' counts (none for its default).</summary>
    private static void ScoreChunk(MonteCarloPlan plan, QueryChunk chunk, int[] acc, MonteCarloWorkspace ws, Span<int> slot, in MistakeTarget mistakes)
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
            if (mistakes.Counts is { } counts && (ssa != ops.ExactSsa[q] || (problem.Labels is { } truth && ssa != truth[q])))
                counts.AddMistake(mistakes.V, mistakes.R, mistakes.B, mistakes.Trial, q, ssa);
            if (mips == ops.ExactMips[q]) slot[2]++;
            if (problem.Labels is { } labels2 && mips == labels2[q]) slot[3]++;
        }
    }

    /// <summary>Where a scored chunk records its mistaken picks: the counts and the (variant, rows, ADC bits, trial) slot.</summary>
    private readonly record struct MistakeTarget(MonteCarloCounts? Counts, int V, int R, int B, int Trial);
}
