using Dse.Exploration;
using Dse.Runs;

namespace Dse.Reports.Collectors;

/// <summary>
/// Whether every point has a labelled accuracy (else the pages plot agreement), and the lowest and highest
/// <see cref="PointResult.ObjectiveAccuracy"/> over the simulated points (none for a cost-only screen).
/// </summary>
public sealed class AccuracyRange : IPointCollector<AccuracyRange>
{
    private readonly bool _simulated;
    private bool _any, _allLabelled = true;
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity;

    private AccuracyRange(bool simulated) => _simulated = simulated;

    /// <summary>Whether the run has points and every one has a labelled accuracy (<see cref="PointResult.Accuracy"/>).</summary>
    public bool AllLabelled => _any && _allLabelled;

    /// <summary>The lowest accuracy, a fraction (NaN when no point was simulated).</summary>
    public double Min => _min <= _max ? _min : double.NaN;

    /// <summary>The highest accuracy, a fraction (NaN when no point was simulated).</summary>
    public double Max => _min <= _max ? _max : double.NaN;

    /// <inheritdoc/>
    public static AccuracyRange Create(CollectorSet collectors) => new(collectors.Simulated);

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        _any = true;
        _allLabelled &= point.Accuracy is not null;
        if (!_simulated || !point.IsSimulated) return;
        _min = Math.Min(_min, point.ObjectiveAccuracy);
        _max = Math.Max(_max, point.ObjectiveAccuracy);
    }

    /// <inheritdoc/>
    public bool EndFirstPass() => false;
}
