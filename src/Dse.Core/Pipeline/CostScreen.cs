using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Dse.Crossbar;
using Dse.Exploration.Axes;
using Dse.Pareto;
using Dse.Search;
using Dse.Exploration;
using Dse.Runs;

namespace Dse.Pipeline;

/// <summary>Receives a cost-only screen's results batch by batch, in enumeration order (e.g. appends them to points.jsonl and points.csv).</summary>
public interface ICostScreenSink
{
    /// <summary>Stores one batch of evaluated points.</summary>
    void Write(CostScreenBatch batch);
}

/// <summary>One batch of a cost-only screen, already formatted.</summary>
/// <param name="Points">Points in the batch.</param>
/// <param name="JsonLines">Their <c>points.jsonl</c> lines (UTF-8, each ending in a line feed).</param>
/// <param name="CsvRows">Their <c>points.csv</c> rows (UTF-8, CRLF line ends; the columns of <see cref="CostScreen.CsvComponents(PreparedSweep)"/>).</param>
/// <remarks>The memory is reused for the next batch: a sink copies or writes it before returning.</remarks>
public sealed record CostScreenBatch(int Points, ReadOnlyMemory<byte> JsonLines, ReadOnlyMemory<byte> CsvRows);

/// <summary>What a cost-only screen produced.</summary>
/// <param name="PointsComputed">Points evaluated and handed to the sink.</param>
/// <param name="SkippedPoints">Points that cannot be realised.</param>
/// <param name="SkippedByReason">Skipped points per reason (every one counted).</param>
/// <param name="SkippedListed">The first <see cref="CostScreen.SkippedListLimit"/> skipped points with their reasons (the list is capped so memory stays flat).</param>
/// <param name="Front">The Pareto front under the sweep's (cost) objectives, best first in the first objective.</param>
/// <param name="Sweep">Retained variance, estimators and wall time, as a Monte-Carlo run reports them.</param>
public sealed record CostScreenResult(int PointsComputed, int SkippedPoints, IReadOnlyDictionary<string, int> SkippedByReason,
    IReadOnlyList<SkippedPoint> SkippedListed, IReadOnlyList<PointResult> Front, SweepResult Sweep);

/// <summary>
/// The analytical cost model on its own: the cost-only screen (<c>mc.trials = 0</c>), which streams every point of a sweep through
/// the closed-form costs without holding them, and the screen before the Monte Carlo (<c>"screen": true</c>), which keeps only
/// the points that can reach the Pareto front.
/// </summary>
public static class CostScreen
{
    /// <summary>Points evaluated in parallel (each thread a contiguous share, <see cref="DesignSpace.PointAt"/>) and handed to the sink at a time.</summary>
    public const int BatchSize = 8192;

    /// <summary>Skipped points listed one by one in a cost-only screen's summary; all are counted per reason.</summary>
    public const int SkippedListLimit = 100;

    /// <summary>
    /// The breakdown components of a cost-only screen's CSV, fixed before the first point streams: every component each breakdown
    /// holds, then those of <see cref="Costs.CostModel.OptionalComponentNames"/> that a point of <paramref name="prepared"/> can hold
    /// (row-group sums when a <c>rowsPerRead</c> value is a count, the sense clamp when the periphery clamps, the gain trim when
    /// <c>adcGain</c> lists <c>calibrated</c>).
    /// </summary>
    /// <param name="prepared">The sweep.</param>
    public static IReadOnlyList<string> CsvComponents(PreparedSweep prepared)
    {
        bool groups = prepared.Space.Values(DesignAxes.RowsPerRead).Any(r => r is int);
        bool clamp = prepared.Periphery.ReadCircuit.SenseNode == Devices.SenseNode.Clamped;
        bool trim = prepared.Space.Values(DesignAxes.AdcGain).Contains(Crossbar.AdcGain.Calibrated);
        bool[] present = [groups, clamp, trim];
        return [.. Costs.CostModel.ComponentNames, .. Costs.CostModel.OptionalComponentNames.Where((_, i) => present[i])];
    }

    /// <summary>
    /// Evaluates every point of a cost-only sweep (<see cref="McSpec.CostOnly"/>) with the closed-form cost model: points are
    /// decoded from their enumeration positions in batches of <see cref="BatchSize"/>, costed on <see cref="RunOptions.Threads"/> threads, formatted
    /// (JSON line and CSV row) and handed to <paramref name="sink"/> in enumeration order; only the Pareto front (kept
    /// incrementally, <see cref="ParetoArchive"/>) and per-reason counts stay in memory, so memory does not grow with the sweep.
    /// </summary>
    /// <param name="prepared">A cost-only sweep (prepared without its points).</param>
    /// <param name="sink">Receives every batch.</param>
    /// <param name="options">Threads, logging and progress (shards, resume and the GEMM backend do not apply).</param>
    /// <param name="cancellation">Checked between batches.</param>
    /// <exception cref="InvalidOperationException">When the sweep is not cost-only.</exception>
    public static CostScreenResult Run(PreparedSweep prepared, ICostScreenSink sink, RunOptions options, CancellationToken cancellation = default)
        => Run(new SweepContext(prepared), sink, options, cancellation);

