using Dse.Analysis;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Exploration.Runs;
using Dse.Pareto;

namespace Dse.Reports;

/// <summary>
/// What the report writers read of a run, built in two streaming passes over its points so that memory does not grow with the
/// number of points (beyond each point's key and location, kept to write <c>points.csv</c> in key order, and a few numbers per
/// point for the ADC-monotonicity check): the Pareto fronts (<see cref="ParetoArchive"/>), per-device and per-budget extremes,
/// axis values, value ranges, the points near the sensitivity page's reference design, and a bounded sample of the points for
/// the scatter plots (<see cref="PointSample"/>; every point while the run holds at most <see cref="SampleSize"/>).
/// </summary>
public sealed class RunReport
{
    /// <summary>Most points drawn one by one in a scatter plot besides the fronts; a larger run shows a sample (the page says so).</summary>
    public const int SampleSize = 2000;

    /// <summary>Accuracy budgets of the designer tables: the cheapest design meeting each, at the mean and at the 5th percentile over chips.</summary>
    public static IReadOnlyList<double> AccuracyTargets { get; } = [0.8, 0.9, 0.95, 0.99];

    /// <summary>The most axes on which a point may differ from the sensitivity reference to be kept in <see cref="NearReference"/>.</summary>
    public const int NearReferenceAxes = 3;

