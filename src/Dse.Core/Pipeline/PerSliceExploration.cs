using System.Diagnostics;
using Dse.Costs;
using Dse.Crossbar;
using Dse.Exploration.Axes;
using Dse.Runs;
using Dse.Pareto;
using Dse.Randomness;
using Dse.Exploration;

namespace Dse.Pipeline;

/// <summary>
/// The per-slice ADC search over the base designs of a run (docs/models.md, 'Per-slice ADC resolution'): per Monte-Carlo group, a
/// surrogate pass on the first chips measures each slice's error at each candidate resolution; CP-SAT traces each base design's front
/// in (surrogate error, energy or area) by an epsilon-constraint sweep; a verification pass on all the run's chips scores every chosen
/// assignment exactly (<see cref="SliceReadout.Decomposed"/>, common random numbers with the run).
/// </summary>
public static class PerSliceExploration
{
    /// <summary>Runs the search over every base design of a run.</summary>
    /// <param name="prepared">The run's sweep, prepared again with its device library.</param>
    /// <param name="runPoints">The run's points (the homogeneous designs).</param>
    /// <param name="spec">What to search.</param>
    /// <param name="threads">Worker threads for the Monte Carlo, &gt;= 1.</param>
    /// <param name="log">Receives a line per Monte-Carlo group; null for none.</param>
    /// <param name="counters">Engine phase timings of both passes; null: not counted.</param>
    /// <exception cref="ArgumentException">When a range of <paramref name="spec"/> is violated or the run holds no simulated point.</exception>
    public static PerSliceSearchResult Run(PreparedSweep prepared, IReadOnlyList<PointResult> runPoints, PerSliceSearchSpec spec, int threads, Action<string>? log = null,
        EngineCounters? counters = null)
    {
        var mc = prepared.Spec.Mc;
        var candidates = spec.AdcBits.Order().ToArray();
        if (candidates.Length == 0 || candidates.Distinct().Count() != candidates.Length)
            throw new ArgumentException("Expected one or more distinct candidate resolutions.", nameof(spec));
        if (spec.Objectives.Count == 0) throw new ArgumentException("Expected at least one objective.", nameof(spec));
        if (spec.SurrogateTrials < 1 || spec.SurrogateTrials > mc.Trials)
            throw new ArgumentException($"Range: 1 <= surrogate trials <= mc.trials = {mc.Trials}; found {spec.SurrogateTrials}.", nameof(spec));
        var runKeys = runPoints.Where(p => p.IsSimulated).ToDictionary(p => p.Key, StringComparer.Ordinal);
        var points = prepared.Points.Where(p => runKeys.ContainsKey(p.Key)).ToList();
        if (points.Count == 0) throw new ArgumentException("The run holds no simulated point of its sweep.", nameof(runPoints));

        var context = new SweepContext(prepared);
        int span = context.ReferenceColumnSpan;
        var options = new RunOptions(threads, Counters: counters);
        var verified = new List<PerSliceVerified>();
        var solves = new List<PerSliceSolveRecord>();
        var correlations = new List<PerSliceRankCorrelation>();
        TimeSpan surrogateTime = default, solveTime = default, verifyTime = default;
        int checkedPoints = 0, differing = 0;
        var groups = points.GroupBy(p => MonteCarloGroupKey.Of(p, prepared.Periphery)).ToList();
        foreach (var group in groups)
        {
            // One base design per point less its ADC bits; the job converts at every candidate resolution.
            var bases = group.GroupBy(p => BaseKey(p)).Select(g => g.First()).ToList();
            var expanded = bases.SelectMany(b => candidates.Select(bits => b with { Coordinates = b.Coordinates.With(DesignAxes.AdcBits, bits) })).ToList();
            var mcGroup = new MonteCarloGroup(expanded, group.Key, context, options);
            var ops = mcGroup.Operands;
            var job = mcGroup.Job;
            var cells = job.Cells;
            var costInputs = new CostInputs(ops.Problem, ops.InputActiveFraction, cells.MeanLevelFraction());
            var designs = bases.Select(b => new BaseDesign(b, VariantOf(job, b), mcGroup.CrossbarIndex(b),
                candidates.Where(bits => Feasibility.Reason(b with { Coordinates = b.Coordinates.With(DesignAxes.AdcBits, bits) }, prepared.MaxNativeTokens,
                    prepared.Workload.Store.Ovts.Count, prepared.Periphery) is null).ToArray())).Where(d => d.Resolutions.Length > 0).ToList();

            var clock = Stopwatch.StartNew();
            var surrogate = MonteCarloEngine.Run(job with { Trials = spec.SurrogateTrials, PerSliceSearch = new PerSliceSearchInputs([], MeasureErrors: true) }, threads);
            surrogateTime += clock.Elapsed;

            clock.Restart();
            var sampleRng = new Rng(Rng.DeriveSeed(spec.SampleSeed, "perSlice/sample/" + group.Key.Label));
            foreach (var d in designs)
            {
                int k = d.Resolutions.Length;
                d.Error = new double[cells.Slices, k];
                for (int s = 0; s < cells.Slices; s++)
                    for (int j = 0; j < k; j++)
                        d.Error[s, j] = surrogate.SliceError(d.Variant, d.RowsIndex, s, Array.IndexOf(candidates, d.Resolutions[j]), spec.SurrogateTrials);
                var design = d.Point.ToCostDesign(costInputs, span, prepared.Periphery);
                var problem = PerSliceAdcProblem.FromCosts(PerSliceAdcCosts.Build(d.Point.Device, prepared.Periphery, design, d.Resolutions), d.Error);
                foreach (var objective in spec.Objectives)
                    foreach (var solve in PerSliceAdcSearch.EpsilonSweep(problem, spec.EpsilonSteps, spec.Solver with { Objective = objective }))
                    {
                        solves.Add(new PerSliceSolveRecord(BaseKey(d.Point), objective, solve));
                        if (solve.Point is { } chosen) d.Add(chosen.Assignment, objective == PerSliceObjective.Energy ? PerSliceOrigin.EnergySolve : PerSliceOrigin.AreaSolve);
                    }
                for (int i = 0; i < spec.SampleAssignments; i++)
                    d.Add(AdcBitsPerSlice.Of(Enumerable.Range(0, cells.Slices).Select(_ => d.Resolutions[(int)(sampleRng.NextDouble() * k)])), PerSliceOrigin.Sample);
            }
            solveTime += clock.Elapsed;

            clock.Restart();
            var assignments = designs.SelectMany(d => d.Chosen.Keys.Where(a => !a.IsHomogeneous).Select(a => new SliceAssignment(d.Variant, d.RowsIndex, a.Bits))).ToList();
            var counts = MonteCarloEngine.Run(job with { PerSliceSearch = new PerSliceSearchInputs(assignments) }, threads);
            verifyTime += clock.Elapsed;

            bool labels = ops.Problem.Labels is not null;
            foreach (var d in designs)
            {
                foreach (int bits in d.Resolutions)
                {
                    var point = d.Point with { Coordinates = d.Point.Coordinates.With(DesignAxes.AdcBits, bits) };
                    int b = Array.IndexOf(candidates, bits);
                    var result = Result(point, null, what => counts.Fractions(d.Variant, d.RowsIndex, b, what, mc.Trials));
                    var homogeneous = AdcBitsPerSlice.Homogeneous(bits, cells.Slices);
                    verified.Add(new PerSliceVerified(BaseKey(d.Point), homogeneous, d.SurrogateOf(homogeneous), result,
                        PerSliceOrigin.Homogeneous | d.Chosen.GetValueOrDefault(homogeneous)));
                    if (runKeys.TryGetValue(point.Key, out var stored) && stored.Trials == mc.Trials)
                    {
                        checkedPoints++;
                        if (stored.Agreement != result.Agreement || stored.Accuracy != result.Accuracy || stored.MipsAgreement != result.MipsAgreement) differing++;
                    }
                }
                foreach (var (a, origin) in d.Chosen.Where(c => !c.Key.IsHomogeneous).Select(c => (c.Key, c.Value)))
                {
                    int index = assignments.FindIndex(x => x.Variant == d.Variant && x.RowsIndex == d.RowsIndex && x.Bits.SequenceEqual(a.Bits));
                    var point = d.Point with { Coordinates = d.Point.Coordinates.With(DesignAxes.AdcBits, a.MaxBits) };
                    var result = Result(point, a, what => counts.AssignmentFractions(index, what, mc.Trials));
                    verified.Add(new PerSliceVerified(BaseKey(d.Point), a, d.SurrogateOf(a), result, origin));
                }
                var mine = verified.Where(x => x.BaseKey == BaseKey(d.Point)).ToList();
                var sampled = mine.Where(x => x.Origin.HasFlag(PerSliceOrigin.Sample)).ToList();
                var chosen = mine.Where(x => (x.Origin & (PerSliceOrigin.EnergySolve | PerSliceOrigin.AreaSolve)) != 0).ToList();
                correlations.Add(new PerSliceRankCorrelation(BaseKey(d.Point), sampled.Count, Rho(sampled, p => p.ObjectiveAccuracy),
                    Rho(sampled, p => p.Agreement!.Mean), chosen.Count, Rho(chosen, p => p.ObjectiveAccuracy)));
            }
            log?.Invoke($"{group.Key.Label}: {designs.Count} base designs, {assignments.Count} heterogeneous assignments verified " +
                $"(surrogate {surrogateTime.TotalSeconds:F1} s, solves {solveTime.TotalSeconds:F1} s, verification {verifyTime.TotalSeconds:F1} s so far)");

            PointResult Result(DesignPoint point, AdcBitsPerSlice? perSlice, Func<int, double[]> fractions)
            {
                var costs = PointEvaluation.Costs(point, costInputs, span, prepared, perSlice is { IsHomogeneous: false } ? perSlice : null);
                TrialStats Stats(RetrievalOutcome outcome) => Statistics.Of(fractions((int)outcome));
                return PointEvaluation.CostOnly(point, costs, ops.Problem, prepared) with
                {
                    Key = perSlice is { IsHomogeneous: false } ? PerSliceKeys.Of(point.Key, point.AdcBits, perSlice) : point.Key,
                    Trials = mc.Trials,
                    Agreement = Stats(RetrievalOutcome.SsaAgreement),
                    Accuracy = labels ? Stats(RetrievalOutcome.SsaAccuracy) : null,
                    MipsAgreement = Stats(RetrievalOutcome.MipsAgreement),
                    MipsAccuracy = labels ? Stats(RetrievalOutcome.MipsAccuracy) : null,
                    DigitalAgreement = ops.DigitalAgreement, DigitalAccuracy = ops.DigitalAccuracy,
                };
            }
        }
        var pool = runPoints.Where(p => p.IsSimulated)
            .Concat(verified.Where(v => !runKeys.ContainsKey(v.Result.Key)).Select(v => v.Result))
            .ToList();
        var front = ParetoFront.Compute(pool, prepared.Spec.Objectives);
        return new PerSliceSearchResult(verified, solves, correlations, front, surrogateTime, solveTime, verifyTime, checkedPoints, differing);
    }

