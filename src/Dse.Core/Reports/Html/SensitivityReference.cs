using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;

namespace Dse.Reports.Html;

/// <summary>
/// The sensitivity page's reference design and the points around it: the reference is the most accurate simulated design
/// (<see cref="LeastPoint.MostAccurate"/>) at the sweep's sigmaScale closest to <see cref="DesignAxes.NominalSigmaScale"/>, the devices as written (the larger on a tie), chosen
/// in the first pass; the second pass keeps the points that differ from it on at most <see cref="NearAxes"/> axes, all that the
/// page's curves (one or two axes varied, and the device) draw.
/// </summary>
internal sealed class SensitivityReference : IPointCollector<SensitivityReference>
{
    /// <summary>The most axes on which a point may differ from the reference to be kept in <see cref="Near"/>.</summary>
    public const int NearAxes = 3;

    private readonly bool _simulated;
    private readonly Dictionary<double, LeastPoint> _bestAtSigma = [];
    private readonly List<PointResult> _near = [];

    private SensitivityReference(bool simulated) => _simulated = simulated;

    /// <summary>The reference; null for an empty or cost-only run.</summary>
    public PointResult? Reference { get; private set; }

    /// <summary>The points that differ from <see cref="Reference"/> on at most <see cref="NearAxes"/> axes, in store order (the reference among them).</summary>
    public IReadOnlyList<PointResult> Near => _near;

    /// <inheritdoc/>
    public static SensitivityReference Create(CollectorSet collectors) => new(collectors.Simulated);

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        if (!_simulated || !point.IsSimulated) return;
        if (!_bestAtSigma.TryGetValue(point.SigmaScale, out var best)) _bestAtSigma[point.SigmaScale] = best = LeastPoint.MostAccurate();
        best.Offer(point);
    }

    /// <inheritdoc/>
    /// <returns>True when there is a reference (its neighbours are read in the second pass).</returns>
    public bool EndFirstPass()
    {
        if (_bestAtSigma.Count == 0) return false;
        double nominal = _bestAtSigma.Keys.OrderBy(x => Math.Abs(x - DesignAxes.NominalSigmaScale)).ThenByDescending(x => x).First();
        Reference = _bestAtSigma[nominal].Value;
        return true;
    }

    /// <inheritdoc/>
    public void OfferAgain(PointResult point, long order)
    {
        if (Differences(point, Reference!) <= NearAxes) _near.Add(point);
    }

    /// <summary>On how many axes <paramref name="p"/> differs from <paramref name="reference"/> (counting stops past <see cref="NearAxes"/>).</summary>
    private static int Differences(PointResult p, PointResult reference)
    {
        int n = 0;
        foreach (var a in DesignAxes.All)
            if (!Equals(p.Coordinates[a], reference.Coordinates[a]) && ++n > NearAxes) break;
        return n;
    }
}
