using Dse.Exploration;
using Dse.Runs;

namespace Dse.Reports.Html;

/// <summary>The points named by the run's last selection (<see cref="Pareto.SelectionRecord.Ranked"/>), by key: the design columns of the index page's selection table.</summary>
internal sealed class SelectedPoints : IPointCollector<SelectedPoints>
{
    private readonly HashSet<string> _wanted;
    private readonly Dictionary<string, PointResult> _byKey = new(StringComparer.Ordinal);

    private SelectedPoints(HashSet<string> wanted) => _wanted = wanted;

    /// <summary>The ranked designs found in the run, by key.</summary>
    public IReadOnlyDictionary<string, PointResult> ByKey => _byKey;

    /// <inheritdoc/>
    public static SelectedPoints Create(CollectorSet collectors)
        => new(collectors.Selection?.Ranked.Select(d => d.Key).ToHashSet(StringComparer.Ordinal) ?? []);

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        if (_wanted.Contains(point.Key)) _byKey[point.Key] = point;
    }

    /// <inheritdoc/>
    public bool EndFirstPass() => false;
}
