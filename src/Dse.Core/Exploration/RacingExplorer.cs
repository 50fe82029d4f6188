using System.Diagnostics;
using Dse.Crossbar;
using Dse.Exploration.Axes;

namespace Dse.Exploration;

/// <summary>
/// Evaluates a prepared sweep as a race (<c>mc.racing</c>, <see cref="Racing"/>): the closed-form costs of every point first,
/// then rung by rung every Monte-Carlo group adds chips for its points still running, and after each rung but the last the points
/// beaten with confidence are retired and written with the trials they had. Survivors run to <c>mc.trials</c> (or stop at
/// <c>mc.targetCiHalfWidth</c>).
/// </summary>
/// <remarks>
/// A point's chips are the full run's (cell draws depend on the seed, the mapped store and the trial only), so its counts are a
/// prefix of the full run's. Every group's session lives until its points are decided (its worker buffers are dropped as soon as
/// its trials of a rung are done); a rung runs every group's trials in one parallel loop. A resumed race is replayed: the points
/// already in the run folder take part with the per-chip counts they were written with (<see cref="PointResult.CorrectPerTrial"/>)
/// and their recorded retirement, so the decisions are those of an uninterrupted race; a shard races its own points.
/// </remarks>
public static class RacingExplorer
{
    /// <summary>Races <paramref name="points"/> (points of <paramref name="context"/>'s sweep, whose <c>mc.racing</c> is set), handing each
    /// result to <paramref name="sink"/> when it is retired or finishes.</summary>
    /// <param name="context">The sweep and what it computes once.</param>
    /// <param name="points">The points to compute.</param>
    /// <param name="stored">Points of the same race already written (a resume): they compete with their recorded counts; not written again.</param>
    /// <param name="sink">Receives results in a deterministic order (rung, then group, then point).</param>
    /// <param name="options">Threads, logging and progress.</param>
    /// <param name="cancellation">Checked between trials: the rung in flight is dropped (nothing of it written), then the run stops.</param>
    /// <exception cref="InvalidOperationException">When the sweep does not race, or a stored point has no per-chip counts.</exception>
    public static SweepResult Run(SweepContext context, IReadOnlyList<DesignPoint> points, IReadOnlyList<PointResult> stored, IPointSink sink,
        RunOptions options, CancellationToken cancellation = default)
    {
        var prepared = context.Prepared;
        var mc = prepared.Spec.Mc;
        var racing = mc.Racing ?? throw new InvalidOperationException("The sweep does not race (mc.racing).");
        var clock = Stopwatch.StartNew();
        var costObjectives = prepared.Spec.Objectives.Where(o => !o.NeedsMonteCarlo).ToArray();
        var outcome = RacedOutcome(prepared, points.Count > 0 ? context.Operands.For(points[0]).Problem.Labels is not null : stored.Any(p => p.Accuracy is not null));
        var rungs = Racing.Rungs(mc.MinTrials, mc.Trials);
        double miss = Racing.OneSidedMiss(racing.ErrorRate, Math.Max(1, rungs.Count - 1));

        var contestants = stored.Select(s => Contestant.Stored(s, costObjectives)).ToList();
        var groups = new List<RacingGroup>();
        foreach (var members in points.GroupBy(p => MonteCarloGroupKey.Of(p, prepared.Periphery)))
        {
            var group = new RacingGroup(members.ToList(), members.Key);
            foreach (var (point, i) in group.Points.Select((p, i) => (p, i)))
            {
                var inputs = context.Operands.For(point);
                var costs = PointEvaluation.CostOnly(point, PointEvaluation.Costs(point, inputs, context.ReferenceColumnSpan, prepared), inputs.Problem, prepared);
                contestants.Add(new Contestant(point.Key, costObjectives.Select(o => o.Cost(costs)).ToArray(), point.AccuracyClass(prepared.Periphery), group, i, costs.Queries));
            }
            groups.Add(group);
        }

        var race = new RaceSummaryBuilder(rungs, points.Count, groups.Sum(g => g.VariantCount) * (long)mc.Trials);
        int computed = 0, previous = 0;
        for (int ri = 0; ri < rungs.Count; ri++)
        {
            int rung = rungs[ri];
            bool last = ri == rungs.Count - 1;
            // One parallel loop over every running group's trials of the rung: a rung of 4 trials per group would otherwise keep
            // at most 4 threads busy and idle one at each group's end when the trials do not divide among the threads.
            var batches = new List<TrialBatch>();
            foreach (var group in groups.Where(g => g.Running.Count > 0))
            {
                if (group.Job is null)
                {
                    group.Job = new MonteCarloGroup(group.Points, group.Key, context, options);
                    race.AddFullReads(group.Job.ReadCount * (long)mc.Trials);
                }
                race.AddRung(group.RunningVariants(), group.Running.Select(group.Job.ReadKey).Distinct().Count(), rung - previous);
                batches.Add(group.Job.BatchTo(rung, group.Running));
            }
            try { MonteCarloSession.RunAll(batches, options.Threads, cancellation); }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { return Result(computed, context, clock, race, cancelled: true); }
            foreach (var c in contestants.Where(c => c.RunningAt(rung)))
                c.Bounds = Racing.Bounds(c.PerTrial(rung, outcome), c.Queries, miss);
            var finished = new List<(Contestant C, int RetiredBy)>();
            foreach (var c in contestants.Where(c => c.Group is not null && c.Running))
                if (last || (mc.TargetCiHalfWidth is double target && Statistics.HalfWidth95(c.PerTrial(rung, outcome)) <= target))
                    finished.Add((c, -1));
            if (!last)
            {
                var entries = contestants.Select(c => new RaceEntry(c.Costs, c.Bounds, c.RunningAt(rung), c.AccuracyClass)).ToList();
                var retiredBy = Racing.Retire(entries, racing.Tolerance);
                for (int k = 0; k < contestants.Count; k++)
                    if (retiredBy[k] >= 0 && contestants[k].Group is not null && contestants[k].Running && !finished.Any(f => f.C == contestants[k]))
                        finished.Add((contestants[k], retiredBy[k]));
            }
            foreach (var (c, by) in finished.OrderBy(f => groups.IndexOf(f.C.Group!)).ThenBy(f => f.C.Index))
            {
                var group = c.Group!;
                var result = PointEvaluation.Evaluate(group.Points[c.Index], c.Index, rung, group.Job!, context) with
                {
                    RetiredAt = by >= 0 ? rung : null, RetiredBy = by >= 0 ? contestants[by].Key : null,
                    CorrectPerTrial = group.Job!.Correct(c.Index, outcome, rung),
                };
                sink.Add(result);
                c.Stop();
                race.AddPoint(rung, by >= 0, ri);
                computed++;
            }
            foreach (var c in contestants.Where(c => c.Group is null && c.RetiredAt == rung)) c.Stop();
            foreach (var group in groups.Where(g => g.Running.Count == 0 && g.Job is not null)) group.Job = null;   // its buffers are garbage now
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            options.Log?.Invoke($"rung {rung} of {mc.Trials}: {finished.Count(f => f.RetiredBy >= 0)} retired, {finished.Count(f => f.RetiredBy < 0)} finished, " +
                $"{contestants.Count(c => c.Group is not null && c.Running)} running ({computed}/{points.Count}) {clock.Elapsed.TotalSeconds:F1} s");
            options.Progress?.Invoke(new RunProgress(computed, points.Count, clock.Elapsed));
            previous = rung;
        }
        return Result(computed, context, clock, race, cancelled: false);
    }

