using Dse.Runs;
using Dse.Reports.Collectors;

namespace Dse.Reports;

/// <summary>
/// <c>points.csv</c>: every point, in natural order of its key (numbers by value), read back from the run one point at a time
/// (<see cref="PointsInKeyOrder"/>), so the table never sits in memory.
/// </summary>
public sealed class PointsCsvWriter : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "points.csv";

    /// <inheritdoc/>
    public void Declare(CollectorSet collectors)
    {
        collectors.Use<PointsInKeyOrder>();
        collectors.Use<ComponentsInKeyOrder>();
    }

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder)
        => AtomicFile.Write(Path.Combine(folder, FileName), s => CsvWriter.Write(s, run.Points.ReadAt(run.Get<PointsInKeyOrder>().Rows.Select(k => k.Location)), run.Get<ComponentsInKeyOrder>().Names, CsvExtrasOf.Of(run.Spec)));
}
