using Dse.Exploration;
using Dse.Runs;
using Dse.Pareto;

namespace Dse.Reports.Collectors;

/// <summary>
/// The Pareto front under the sweep's objectives (<see cref="SweepSpec.Objectives"/>), kept as the points stream past
/// (<see cref="ParetoArchive"/>, memory of the order of the front; points retired by a race are on no front): <see cref="RunRecord.Front"/>, pareto.csv, the rings of the
/// scatter plots. Every run record has it.
/// </summary>
public sealed class SweepFront : IPointCollector<SweepFront>
{
    private readonly ParetoArchive _archive;

    private SweepFront(IReadOnlyList<Objective> objectives) => _archive = new ParetoArchive(objectives);

    /// <summary>The front, best first in the first objective (as <see cref="ParetoFront.Compute"/>); empty until the first pass ends.</summary>
    public IReadOnlyList<PointResult> Front { get; private set; } = [];

    /// <inheritdoc/>
    public static SweepFront Create(CollectorSet collectors) => new(collectors.Spec.Objectives);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">An objective value of <paramref name="point"/> is NaN.</exception>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        if (point.Finished) _archive.Offer(point);
    }

    /// <inheritdoc/>
    public bool EndFirstPass()
    {
        Front = _archive.Front;
        return false;
    }
}
