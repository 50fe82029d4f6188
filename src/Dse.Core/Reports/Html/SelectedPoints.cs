using Dse.Costs;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Pareto;
using Dse.Runs;

namespace Dse.Reports.Html;

/// <summary>
/// The designs named by the run's last selection (<see cref="SelectionRecord.Ranked"/>), by key: the design columns of the index page's
/// selection table. A point of the run is found by its key; a per-slice ADC design (<see cref="SelectedDesign.AdcBitsPerSlice"/>), which
/// is not among the run's points, by a point of its base design (<see cref="PerSliceKeys.Of"/>), with the ADC bits of its widest slice.
/// </summary>
internal sealed class SelectedPoints : IPointCollector<SelectedPoints>
{
    private readonly HashSet<string> _wanted;
    private readonly (string Key, AdcBitsPerSlice Bits)[] _perSlice;
    private readonly Dictionary<string, AxisValues> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PointResult> _points = new(StringComparer.Ordinal);

    private SelectedPoints(HashSet<string> wanted, (string, AdcBitsPerSlice)[] perSlice) => (_wanted, _perSlice) = (wanted, perSlice);

    /// <summary>The coordinates of the ranked designs found, by key.</summary>
    public IReadOnlyDictionary<string, AxisValues> ByKey => _byKey;

    /// <summary>The ranked designs that are points of the run (not per-slice designs), by key: their full results.</summary>
    public IReadOnlyDictionary<string, PointResult> Points => _points;

    /// <inheritdoc/>
    public static SelectedPoints Create(CollectorSet collectors)
    {
        var ranked = collectors.Selection?.Ranked ?? [];
        return new(ranked.Where(d => d.AdcBitsPerSlice is null).Select(d => d.Key).ToHashSet(StringComparer.Ordinal),
            ranked.Select(d => (d.Key, Bits: AdcBitsPerSlice.TryParse(d.AdcBitsPerSlice))).Where(d => d.Bits is not null).Select(d => (d.Key, d.Bits!)).ToArray());
    }

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        if (_wanted.Contains(point.Key))
        {
            _byKey[point.Key] = point.Coordinates;
            _points[point.Key] = point;
        }
        foreach (var (key, bits) in _perSlice)
            if (!_byKey.ContainsKey(key) && PerSliceKeys.Of(point.Key, point.Coordinates.Get(DesignAxes.AdcBits), bits) == key)
                _byKey[key] = point.Coordinates.With(DesignAxes.AdcBits, bits.MaxBits);
    }

    /// <inheritdoc/>
    public bool EndFirstPass() => false;
}