    /// <summary>The outcome a race compares: agreement when it is the objective or there are no labels, else accuracy.</summary>
    private static RetrievalOutcome RacedOutcome(PreparedSweep prepared, bool labels)
        => prepared.Spec.Objectives.Contains(Objective.Agreement) || !labels ? RetrievalOutcome.SsaAgreement : RetrievalOutcome.SsaAccuracy;

    private static SweepResult Result(int computed, SweepContext context, Stopwatch clock, RaceSummaryBuilder race, bool cancelled)
        => new(computed, context.RetainedVariance, clock.Elapsed, Cancelled: cancelled)
        {
            Estimators = context.Estimators.Estimators,
            ComponentModels = context.Estimators.ComponentModels,
            Race = race.Build(),
        };

    /// <summary>The points of one Monte-Carlo group in a race, its job (built at the first rung it runs, dropped when its points are decided) and which still run.</summary>
    private sealed class RacingGroup(IReadOnlyList<DesignPoint> points, MonteCarloGroupKey key)
    {
        public IReadOnlyList<DesignPoint> Points { get; } = points;
        public MonteCarloGroupKey Key { get; } = key;
        public MonteCarloGroup? Job { get; set; }
        public HashSet<int> Running { get; } = Enumerable.Range(0, points.Count).ToHashSet();
        public int VariantCount { get; } = points.Select(MonteCarloGroup.VariantOf).Distinct().Count();
        public int RunningVariants() => Running.Select(i => MonteCarloGroup.VariantOf(Points[i])).Distinct().Count();
    }

    /// <summary>A point in the race: one to compute (with its group and index) or one read back from the run folder.</summary>
    private sealed class Contestant(string key, double[] costs, string? accuracyClass, RacingGroup? group, int index, int queries)
    {
        private IReadOnlyList<int>? _correct;

        public string Key { get; } = key;
        public double[] Costs { get; } = costs;
        public string? AccuracyClass { get; } = accuracyClass;
        public RacingGroup? Group { get; } = group;
        public int Index { get; } = index;
        public int Queries { get; } = queries;
        public RaceBounds Bounds { get; set; }
        public bool Running { get; private set; } = true;
        /// <summary>A stored point's recorded retirement rung; null for one that finished (or one to compute).</summary>
        public int? RetiredAt { get; private init; }
        private int StoredTrials { get; init; }

