using Dse.Analysis;
using Dse.Exploration;
using Dse.Runs;

namespace Dse.Reports.Html;

/// <summary>
/// The sensitivity page's ADC-monotonicity check (<see cref="AdcMonotonicity.Curves"/>, a few numbers per simulated point): the
/// curves along ADC resolution whose accuracy falls beyond its CI, and, read in a second pass, the lower point of each of the first
/// <see cref="Listed"/> drops (the page names them).
/// </summary>
internal sealed class AdcMonotonicityCheck : IPointCollector<AdcMonotonicityCheck>
{
    /// <summary>Drops listed by name on the sensitivity page (the rest are counted).</summary>
    public const int Listed = 12;

    private readonly bool _simulated;
    private AdcMonotonicity.Curves? _curves = new();
    private readonly Dictionary<string, PointResult> _lower = new(StringComparer.Ordinal);
    private HashSet<string> _listedKeys = [];

    private AdcMonotonicityCheck(bool simulated) => _simulated = simulated;

    /// <summary>Every drop beyond its CI, curves in the order their first point was seen.</summary>
    public IReadOnlyList<AdcDrop> Drops { get; private set; } = [];

    /// <summary>Curves checked (at least two ADC resolutions).</summary>
    public int Curves { get; private set; }

    /// <summary>The lower point (<see cref="AdcDrop.LowerKey"/>) of each of the first <see cref="Listed"/> drops, by key.</summary>
    public IReadOnlyDictionary<string, PointResult> LowerPoints => _lower;

    /// <inheritdoc/>
    public static AdcMonotonicityCheck Create(CollectorSet collectors) => new(collectors.Simulated);

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        if (_simulated && point.IsSimulated) _curves!.Add(point);
    }

    /// <inheritdoc/>
    /// <returns>True when some curve drops (its lower points are read in the second pass).</returns>
    public bool EndFirstPass()
    {
        (Drops, Curves) = _curves!.Result();
        _curves = null; // a few numbers per point: not kept while the pages are written
        _listedKeys = Drops.Take(Listed).Select(d => d.LowerKey).ToHashSet(StringComparer.Ordinal);
        return _listedKeys.Count > 0;
    }

    /// <inheritdoc/>
    public void OfferAgain(PointResult point, long order)
    {
        if (_listedKeys.Contains(point.Key)) _lower[point.Key] = point;
    }
}
