using System.Diagnostics;
using System.Globalization;
using Dse.Exploration.Axes;

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

    /// <summary>Evaluates every feasible point of <paramref name="prepared"/> in a context of its own (see the overload taking a <see cref="SweepContext"/>).</summary>
    public static SweepResult Run(PreparedSweep prepared, IPointSink sink, RunOptions options, CancellationToken cancellation = default)
        => Run(new SweepContext(prepared), prepared.Points, sink, options, cancellation);

    /// <summary>
    /// Evaluates <paramref name="points"/> (points of <paramref name="context"/>'s sweep), handing each result to
    /// <paramref name="sink"/> as its Monte-Carlo group finishes; a racing sweep (<c>mc.racing</c>) is raced instead
    /// (<see cref="RacingExplorer.Run"/>, with the points of <paramref name="racedBefore"/> taking part).
    /// </summary>
    /// <param name="context">The sweep and what it computes once (operands, fine rows, reference span, estimator log).</param>
    /// <param name="points">The points to compute (e.g. a shard's points not yet in the run folder).</param>
    /// <param name="sink">Receives results in a deterministic order.</param>
    /// <param name="options">Threads, logging and progress.</param>
    /// <param name="cancellation">Checked between Monte-Carlo groups: the group in flight completes and is written, then the run stops.</param>
    /// <param name="racedBefore">Racing only: points of the same race already written (a resume), which compete with their recorded
    /// counts and are not written again; null or empty for none.</param>
    /// <returns>How many points this call computed (the results went to <paramref name="sink"/>) and timings.</returns>
    /// <remarks>
    /// A point's numbers do not depend on which other points run with it: cell draws depend on the seed, the mapped
    /// store and the trial only, and analog partial sums are always formed on the sweep's finest row block
    /// (<see cref="SweepContext.FineRows"/>), so resumed, sharded and single runs agree to the last digit.
    /// </remarks>
    public static SweepResult Run(SweepContext context, IReadOnlyList<DesignPoint> points, IPointSink sink, RunOptions options, CancellationToken cancellation = default,
        IReadOnlyList<PointResult>? racedBefore = null)
    {
        var prepared = context.Prepared;
        if (prepared.Spec.Mc.Racing is not null) return RacingExplorer.Run(context, points, racedBefore ?? [], sink, options, cancellation);
        var clock = Stopwatch.StartNew();
        var groups = points.GroupBy(p => MonteCarloGroupKey.Of(p, prepared.Periphery)).ToList();
        int computed = 0, done = 0;
        foreach (var members in groups)
        {
            if (cancellation.IsCancellationRequested) break;
            var group = new MonteCarloGroup(members.ToList(), members.Key, context, options);
            var trials = group.Run(options.Threads);
            int i = 0;
            foreach (var point in members) sink.Add(PointEvaluation.Evaluate(point, i, trials[i++], group, context));
            computed += i;
            // A group's buffers (cells, partial sums, IR-drop maps: tens of MB on the large object heap) are garbage now; collecting
            // them before the next group is built keeps the peak memory that of one group instead of whatever the GC let pile up.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            done++;
            string trialNote = prepared.Spec.Mc.TargetCiHalfWidth is null ? "" : $", {trials.Min()}-{trials.Max()} trials";
            options.Log?.Invoke($"[{done}/{groups.Count}] {members.Key.Label}: {i} points{trialNote} ({computed}/{points.Count}) {clock.Elapsed.TotalSeconds:F1} s");
            options.Progress?.Invoke(new RunProgress(computed, points.Count, clock.Elapsed));
        }
        return new SweepResult(computed, context.RetainedVariance, clock.Elapsed, Cancelled: computed < points.Count)
        {
            Estimators = context.Estimators.Estimators,
            ComponentModels = context.Estimators.ComponentModels,
        };
    }
}