    /// <summary>Evaluates every point of a cost-only sweep in <paramref name="context"/> (see the overload taking a <see cref="PreparedSweep"/>).</summary>
    /// <exception cref="InvalidOperationException">When the sweep is not cost-only.</exception>
    public static CostScreenResult Run(SweepContext context, ICostScreenSink sink, RunOptions options, CancellationToken cancellation = default)
    {
        var prepared = context.Prepared;
        if (!prepared.Spec.Mc.CostOnly) throw new InvalidOperationException("A cost-only screen needs mc.trials = 0.");
        var clock = Stopwatch.StartNew();
        var front = new ParetoArchive(prepared.Spec.Objectives);
        var skippedByReason = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var skippedListed = new List<SkippedPoint>();
        int threads = Math.Max(1, options.Threads), computed = 0, skipped = 0;
        long total = prepared.Space.Count;
        // Two sets of workers: while one set's batch is written to the sink (in order, on its own task), the other computes the next.
        var sets = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, threads).Select(_ => new Worker(context)).ToArray()).ToArray();
        var writing = Task.CompletedTask;
        bool cancelled = false;
        for (long start = 0, batch = 0; start < total; start += BatchSize, batch++)
        {
            var workers = sets[batch % 2];
            long end = Math.Min(total, start + BatchSize), per = (end - start + threads - 1) / threads;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                w => workers[w].Evaluate(start + w * per, Math.Min(end, start + (w + 1) * per)));
            writing.Wait();
            foreach (var w in workers)
            {
                computed += w.Points;
                front.Merge(w.Front);
                context.Estimators.Merge(w.Estimators);
                foreach (var s in w.Skipped)
                {
                    skipped++;
                    skippedByReason[s.Reason] = skippedByReason.GetValueOrDefault(s.Reason) + 1;
                    if (skippedListed.Count < SkippedListLimit) skippedListed.Add(s);
                }
                w.ClearResults();
            }
            writing = Task.Run(() =>
            {
                foreach (var w in workers)
                {
                    if (w.Points > 0) sink.Write(new CostScreenBatch(w.Points, w.Json.WrittenMemory, w.CsvBytes.WrittenMemory));
                    w.ClearLines();
                }
            });
            options.Progress?.Invoke(new RunProgress(computed, (int)Math.Min(int.MaxValue, total - skipped), clock.Elapsed));
            options.Log?.Invoke($"{computed} points costed ({skipped} skipped), front {front.Count} points, {clock.Elapsed.TotalSeconds:F1} s");
            if (cancellation.IsCancellationRequested) { cancelled = true; break; }
        }
        writing.Wait();
        var sweep = new SweepResult(computed, context.RetainedVariance, clock.Elapsed, cancelled)
        {
            Estimators = context.Estimators.Estimators,
            ComponentModels = context.Estimators.ComponentModels,
        };
        return new CostScreenResult(computed, skipped, skippedByReason, skippedListed, front.Front, sweep);
    }

    /// <summary>The summary of a cost-only screen: as <see cref="RunSummaries.Of"/> (skipped points counted per reason, the first ones listed) plus the front's summary.</summary>
    /// <param name="prepared">The prepared cost-only sweep.</param>
    /// <param name="screen">What the screen produced.</param>
    /// <param name="threads">Worker threads used.</param>
    /// <param name="timingsS">Named wall times in seconds.</param>
    /// <param name="manifest">The run's manifest.</param>
    public static RunSummary Summary(PreparedSweep prepared, CostScreenResult screen, int threads, IReadOnlyDictionary<string, double> timingsS, RunManifest manifest)
    {
        var objectives = prepared.Spec.Objectives;
        var best = objectives.ToDictionary(o => o.Name, o => screen.Front.Count == 0 ? double.NaN : screen.Front.Min(p => o.Value(p)));
        return RunSummaries.Of(prepared, screen.Sweep, screen.PointsComputed, null, threads, timingsS, "none (cost only)", manifest) with
        {
            SkippedPoints = screen.SkippedPoints, SkippedByReason = screen.SkippedByReason, Skipped = screen.SkippedListed,
            CostOnly = new CostOnlySummary(CostOnlySummary.NotSimulated, objectives.Select(o => o.Name).ToArray(), screen.Front.Count, best, screen.SkippedListed.Count),
        };
    }

    /// <summary>
    /// The points of <paramref name="points"/> worth simulating: a point is dropped when another point with the same
    /// accuracy-relevant settings (<see cref="DesignPoint.AccuracyClass"/>) dominates it under the sweep's cost objectives (the objectives
    /// that do not need the Monte Carlo). Both would get the same accuracy statistics (same cell draws, variant, rows and ADC
    /// bits, and a point's numbers do not depend on which other points run), so the dropped point is dominated under every
    /// objective and cannot be on the Pareto front; a point it dominates is dominated by its dominator too, so the front of the
    /// survivors equals the front of all points. Ties (equal costs) are all kept.
    /// </summary>
    /// <param name="context">The sweep (objectives, periphery, workload) and its operands, shared with the evaluation that follows.</param>
    /// <param name="points">The points to screen (this invocation's points to compute).</param>
    /// <returns>The survivors in the order given, and what the screen saved.</returns>
    public static (IReadOnlyList<DesignPoint> Survivors, ScreenSummary Summary) Survivors(SweepContext context, IReadOnlyList<DesignPoint> points)
    {
        var prepared = context.Prepared;
        var inputs = context.Operands;
        var objectives = prepared.Spec.Objectives.Where(o => !o.NeedsMonteCarlo).ToArray();
        int span = context.ReferenceColumnSpan;
        var kept = new HashSet<DesignPoint>(ReferenceEqualityComparer.Instance);
        foreach (var cls in points.GroupBy(p => p.AccuracyClass(prepared.Periphery), StringComparer.Ordinal))
        {
            var results = cls.Select(p => (Point: p, Result: PointEvaluation.CostOnly(p, PointEvaluation.Costs(p, inputs.For(p), span, prepared), inputs.For(p).Problem, prepared))).ToArray();
            var front = new HashSet<PointResult>(ParetoFront.Compute(results.Select(r => r.Result).ToArray(), objectives), ReferenceEqualityComparer.Instance);
            foreach (var (point, result) in results) if (front.Contains(result)) kept.Add(point);
        }
        var survivors = points.Where(kept.Contains).ToArray();
        var groups = points.GroupBy(p => MonteCarloGroupKey.Of(p, prepared.Periphery)).ToArray();
        int skippedGroups = groups.Count(g => !g.Any(kept.Contains));
        int dropped = points.Count - survivors.Length;
        return (survivors, ScreenSummary.Total([new ScreenSummary(points.Count, survivors.Length, dropped, groups.Length, skippedGroups, 0, 0,
            objectives.Select(o => o.Name).ToArray())])!);
    }

    /// <summary>One thread's share of a batch: feasibility, costs, formatted lines, its own front, estimator records and skipped points (joined in order).</summary>
    private sealed class Worker(SweepContext context)
    {
        private readonly PreparedSweep _prepared = context.Prepared;
        private readonly IReadOnlyList<string> _components = CsvComponents(context.Prepared);
        // The lines are PointJson's, well formed by construction: the writer skips its per-token structure checks.
        private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>(), new JsonWriterOptions { SkipValidation = true });
        private readonly Dse.Reports.CsvWriter.RowScratch _csvScratch = new();
        public ArrayBufferWriter<byte> Json { get; } = new(1 << 20);
        public ArrayBufferWriter<byte> CsvBytes { get; } = new(1 << 20);
        public int Points { get; private set; }
        public ParetoArchive Front { get; private set; } = new(context.Prepared.Spec.Objectives);
        public EstimatorLog Estimators { get; } = new();
        public List<SkippedPoint> Skipped { get; } = [];

        /// <summary>Evaluates the points at enumeration positions <paramref name="from"/> to <paramref name="to"/> - 1.</summary>
        public void Evaluate(long from, long to)
        {
            for (long i = from; i < to; i++)
            {
                var (point, reason) = _prepared.Classify(_prepared.Space.PointAt(i));
                if (reason is not null)
                {
                    Skipped.Add(new SkippedPoint(point.Key, reason));
                    continue;
                }
                var input = context.Operands.For(point);
                var costs = PointEvaluation.Costs(point, input, context.ReferenceColumnSpan, _prepared);
                Estimators.Record(costs.Cost);
                var result = PointEvaluation.CostOnly(point, costs, input.Problem, _prepared);
                Front.Offer(result);
                _writer.Reset(Json);
                Dse.Runs.PointJson.Write(_writer, result);
                _writer.Flush();
                Json.Write("\n"u8);
                Dse.Reports.CsvWriter.WriteRow(CsvBytes, result, _components, _csvScratch);
                Points++;
            }
        }

        /// <summary>Forgets the batch's front, estimators and skipped points (once they are joined).</summary>
        public void ClearResults()
        {
            Front = new ParetoArchive(_prepared.Spec.Objectives);
            Estimators.Clear();
            Skipped.Clear();
        }

        /// <summary>Forgets the batch's lines (once they are written).</summary>
        public void ClearLines()
        {
            Json.ResetWrittenCount();
            CsvBytes.ResetWrittenCount();
            Points = 0;
        }
    }
}
