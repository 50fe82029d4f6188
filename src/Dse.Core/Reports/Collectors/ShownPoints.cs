using Dse.Exploration;
using Dse.Runs;

namespace Dse.Reports.Collectors;

/// <summary>
/// The points a scatter plot draws, in store order: a bounded sample of the run (<see cref="PointSample"/>, every point while the
/// run holds at most <see cref="SampleSize"/>) and every point of a front (<see cref="SweepFront"/>, <see cref="MetricFronts"/>), so
/// each ringed design has its dot. A front point outside the sample is fetched in a second pass.
/// </summary>
public sealed class ShownPoints : IPointCollector<ShownPoints>
{
    /// <summary>Most points drawn one by one in a scatter plot besides the fronts; a larger run shows a sample (the pages say so).</summary>
    public const int SampleSize = 2000;

    private readonly PointSample _sample = new(SampleSize);
    private readonly SweepFront _front;
    private readonly MetricFronts _metricFronts;
    private readonly List<(PointResult Point, long Order)> _outside = [];
    private IReadOnlyList<(PointResult Point, long Order)> _sampled = [];
    private HashSet<string> _missing = [];

    private ShownPoints(SweepFront front, MetricFronts metricFronts)
    {
        _front = front;
        _metricFronts = metricFronts;
    }

    /// <summary>The points to draw, in store order; empty until the passes end.</summary>
    public IReadOnlyList<PointResult> Points { get; private set; } = [];

    /// <summary>Whether <see cref="Points"/> is a sample (the run holds more than <see cref="SampleSize"/> points).</summary>
    public bool Thinned { get; private set; }

    /// <inheritdoc/>
    public static ShownPoints Create(CollectorSet collectors) => new(collectors.Use<SweepFront>(), collectors.Use<MetricFronts>());

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order) => _sample.Offer(point, order);

    /// <inheritdoc/>
    /// <returns>True when a front point is outside the sample.</returns>
    public bool EndFirstPass()
    {
        Thinned = _sample.Offered > _sample.Capacity;
        _sampled = _sample.Points;
        _missing = _front.Front.Concat(_metricFronts.All.SelectMany(f => f)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        _missing.ExceptWith(_sampled.Select(s => s.Point.Key));
        Points = _sampled.Select(s => s.Point).ToArray();
        return _missing.Count > 0;
    }

    /// <inheritdoc/>
    public void OfferAgain(PointResult point, long order)
    {
        if (_missing.Contains(point.Key)) _outside.Add((point, order));
    }

    /// <inheritdoc/>
    public void EndSecondPass() => Points = _sampled.Concat(_outside).OrderBy(s => s.Order).Select(s => s.Point).ToArray();
}
