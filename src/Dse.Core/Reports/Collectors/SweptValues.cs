using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;

namespace Dse.Reports.Collectors;

/// <summary>
/// The distinct values of every design axis over the run, in first-seen order (as many as the sweep lists, not one per point): which
/// axes vary, the devices, the cell resolutions of the symbol legend.
/// </summary>
public sealed class SweptValues : IPointCollector<SweptValues>
{
    private readonly HashSet<string>[] _seen = DesignAxes.All.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
    private readonly List<string>[] _formatted = DesignAxes.All.Select(_ => new List<string>()).ToArray();
    private readonly List<object?>[] _raw = DesignAxes.All.Select(_ => new List<object?>()).ToArray();

    private SweptValues()
    {
    }

    /// <summary>Device names, sorted ordinally; empty until the first pass ends.</summary>
    public string[] Devices { get; private set; } = [];

    /// <summary>The distinct formatted values of <paramref name="axis"/> (<see cref="Axis.Format"/>), in first-seen order.</summary>
    public IReadOnlyList<string> ValuesOf(Axis axis) => _formatted[axis.Index];

    /// <summary>The values of <paramref name="axis"/>, one per formatted value of <see cref="ValuesOf"/> (the first seen), in first-seen order.</summary>
    public IReadOnlyList<object?> RawValuesOf(Axis axis) => _raw[axis.Index];

    /// <inheritdoc/>
    public static SweptValues Create(CollectorSet collectors) => new();

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        foreach (var axis in DesignAxes.All)
        {
            var value = point.Coordinates[axis];
            string formatted = axis.Format(value);
            if (!_seen[axis.Index].Add(formatted)) continue;
            _formatted[axis.Index].Add(formatted);
            _raw[axis.Index].Add(value);
        }
    }

    /// <inheritdoc/>
    public bool EndFirstPass()
    {
        Devices = _formatted[DesignAxes.Device.Index].Order(StringComparer.Ordinal).ToArray();
        return false;
    }
}
