using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;

namespace Dse.Reports.Collectors;

/// <summary>
/// The designer's picks at fixed accuracy budgets, over the simulated points: at each of <see cref="Targets"/>, the cheapest design
/// (<see cref="LeastPoint.Cheapest"/>) whose mean accuracy meets it, over the run and per device, and the cheapest whose 5th
/// percentile over chips meets it; per device, the most accurate design (<see cref="LeastPoint.MostAccurate"/>), which says the
/// highest budget the device reaches. Nothing for a cost-only screen.
/// </summary>
public sealed class AccuracyBudgets : IPointCollector<AccuracyBudgets>
{
    private readonly bool _simulated;
    private readonly Dictionary<(string? Device, double Target), LeastPoint> _cheapest = [];
    private readonly Dictionary<double, LeastPoint> _cheapestAtP5 = Targets.ToDictionary(t => t, _ => LeastPoint.Cheapest());
    private readonly Dictionary<string, LeastPoint> _mostAccurate = new(StringComparer.Ordinal);

    private AccuracyBudgets(bool simulated) => _simulated = simulated;

    /// <summary>The accuracy budgets (fractions), lowest first.</summary>
    public static IReadOnlyList<double> Targets { get; } = [0.8, 0.9, 0.95, 0.99];

    /// <summary>The cheapest design of <paramref name="device"/> (null: of any device) whose mean accuracy meets <paramref name="target"/>, or null.</summary>
    /// <param name="device">A device, or null.</param>
    /// <param name="target">One of <see cref="Targets"/>.</param>
    public PointResult? Cheapest(string? device, double target) => _cheapest.GetValueOrDefault((device, target))?.Value;

    /// <summary>The cheapest design whose 5th-percentile accuracy over chips meets <paramref name="target"/> (one of <see cref="Targets"/>), or null.</summary>
    public PointResult? CheapestAtP5(double target) => _cheapestAtP5[target].Value;

    /// <summary>The most accurate design of <paramref name="device"/>.</summary>
    /// <exception cref="KeyNotFoundException">For a device without simulated points.</exception>
    public PointResult MostAccurate(string device) => _mostAccurate[device].Value!;

    /// <inheritdoc/>
    public static AccuracyBudgets Create(CollectorSet collectors) => new(collectors.Simulated);

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        if (!_simulated || !point.IsSimulated) return;
        string device = point.DeviceName;
        if (!_mostAccurate.TryGetValue(device, out var best)) _mostAccurate[device] = best = LeastPoint.MostAccurate();
        best.Offer(point);
        double accuracy = point.ObjectiveAccuracy;
        foreach (var t in Targets)
        {
            if (accuracy >= t)
            {
                Least((device, t)).Offer(point);
                Least((null, t)).Offer(point);
            }
            if (point.AccuracyStats.P5 >= t) _cheapestAtP5[t].Offer(point);
        }
    }

    /// <inheritdoc/>
    public bool EndFirstPass() => false;

    private LeastPoint Least((string?, double) at)
    {
        if (!_cheapest.TryGetValue(at, out var least)) _cheapest[at] = least = LeastPoint.Cheapest();
        return least;
    }
}
