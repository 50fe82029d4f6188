using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;
using Dse.Pareto;

namespace Dse.Reports.Collectors;

/// <summary>The accuracy-energy Pareto front of each device's simulated points alone (<see cref="ParetoArchive"/>); none for a cost-only screen.</summary>
public sealed class DeviceFronts : IPointCollector<DeviceFronts>
{
    private static readonly Objective[] Objectives = [Objective.Accuracy, Objective.Energy];
    private readonly bool _simulated;
    private readonly Dictionary<string, ParetoArchive> _archives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<PointResult>> _fronts = new(StringComparer.Ordinal);

    private DeviceFronts(bool simulated) => _simulated = simulated;

    /// <summary>The front of <paramref name="device"/>, best accuracy first.</summary>
    /// <exception cref="KeyNotFoundException">When the device has no simulated point.</exception>
    public IReadOnlyList<PointResult> Of(string device) => _fronts[device];

    /// <inheritdoc/>
    public static DeviceFronts Create(CollectorSet collectors) => new(collectors.Simulated);

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        if (!_simulated || !point.IsSimulated) return;
        if (!_archives.TryGetValue(point.DeviceName, out var archive)) _archives[point.DeviceName] = archive = new ParetoArchive(Objectives);
        if (point.Finished) archive.Offer(point);   // a device whose every point a race retired has an empty front
    }

    /// <inheritdoc/>
    public bool EndFirstPass()
    {
        foreach (var (device, archive) in _archives) _fronts[device] = archive.Front;
        return false;
    }
}
