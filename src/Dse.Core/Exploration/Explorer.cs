using System.Diagnostics;
using System.Globalization;
using Dse.Crossbar;
using Dse.Exploration.Axes;
using Dse.Search;

namespace Dse.Exploration;

/// <summary>
/// Evaluates a prepared sweep: per group of points sharing a mapped store one Monte-Carlo job (all devices, sigma scales, read
/// times, rows and ADC bits of the group on common cell draws; cost-only axes add no Monte Carlo), then the closed-form cost of
/// each point; results stream to an <see cref="IPointSink"/>.
/// </summary>
public static class Explorer
{
    /// <summary>
    /// The points of <paramref name="prepared"/> that shard <paramref name="shard"/> computes: the Monte-Carlo work units
    /// (a mapped store on one device at one sigma scale and read time, with all its rows, cols and ADC values) dealt round-robin in
    /// key order, so shards are disjoint, cover the sweep, share no Monte-Carlo work and hold about equal numbers of points.
    /// </summary>
    public static IReadOnlyList<DesignPoint> PointsOfShard(PreparedSweep prepared, ShardSpec? shard)
    {
        if (shard is null) return prepared.Points;
        var inv = CultureInfo.InvariantCulture;
        var units = prepared.Points.GroupBy(p => (Job: MonteCarloGroupKey.Of(p, prepared.Periphery).Label, p.Device.Name, p.SigmaScale, p.ReadTimeS))
            .OrderBy(g => $"{g.Key.Job}/{g.Key.Name}/{g.Key.SigmaScale.ToString("R", inv)}/{g.Key.ReadTimeS?.ToString("R", inv)}", StringComparer.Ordinal)
            .ToList();
        var mine = new HashSet<string>(units.Where((_, i) => i % shard.Count == shard.Index).SelectMany(g => g.Select(p => p.Key)), StringComparer.Ordinal);
        return prepared.Points.Where(p => mine.Contains(p.Key)).ToList();
    }

    /// <summary>
    /// Evaluates the points of <paramref name="prepared"/> (this shard's, less those already finished), handing each
    /// result to <paramref name="sink"/> as its Monte-Carlo group finishes.
    /// </summary>
    /// <param name="prepared">The prepared sweep.</param>
    /// <param name="sink">Receives results in a deterministic order.</param>
    /// <param name="options">Threads, shard, finished keys, logging and progress.</param>
    /// <param name="cancellation">Checked between Monte-Carlo groups: the group in flight completes and is written, then the run stops.</param>
    /// <returns>How many points this call computed (the results went to <paramref name="sink"/>) and timings.</returns>
    /// <remarks>
    /// A point's numbers do not depend on which other points run with it: cell draws depend on the seed, the mapped
    /// store and the trial only, and analog partial sums are always formed on the sweep's finest row block (the gcd
    /// of all crossbar row counts), so resumed, sharded and single runs agree to the last digit.
    /// </remarks>
    public static SweepResult Run(PreparedSweep prepared, IPointSink sink, RunOptions options, CancellationToken cancellation = default)
    {
        var spec = prepared.Spec;
        var clock = Stopwatch.StartNew();
        var inputs = new CostInputsCache(prepared);
        var estimators = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var componentModels = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        int fineRows = CostScreen.FineRows(prepared.Space);
        int referenceSpan = CostScreen.ReferenceColumnSpan(prepared.Space);

        IReadOnlyList<DesignPoint> todo = PointsOfShard(prepared, options.Shard).Where(p => !options.CompletedKeys.Contains(p.Key)).ToList();
        ScreenSummary? screen = null;
        if (spec.Screen)
        {
            (todo, screen) = CostScreen.Survivors(prepared, todo, inputs);
            options.Log?.Invoke($"screen: {screen.PointsDropped} of {screen.PointsScreened} points dominated in cost within their accuracy class, " +
                $"{screen.McGroupsSkipped} of {screen.McGroups} Monte-Carlo groups skipped");
        }
        var groups = todo.GroupBy(p => MonteCarloGroupKey.Of(p, prepared.Periphery)).ToList();
        int computed = 0, done = 0;
        foreach (var points in groups)
        {
            if (cancellation.IsCancellationRequested) break;
            var (ops, calibration) = inputs.Operands(points.Key.Operands);
            var group = new MonteCarloGroup(points.ToList(), points.Key, ops, calibration, spec.Mc, spec.Mc.Seed, fineRows, referenceSpan, prepared.Periphery, options);
            var trials = group.Run(spec.Mc, ops.Problem.Labels is not null, options.Threads);
            int i = 0;
            foreach (var point in points) sink.Add(PointEvaluation.Evaluate(point, i, trials[i++], group, ops, prepared, estimators, componentModels));
            computed += i;
            // A group's buffers (cells, partial sums, IR-drop maps: tens of MB on the large object heap) are garbage now; collecting
            // them before the next group is built keeps the peak memory that of one group instead of whatever the GC let pile up.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            done++;
            string trialNote = spec.Mc.TargetCiHalfWidth is null ? "" : $", {trials.Min()}-{trials.Max()} trials";
            options.Log?.Invoke($"[{done}/{groups.Count}] {points.Key.Label}: {i} points{trialNote} ({computed}/{todo.Count}) {clock.Elapsed.TotalSeconds:F1} s");
            options.Progress?.Invoke(new RunProgress(computed, todo.Count, clock.Elapsed));
        }
        return new SweepResult(computed, inputs.RetainedVariance, clock.Elapsed, Cancelled: computed < todo.Count)
        {
            Screen = screen,
            Estimators = estimators,
            ComponentModels = componentModels.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.ToArray()),
        };
    }
}