        public static Contestant Stored(PointResult p, IReadOnlyList<Objective> costObjectives)
            => new(p.Key, costObjectives.Select(o => o.Cost(p)).ToArray(), null, null, -1, p.Queries)
            {
                _correct = p.CorrectPerTrial ?? throw new InvalidOperationException($"Point {p.Key} in points.jsonl has no correctPerTrial: it was not computed by a race."),
                RetiredAt = p.RetiredAt, StoredTrials = p.Trials,
            };

        /// <summary>True while the point takes part with fresh chips at <paramref name="rung"/>: running, and for a stored point not past its trials.</summary>
        public bool RunningAt(int rung) => Running && (Group is not null || rung <= StoredTrials);

        public void Stop()
        {
            Running = false;
            if (Group is not null) Group.Running.Remove(Index);
        }

        /// <summary>The raced outcome of the first <paramref name="trials"/> chips, fractions of the queries.</summary>
        public double[] PerTrial(int trials, RetrievalOutcome outcome)
            => Group is not null ? Group.Job!.Fractions(Index, outcome, trials) : _correct!.Take(trials).Select(c => c / (double)Queries).ToArray();
    }

    /// <summary>Counts what a race ran against what the full run would have.</summary>
    private sealed class RaceSummaryBuilder(IReadOnlyList<int> rungs, int points, long fullChipTrials)
    {
        private readonly int[] _retired = new int[rungs.Count];
        private long _pointTrials, _chipTrials, _readTrials, _fullReadTrials;
        private int _finished;

        /// <summary>A group's share of a rung: its variants and reads with a running point, for <paramref name="trials"/> more trials.</summary>
        public void AddRung(int variants, int reads, int trials)
        {
            _chipTrials += (long)variants * trials;
            _readTrials += (long)reads * trials;
        }

        /// <summary>A group's reads x <c>mc.trials</c>, when its job is built (every group with points to compute runs the first rung).</summary>
        public void AddFullReads(long readTrials) => _fullReadTrials += readTrials;

        public void AddPoint(int trials, bool retired, int rungIndex)
        {
            _pointTrials += trials;
            if (retired) _retired[rungIndex]++;
            else _finished++;
        }

        public RaceSummary Build() => new(rungs.ToArray(), _retired, _finished, _pointTrials, (long)points * rungs[^1], _chipTrials, fullChipTrials)
        {
            ReadTrials = _readTrials, FullReadTrials = _fullReadTrials,
        };
    }
}

/// <summary>What a race (<c>mc.racing</c>) ran, against the full run of the same points.</summary>
/// <param name="Rungs">The trial counts after which points were compared (<see cref="Racing.Rungs"/>).</param>
/// <param name="RetiredPerRung">Points retired after each rung.</param>
/// <param name="Finished">Points that ran to the end (or to <c>mc.targetCiHalfWidth</c>).</param>
/// <param name="PointTrials">Chips summed over points: each point's trials.</param>
/// <param name="FullPointTrials">The same for the full run: points x <c>mc.trials</c>.</param>
/// <param name="ChipTrials">Chips programmed: per Monte-Carlo group, the device variants with a running point times the trials run.</param>
/// <param name="FullChipTrials">The same for the full run: every group's variants x <c>mc.trials</c>.</param>
public sealed record RaceSummary(int[] Rungs, int[] RetiredPerRung, int Finished, long PointTrials, long FullPointTrials, long ChipTrials, long FullChipTrials)
{
    /// <summary>Reads simulated: per Monte-Carlo group, the reads (a device variant at a read geometry: one set of partial sums, i.e. the
    /// GEMMs, and one calibration, whatever the ADC resolutions converted) with a running point, times the trials run. The race's work
    /// follows this count more closely than the points'. 0 in a summary written before it was counted.</summary>
    public long ReadTrials { get; init; }

    /// <summary>The same for the full run: every group's reads x <c>mc.trials</c>.</summary>
    public long FullReadTrials { get; init; }

    /// <summary>The races of a run's parts (shards, or the invocations of a resumed run) added up; null when no part raced.</summary>
    public static RaceSummary? Total(IEnumerable<RaceSummary?> parts)
    {
        var races = parts.OfType<RaceSummary>().ToArray();
        if (races.Length == 0) return null;
        return new RaceSummary(races[0].Rungs, races[0].Rungs.Select((_, i) => races.Sum(r => r.RetiredPerRung.ElementAtOrDefault(i))).ToArray(), races.Sum(r => r.Finished),
            races.Sum(r => r.PointTrials), races.Sum(r => r.FullPointTrials), races.Sum(r => r.ChipTrials), races.Sum(r => r.FullChipTrials))
        {
            ReadTrials = races.Sum(r => r.ReadTrials), FullReadTrials = races.Sum(r => r.FullReadTrials),
        };
    }
}
