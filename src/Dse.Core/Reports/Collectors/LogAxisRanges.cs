using Dse.Exploration;
using Dse.Runs;

namespace Dse.Reports.Collectors;

/// <summary>The ends of the quantities drawn on log axes over every point (<see cref="PositiveRange"/>): all their ticks need (<see cref="Html.Figures.LogTicks"/>).</summary>
public sealed class LogAxisRanges : IPointCollector<LogAxisRanges>
{
    private LogAxisRanges()
    {
    }

    /// <summary>Positive energies per query search, J.</summary>
    public PositiveRange EnergyJ { get; } = new();

    /// <summary>Positive speed-ups against the CPU baseline, and 1 (parity) once the first pass ends.</summary>
    public PositiveRange Speedups { get; } = new();

    /// <summary>Positive energy ratios against the CPU baseline, and 1 (parity) once the first pass ends.</summary>
    public PositiveRange EnergyRatios { get; } = new();

    /// <inheritdoc/>
    public static LogAxisRanges Create(CollectorSet collectors) => new();

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order)
    {
        EnergyJ.Add(point.EnergyJ);
        Speedups.Add(point.Speedup);
        EnergyRatios.Add(point.EnergyRatio);
    }

    /// <inheritdoc/>
    public bool EndFirstPass()
    {
        Speedups.Add(1);
        EnergyRatios.Add(1);
        return false;
    }
}