    /// <summary>Spearman rho of (surrogate error, <paramref name="value"/>) over <paramref name="points"/>; NaN with fewer than 3.</summary>
    private static double Rho(IReadOnlyList<PerSliceVerified> points, Func<PointResult, double> value) => points.Count < 3 ? double.NaN
        : MathNet.Numerics.Statistics.Correlation.Spearman(points.Select(x => x.SurrogateError), points.Select(x => value(x.Result)));

    /// <summary>The base design of <paramref name="point"/>: its key with the ADC-bits token written <c>a*</c> (<see cref="PerSliceKeys.Base"/>).</summary>
    public static string BaseKey(DesignPoint point) => PerSliceKeys.Base(point.Key, point.AdcBits);

    private static int VariantOf(MonteCarloJob job, DesignPoint p)
    {
        for (int v = 0; v < job.Variants.Count; v++)
        {
            var x = job.Variants[v];
            if (x.Device.Name == p.Device.Name && x.SigmaScale == p.SigmaScale && x.ReadTimeS == p.ReadTimeS && x.WriteVerify == p.WriteVerify) return v;
        }
        throw new InvalidOperationException($"Point {p.Key} has no variant in its Monte-Carlo job.");
    }

    /// <summary>One base design being searched: its variant and rows value in the group's job, its feasible resolutions, its surrogate and
    /// the assignments chosen for verification.</summary>
    private sealed class BaseDesign(DesignPoint point, int variant, int rowsIndex, int[] resolutions)
    {
        public DesignPoint Point { get; } = point;
        public int Variant { get; } = variant;
        public int RowsIndex { get; } = rowsIndex;
        public int[] Resolutions { get; } = resolutions;
        public double[,] Error { get; set; } = new double[0, 0];
        public Dictionary<AdcBitsPerSlice, PerSliceOrigin> Chosen { get; } = [];

        public void Add(AdcBitsPerSlice bits, PerSliceOrigin origin) => Chosen[bits] = Chosen.GetValueOrDefault(bits) | origin;

        public double SurrogateOf(AdcBitsPerSlice bits)
        {
            double sum = 0;
            for (int s = 0; s < bits.Slices; s++) sum += Error[s, Array.IndexOf(Resolutions, bits.Bits[s])];
            return sum;
        }
    }
}
