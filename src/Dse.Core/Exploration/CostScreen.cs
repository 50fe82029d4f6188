using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Dse.Crossbar;
using Dse.Exploration.Axes;
using Dse.Pareto;
using Dse.Search;

namespace Dse.Exploration;

/// <summary>Receives a cost-only screen's results batch by batch, in enumeration order (e.g. appends them to points.jsonl and points.csv).</summary>
public interface ICostScreenSink
{
    /// <summary>Stores one batch of evaluated points.</summary>
    void Write(CostScreenBatch batch);
}

/// <summary>One batch of a cost-only screen, already formatted.</summary>
/// <param name="Points">Points in the batch.</param>
/// <param name="JsonLines">Their <c>points.jsonl</c> lines (UTF-8, each ending in a line feed).</param>
/// <param name="CsvRows">Their <c>points.csv</c> rows (UTF-8, CRLF line ends; the columns of <see cref="CostScreen.CsvComponents"/>).</param>
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

/// <summary>What the screen before the Monte Carlo (<c>"screen": true</c>) saved.</summary>
/// <param name="PointsScreened">Points whose costs were screened (this invocation's points to compute).</param>
/// <param name="PointsSimulated">Points left for the Monte Carlo.</param>
/// <param name="PointsDropped">Points not simulated: their costs are dominated by a point with the same accuracy-relevant settings.</param>
/// <param name="McGroups">Monte-Carlo groups (shared cell draws) of the screened points.</param>
/// <param name="McGroupsSkipped">Groups none of whose points survived (their Monte Carlo would not run). 0 by construction for this
/// screen: every accuracy class keeps a survivor and a class lies inside one group, so a group's engine work is unchanged.</param>
/// <param name="PointsSavedFraction">PointsDropped / PointsScreened, in [0, 1] (0 when nothing was screened).</param>
/// <param name="McGroupsSavedFraction">McGroupsSkipped / McGroups, in [0, 1] (0 when nothing was screened).</param>
/// <param name="CostObjectives">The objectives the screen compared (the sweep's cost objectives).</param>
public sealed record ScreenSummary(int PointsScreened, int PointsSimulated, int PointsDropped, int McGroups, int McGroupsSkipped,
    double PointsSavedFraction, double McGroupsSavedFraction, IReadOnlyList<string> CostObjectives)
{
    /// <summary>The screens of a run's parts (shards, or the invocations of a resumed run) added up; null when no part was screened.</summary>
    public static ScreenSummary? Total(IEnumerable<ScreenSummary?> parts)
    {
        var screens = parts.OfType<ScreenSummary>().ToArray();
        if (screens.Length == 0) return null;
        int screened = screens.Sum(s => s.PointsScreened), dropped = screens.Sum(s => s.PointsDropped), groups = screens.Sum(s => s.McGroups), skipped = screens.Sum(s => s.McGroupsSkipped);
        return new ScreenSummary(screened, screens.Sum(s => s.PointsSimulated), dropped, groups, skipped,
            screened == 0 ? 0 : dropped / (double)screened, groups == 0 ? 0 : skipped / (double)groups, screens[0].CostObjectives);
    }
}

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

    /// <summary>The breakdown components of a cost-only screen's CSV (every component of the cost model, in breakdown order).</summary>
    public static IReadOnlyList<string> CsvComponents => Costs.CostModel.ComponentNames;

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
    {
        if (!prepared.Spec.Mc.CostOnly) throw new InvalidOperationException("A cost-only screen needs mc.trials = 0.");
        var clock = Stopwatch.StartNew();
        var inputs = new CostInputsCache(prepared);
        int span = ReferenceColumnSpan(prepared.Space);
        var front = new ParetoArchive(prepared.Spec.Objectives);
        var estimators = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var componentModels = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var skippedByReason = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var skippedListed = new List<SkippedPoint>();
        int threads = Math.Max(1, options.Threads), computed = 0, skipped = 0;
        long total = prepared.Space.Count;
        // Two sets of workers: while one set's batch is written to the sink (in order, on its own task), the other computes the next.
        var sets = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, threads).Select(_ => new Worker(prepared, inputs, span)).ToArray()).ToArray();
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
                foreach (var (model, source) in w.Estimators) estimators.TryAdd(model, source);
                foreach (var (component, models) in w.ComponentModels)
                {
                    if (!componentModels.TryGetValue(component, out var set)) componentModels[component] = set = new SortedSet<string>(StringComparer.Ordinal);
                    set.UnionWith(models);
                }
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
        var sweep = new SweepResult(computed, inputs.RetainedVariance, clock.Elapsed, cancelled)
        {
            Estimators = estimators,
            ComponentModels = componentModels.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.ToArray()),
        };
        return new CostScreenResult(computed, skipped, skippedByReason, skippedListed, front.Front, sweep);
    }

    /// <summary>
    /// The points of <paramref name="points"/> worth simulating: a point is dropped when another point with the same
    /// accuracy-relevant settings (<see cref="AccuracyClass"/>) dominates it under the sweep's cost objectives (the objectives
    /// that do not need the Monte Carlo). Both would get the same accuracy statistics (same cell draws, variant, rows and ADC
    /// bits, and a point's numbers do not depend on which other points run), so the dropped point is dominated under every
    /// objective and cannot be on the Pareto front; a point it dominates is dominated by its dominator too, so the front of the
    /// survivors equals the front of all points. Ties (equal costs) are all kept.
    /// </summary>
    /// <param name="prepared">The sweep (objectives, periphery, workload).</param>
    /// <param name="points">The points to screen (this invocation's points to compute).</param>
    /// <param name="inputs">The run's cost-model inputs per mapped store, shared with the evaluation that follows.</param>
    /// <returns>The survivors in the order given, and what the screen saved.</returns>
    internal static (IReadOnlyList<DesignPoint> Survivors, ScreenSummary Summary) Survivors(PreparedSweep prepared, IReadOnlyList<DesignPoint> points, CostInputsCache inputs)
    {
        var objectives = prepared.Spec.Objectives.Where(o => !o.NeedsMonteCarlo).ToArray();
        int span = ReferenceColumnSpan(prepared.Space);
        var kept = new HashSet<DesignPoint>(ReferenceEqualityComparer.Instance);
        foreach (var cls in points.GroupBy(p => AccuracyClass(p, prepared.Periphery), StringComparer.Ordinal))
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

    /// <summary>
    /// The accuracy-relevant settings of <paramref name="point"/>: its value on every axis that changes the Monte Carlo
    /// (<see cref="Axis.ChangesMonteCarlo"/>) and its ADC model's comparator non-idealities (a cost-only axis, but the comparator
    /// offset and noise of the model shape the conversions). Points with equal classes get identical accuracy statistics.
    /// </summary>
    public static string AccuracyClass(DesignPoint point, Dse.Devices.PeripheryModel periphery)
    {
        var tokens = DesignAxes.KeyOrder.Where(a => a.ChangesMonteCarlo).Select(a => a.KeyToken(point.Coordinates[a]));
        return string.Join('/', tokens) + "/" + periphery.AdcNonidealityOf(point.AdcModel);
    }

    /// <summary>Columns per array sharing one dummy reference column: the gcd of the sweep's column counts.</summary>
    internal static int ReferenceColumnSpan(DesignSpace space) => space.Values(DesignAxes.Crossbar).Select(c => c.Cols).Aggregate(Gcd);

    /// <summary>Row block of the partial sums: the gcd of the sweep's row counts.</summary>
    internal static int FineRows(DesignSpace space) => space.Values(DesignAxes.Crossbar).Select(c => c.Rows).Aggregate(Gcd);

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>One thread's share of a batch: feasibility, costs, formatted lines, its own front, estimator records and skipped points (joined in order).</summary>
    private sealed class Worker(PreparedSweep prepared, CostInputsCache inputs, int span)
    {
        private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>());
        private readonly List<string> _fields = [];
        public ArrayBufferWriter<byte> Json { get; } = new(1 << 20);
        public ArrayBufferWriter<byte> CsvBytes { get; } = new(1 << 20);
        public int Points { get; private set; }
        public ParetoArchive Front { get; private set; } = new(prepared.Spec.Objectives);
        public Dictionary<string, string> Estimators { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, SortedSet<string>> ComponentModels { get; } = new(StringComparer.Ordinal);
        public List<SkippedPoint> Skipped { get; } = [];

        /// <summary>Evaluates the points at enumeration positions <paramref name="from"/> to <paramref name="to"/> - 1.</summary>
        public void Evaluate(long from, long to)
        {
            for (long i = from; i < to; i++)
            {
                var (point, reason) = prepared.Classify(prepared.Space.PointAt(i));
                if (reason is not null)
                {
                    Skipped.Add(new SkippedPoint(point.Key, reason));
                    continue;
                }
                var input = inputs.For(point);
                var costs = PointEvaluation.Costs(point, input, span, prepared);
                PointEvaluation.RecordEstimators(costs.Cost, Estimators, ComponentModels);
                var result = PointEvaluation.CostOnly(point, costs, input.Problem, prepared);
                Front.Offer(result);
                _writer.Reset(Json);
                Dse.Exploration.Runs.PointJson.Write(_writer, result);
                _writer.Flush();
                Json.Write("\n"u8);
                Dse.Reports.CsvWriter.WriteRow(CsvBytes, result, CsvComponents, _fields);
                Points++;
            }
        }

        /// <summary>Forgets the batch's front, estimators and skipped points (once they are joined).</summary>
        public void ClearResults()
        {
            Front = new ParetoArchive(prepared.Spec.Objectives);
            Estimators.Clear();
            ComponentModels.Clear();
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

/// <summary>
/// The quantised operands of each mapped store (laid out, truncated and PCA-projected once per run, with the held-out ADC calibration
/// batch quantised and mapped the same way) and the cost model's inputs per store; thread-safe (different stores are laid out in parallel).
/// </summary>
internal sealed class CostInputsCache(PreparedSweep prepared)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<OperandsKey, Lazy<(QuantizedOperands, AdcCalibrationBatch?)>> _operands = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(OperandsKey, int, SignedMapping), Lazy<CostInputs>> _inputs = new();

    /// <summary>PCA retained variance per (tokens, d') label of the stores laid out so far.</summary>
    public SortedDictionary<string, double> RetainedVariance { get; } = new(StringComparer.Ordinal);

    /// <summary>The quantised operands of <paramref name="key"/> and its calibration batch (null when the workload has none), laid out once.</summary>
    public (QuantizedOperands Ops, AdcCalibrationBatch? Calibration) Operands(OperandsKey key)
        => _operands.GetOrAdd(key, k => new Lazy<(QuantizedOperands, AdcCalibrationBatch?)>(() => Layout(k))).Value;

    /// <summary>The cost inputs of <paramref name="point"/>'s mapped store.</summary>
    public CostInputs For(DesignPoint point)
    {
        var key = (new OperandsKey(point.VirtualTokens, point.CompressedDim, point.SsaMapping, point.WeightBits, point.InputBits, point.StoredPrompts), point.CellBits, point.SignedMapping);
        return _inputs.GetOrAdd(key, k => new Lazy<CostInputs>(() =>
        {
            var ops = Operands(k.Item1).Ops;
            return new CostInputs(ops.Problem, ops.InputActiveFraction, CellArray.Map(ops.Stored, k.Item2, k.Item3).MeanLevelFraction());
        })).Value;
    }

    private (QuantizedOperands, AdcCalibrationBatch?) Layout(OperandsKey key)
    {
        var spec = prepared.Spec;
        var (store, queries, held, variance) = WorkloadLayout.Layout(prepared.Workload, key.Tokens, key.Dim, key.StoredPrompts, spec.SourceFile);
        if (variance is double v)
            lock (RetainedVariance) RetainedVariance[key.StoreLabel] = v;
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, spec.Ssa, key.Ssa), key.WeightBits, key.InputBits, spec.Clipping);
        var calibration = held is null ? null : AdcCalibrationBatch.LeadingQueries(
            new QuantizedOperands(new RetrievalProblem(store, held, spec.Ssa, key.Ssa), key.WeightBits, key.InputBits, spec.Clipping), held.Queries.Count);
        return (ops, calibration);
    }
}