    private readonly Dictionary<Objective, IReadOnlyList<PointResult>> _metricFronts = [];
    private readonly Dictionary<string, IReadOnlyList<PointResult>> _deviceFronts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string? Device, double Target), PointResult?> _cheapest = [];
    private readonly Dictionary<double, PointResult?> _cheapestAtP5 = [];
    private readonly Dictionary<string, double> _deviceMaxAccuracy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PointResult> _deviceMostAccurate = new(StringComparer.Ordinal);
    private readonly List<string>[] _axisValues = DesignAxes.All.Select(_ => new List<string>()).ToArray();
    private readonly List<object?>[] _axisRaw = DesignAxes.All.Select(_ => new List<object?>()).ToArray();

    private RunReport(SweepSpec spec, PointSource points, RunSummary? summary, SelectionRecord? selection)
    {
        Spec = spec;
        Points = points;
        Summary = summary;
        Selection = selection;
    }

    /// <summary>The sweep.</summary>
    public SweepSpec Spec { get; }

    /// <summary>The points, read again by the writers that stream them (<c>points.csv</c>).</summary>
    public PointSource Points { get; }

    /// <summary>Inputs, timings, skipped points, environment and assumptions; null for a run interrupted before it wrote them.</summary>
    public RunSummary? Summary { get; }

    /// <summary>The last constrained selection, or null.</summary>
    public SelectionRecord? Selection { get; }

    /// <summary>Points in the run.</summary>
    public int Count { get; private set; }

    /// <summary>The first point in store order (null for an empty run).</summary>
    public PointResult? First { get; private set; }

    /// <summary>The non-dominated points under <see cref="SweepSpec.Objectives"/>, best first in the first objective (as <see cref="RunResult.Front"/>).</summary>
    public IReadOnlyList<PointResult> Front { get; private set; } = [];

    /// <summary>Device names, sorted ordinally.</summary>
    public string[] Devices { get; private set; } = [];

    /// <summary>Whether the run has points and every one has a labelled accuracy.</summary>
    public bool AllHaveAccuracy { get; private set; }

    /// <summary>Whether some point has a <c>writeVerify</c> policy.</summary>
    public bool AnyWriteVerify { get; private set; }

    /// <summary>Lowest and highest <see cref="PointResult.ObjectiveAccuracy"/> over the simulated points (NaN when none).</summary>
    public (double Min, double Max) AccuracyRange { get; private set; } = (double.NaN, double.NaN);

    /// <summary>Breakdown components in first-seen order over the points in store order (the breakdown page).</summary>
    public IReadOnlyList<string> ComponentsInStoreOrder { get; private set; } = [];

    /// <summary>Breakdown components in first-seen order over the points in key order (the columns of points.csv and pareto.csv).</summary>
    public IReadOnlyList<string> ComponentsInKeyOrder { get; private set; } = [];

    /// <summary>Every point's key and location, in natural key order (<see cref="NaturalKeyComparer"/>): the rows of points.csv.</summary>
    public IReadOnlyList<(string Key, PointLocation Location)> KeyOrder { get; private set; } = [];

    /// <summary>The points a scatter plot draws, in store order: every point of a front and <see cref="SampleSize"/> of the rest (all of them in a smaller run).</summary>
    public IReadOnlyList<PointResult> Shown { get; private set; } = [];

    /// <summary>Whether <see cref="Shown"/> is a sample (the run holds more than <see cref="SampleSize"/> points).</summary>
    public bool Thinned { get; private set; }

    /// <summary>Positive energies per query search over every point, J (for log-axis ticks).</summary>
    public PositiveRange EnergyJ { get; } = new();

    /// <summary>Positive speed-ups against the CPU baseline over every point, and 1 (for log-axis ticks).</summary>
    public PositiveRange Speedups { get; } = new();

    /// <summary>Positive energy ratios against the CPU baseline over every point, and 1 (for log-axis ticks).</summary>
    public PositiveRange EnergyRatios { get; } = new();

    /// <summary>The sensitivity page's reference: the most accurate design (cheapest on ties) at the sigmaScale closest to the nominal; null for an empty or cost-only run.</summary>
    public PointResult? Reference { get; private set; }

    /// <summary>The points that differ from <see cref="Reference"/> on at most <see cref="NearReferenceAxes"/> axes, in store order: every curve of the sensitivity page.</summary>
    public IReadOnlyList<PointResult> NearReference { get; private set; } = [];

    /// <summary>ADC-resolution curves whose accuracy falls beyond its CI, the number of curves checked, and the lower point of each of the first drops (by key).</summary>
    public (IReadOnlyList<AdcDrop> Drops, int Curves, IReadOnlyDictionary<string, PointResult> Points) AdcDrops { get; private set; }
        = ([], 0, new Dictionary<string, PointResult>());

    /// <summary>The points named by <see cref="Selection"/>'s ranked designs, by key.</summary>
    public IReadOnlyDictionary<string, PointResult> Selected { get; private set; } = new Dictionary<string, PointResult>();

    /// <summary>The distinct formatted values of <paramref name="axis"/>, in first-seen order.</summary>
    public IReadOnlyList<string> ValuesOf(Axis axis) => _axisValues[axis.Index];

    /// <summary>The distinct values of <paramref name="axis"/>, in first-seen order.</summary>
    public IReadOnlyList<object?> RawValuesOf(Axis axis) => _axisRaw[axis.Index];

    /// <summary>The front with <paramref name="metric"/> in place of the sweep's accuracy-like objective (<see cref="Html.Metric.Swap"/>).</summary>
    public IReadOnlyList<PointResult> FrontUnder(Objective metric) => _metricFronts[metric];

    /// <summary>The accuracy-energy front of <paramref name="device"/>'s points alone, best accuracy first.</summary>
    public IReadOnlyList<PointResult> DeviceFront(string device) => _deviceFronts[device];

    /// <summary>The cheapest design (<see cref="LeastPoint.Cheapest"/>) of <paramref name="device"/> (null: any device) whose mean accuracy meets <paramref name="target"/>, or null.</summary>
    public PointResult? Cheapest(string? device, double target) => _cheapest[(device, target)];

    /// <summary>The cheapest design whose 5th-percentile accuracy over chips meets <paramref name="target"/>, or null.</summary>
    public PointResult? CheapestAtP5(double target) => _cheapestAtP5[target];

    /// <summary>The highest mean accuracy of <paramref name="device"/>'s designs.</summary>
    public double DeviceMaxAccuracy(string device) => _deviceMaxAccuracy[device];

    /// <summary>The most accurate design of <paramref name="device"/> (<see cref="LeastPoint.MostAccurate"/>).</summary>
    public PointResult DeviceMostAccurate(string device) => _deviceMostAccurate[device];

    /// <summary>The report of a run held in memory.</summary>
    public static RunReport Of(RunResult run) => Build(run.Spec, PointSource.Of(run.Points), run.Summary, run.Selection);

    /// <summary>The report of a stored run, read from its folder in two passes.</summary>
    public static RunReport Of(StoredRun run) => Build(run.Spec, run.Points, run.Summary, run.Selection);

    /// <summary>Reads <paramref name="points"/> twice and keeps what the writers need.</summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="points">The run's points.</param>
    /// <param name="summary">The run's summary, or null.</param>
    /// <param name="selection">The last selection, or null.</param>
    /// <exception cref="Dse.Diagnostics.InputException">An invalid line of points.jsonl.</exception>
    /// <exception cref="ArgumentException">An objective value is NaN.</exception>
    public static RunReport Build(SweepSpec spec, PointSource points, RunSummary? summary, SelectionRecord? selection)
    {
        var report = new RunReport(spec, points, summary, selection);
        report.Read();
        return report;
    }

    private void Read()
    {
        bool simulated = !Spec.Mc.CostOnly;
        var objectives = Spec.Objectives;
        var front = new ParetoArchive(objectives);
        var metricArchives = simulated ? Html.Metric.AccuracyLike.ToDictionary(o => o, o => new ParetoArchive(Html.Metric.Swap(objectives, o))) : [];
        var deviceArchives = new Dictionary<string, ParetoArchive>(StringComparer.Ordinal);
        var cheapest = new Dictionary<(string? Device, double Target), LeastPoint>();
        var cheapestAtP5 = AccuracyTargets.ToDictionary(t => t, _ => LeastPoint.Cheapest());
        var mostAccurate = new Dictionary<string, LeastPoint>(StringComparer.Ordinal);
        var bestAtSigma = new Dictionary<double, LeastPoint>();
        var byStore = new FirstSeenOrder<long>(Comparer<long>.Default);
        var byKey = new FirstSeenOrder<string>(NaturalKeyComparer.Instance);
        var keys = new List<(string Key, PointLocation Location)>();
        var sample = new PointSample(SampleSize);
        var curves = new AdcMonotonicity.Curves();
        var seen = DesignAxes.All.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var wanted = Selection?.Ranked.Select(d => d.Key).ToHashSet(StringComparer.Ordinal) ?? [];
        var selected = new Dictionary<string, PointResult>(StringComparer.Ordinal);
        bool allAccuracy = true;
        double minAccuracy = double.PositiveInfinity, maxAccuracy = double.NegativeInfinity;
        long order = 0;
        foreach (var (p, location) in Points.Read())
        {
            First ??= p;
            keys.Add((p.Key, location));
            front.Offer(p);
            sample.Offer(p, order);
            byStore.Add(order, p.Breakdown.Keys);
            byKey.Add(p.Key, p.Breakdown.Keys);
            foreach (var axis in DesignAxes.All)
                if (seen[axis.Index].Add(axis.Format(p.Coordinates[axis])))
                {
                    _axisValues[axis.Index].Add(axis.Format(p.Coordinates[axis]));
                    _axisRaw[axis.Index].Add(p.Coordinates[axis]);
                }
            if (wanted.Contains(p.Key)) selected[p.Key] = p;
            allAccuracy &= p.Accuracy is not null;
            AnyWriteVerify |= p.WriteVerify is not null;
            EnergyJ.Add(p.EnergyJ);
            Speedups.Add(p.Speedup);
            EnergyRatios.Add(p.EnergyRatio);
            if (simulated && p.IsSimulated)
            {
                foreach (var (_, archive) in metricArchives) archive.Offer(p);
                double accuracy = p.ObjectiveAccuracy;
                minAccuracy = Math.Min(minAccuracy, accuracy);
                maxAccuracy = Math.Max(maxAccuracy, accuracy);
                string device = p.DeviceName;
                if (!deviceArchives.TryGetValue(device, out var deviceFront))
                {
                    deviceArchives[device] = deviceFront = new ParetoArchive([Objective.Accuracy, Objective.Energy]);
                    mostAccurate[device] = LeastPoint.MostAccurate();
                    _deviceMaxAccuracy[device] = double.NegativeInfinity;
                }
                deviceFront.Offer(p);
                mostAccurate[device].Offer(p);
                _deviceMaxAccuracy[device] = Math.Max(_deviceMaxAccuracy[device], accuracy);
                foreach (var t in AccuracyTargets)
                {
                    if (accuracy >= t)
                    {
                        Least(cheapest, (device, t)).Offer(p);
                        Least(cheapest, (null, t)).Offer(p);
                    }
                    if (p.AccuracyStats.P5 >= t) cheapestAtP5[t].Offer(p);
                }
                if (!bestAtSigma.TryGetValue(p.SigmaScale, out var best)) bestAtSigma[p.SigmaScale] = best = LeastPoint.MostAccurate();
                best.Offer(p);
                curves.Add(p);
            }
            order++;
        }

        Count = keys.Count;
        Front = front.Front;
        Devices = _axisValues[DesignAxes.Device.Index].Order(StringComparer.Ordinal).ToArray();
        AllHaveAccuracy = Count > 0 && allAccuracy;
        if (minAccuracy <= maxAccuracy) AccuracyRange = (minAccuracy, maxAccuracy);
        Speedups.Add(1);
        EnergyRatios.Add(1);
        ComponentsInStoreOrder = byStore.Order;
        ComponentsInKeyOrder = byKey.Order;
        keys.Sort((a, b) => NaturalKeyComparer.Instance.Compare(a.Key, b.Key) is var c && c != 0 ? c : a.Location.Offset.CompareTo(b.Location.Offset));
        KeyOrder = keys;
        Selected = selected;
        foreach (var (metric, archive) in metricArchives) _metricFronts[metric] = archive.Front;
        foreach (var (device, archive) in deviceArchives)
        {
            _deviceFronts[device] = archive.Front;
            _deviceMostAccurate[device] = mostAccurate[device].Value!;
        }
        foreach (var t in AccuracyTargets)
        {
            _cheapestAtP5[t] = cheapestAtP5[t].Value;
            _cheapest[(null, t)] = cheapest.GetValueOrDefault((null, t))?.Value;
            foreach (var d in deviceArchives.Keys) _cheapest[(d, t)] = cheapest.GetValueOrDefault((d, t))?.Value;
        }

        // Shown: the sample and every front point (a front point outside the sample still gets its dot), in store order.
        Thinned = sample.Offered > sample.Capacity;
        var frontKeys = Front.Concat(_metricFronts.Values.SelectMany(f => f)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var sampled = sample.Points;
        var sampledKeys = sampled.Select(s => s.Point.Key).ToHashSet(StringComparer.Ordinal);
        frontKeys.ExceptWith(sampledKeys);

        // The reference: at the sweep's sigmaScale closest to the nominal, the most accurate design.
        if (bestAtSigma.Count > 0)
        {
            double nominal = bestAtSigma.Keys.OrderBy(x => Math.Abs(x - DesignAxes.NominalSigmaScale)).ThenByDescending(x => x).First();
            Reference = bestAtSigma[nominal].Value;
        }
        var (drops, curveCount) = curves.Result();
        var dropKeys = drops.Take(MonotonicityListed).Select(d => d.LowerKey).ToHashSet(StringComparer.Ordinal);

        // Second pass: the points the first could not know it needed.
        var near = new List<PointResult>();
        var extraShown = new List<(PointResult Point, long Order)>();
        var dropPoints = new Dictionary<string, PointResult>(StringComparer.Ordinal);
        if (Reference is not null || frontKeys.Count > 0 || dropKeys.Count > 0)
        {
            order = 0;
            foreach (var (p, _) in Points.Read())
            {
                if (Reference is not null && Differences(p, Reference) <= NearReferenceAxes) near.Add(p);
                if (frontKeys.Contains(p.Key)) extraShown.Add((p, order));
                if (dropKeys.Contains(p.Key)) dropPoints[p.Key] = p;
                order++;
            }
        }
        NearReference = near;
        Shown = sampled.Concat(extraShown).OrderBy(s => s.Order).Select(s => s.Point).ToArray();
        AdcDrops = (drops, curveCount, dropPoints);
    }

    /// <summary>Drops of the ADC-monotonicity check listed by name on the sensitivity page (the rest are counted).</summary>
    public const int MonotonicityListed = 12;

    private static LeastPoint Least(Dictionary<(string?, double), LeastPoint> map, (string?, double) at)
    {
        if (!map.TryGetValue(at, out var least)) map[at] = least = LeastPoint.Cheapest();
        return least;
    }

    /// <summary>On how many axes <paramref name="p"/> differs from <paramref name="reference"/> (counting stops past <see cref="NearReferenceAxes"/>).</summary>
    private static int Differences(PointResult p, PointResult reference)
    {
        int n = 0;
        foreach (var a in DesignAxes.All)
            if (!Equals(p.Coordinates[a], reference.Coordinates[a]) && ++n > NearReferenceAxes) break;
        return n;
    }
}
