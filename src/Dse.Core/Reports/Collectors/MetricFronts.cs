using Dse.Exploration;
using Dse.Runs;
using Dse.Pareto;
using Dse.Reports.Html;

namespace Dse.Reports.Collectors;

/// <summary>
/// The Pareto fronts the Pareto page's buttons switch between: the sweep's objectives with the accuracy-like one replaced by each
/// accuracy-like objective in turn (<see cref="Metric.Swap"/>), over the simulated points. None for a cost-only screen.
/// </summary>
public sealed class MetricFronts : IPointCollector<MetricFronts>
{
    private readonly Dictionary<Objective, ParetoArchive> _archives;
    private readonly Dictionary<Objective, IReadOnlyList<PointResult>> _fronts = [];

    private MetricFronts(Dictionary<Objective, ParetoArchive> archives) => _archives = archives;

    /// <summary>Every front, in the order of <see cref="Metric.AccuracyLike"/> (empty for a cost-only screen).</summary>
    public IEnumerable<IReadOnlyList<PointResult>> All => _fronts.Values;

    /// <summary>The front with <paramref name="metric"/> in place of the sweep's accuracy-like objective.</summary>
    /// <param name="metric">One of <see cref="Metric.AccuracyLike"/>.</param>
    /// <exception cref="KeyNotFoundException">For a cost-only screen, or a metric that is not accuracy-like.</exception>
    public IReadOnlyList<PointResult> Under(Objective metric) => _fronts[metric];

    /// <inheritdoc/>
    public static MetricFronts Create(CollectorSet collectors) => new(collectors.Simulated
        ? Metric.AccuracyLike.ToDictionary(o => o, o => new ParetoArchive(Metric.Swap(collectors.Spec.Objectives, o)))
        : []);

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        if (!point.IsSimulated || !point.Finished) return;
        foreach (var (_, archive) in _archives) archive.Offer(point);
    }

    /// <inheritdoc/>
    public bool EndFirstPass()
    {
        foreach (var (metric, archive) in _archives) _fronts[metric] = archive.Front;
        return false;
    }
}
