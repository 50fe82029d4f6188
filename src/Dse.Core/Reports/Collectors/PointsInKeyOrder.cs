using Dse.Exploration;
using Dse.Runs;

namespace Dse.Reports.Collectors;

/// <summary>
/// Every point's key and location, sorted in natural key order (<see cref="NaturalKeyComparer"/>, then location): the rows of
/// points.csv, read again one at a time (<see cref="PointSource.ReadAt"/>). It keeps tens of bytes per point, never the point.
/// </summary>
public sealed class PointsInKeyOrder : IPointCollector<PointsInKeyOrder>
{
    private readonly List<(string Key, PointLocation Location)> _rows = [];

    private PointsInKeyOrder()
    {
    }

    /// <summary>Keys and locations in natural key order; in store order until the first pass ends.</summary>
    public IReadOnlyList<(string Key, PointLocation Location)> Rows => _rows;

    /// <inheritdoc/>
    public static PointsInKeyOrder Create(CollectorSet collectors) => new();

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order) => _rows.Add((point.Key, location));

    /// <inheritdoc/>
    public bool EndFirstPass()
    {
        _rows.Sort((a, b) => NaturalKeyComparer.Instance.Compare(a.Key, b.Key) is var c && c != 0 ? c : a.Location.Offset.CompareTo(b.Location.Offset));
        return false;
    }
}
