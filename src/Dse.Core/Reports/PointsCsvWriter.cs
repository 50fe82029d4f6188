using Dse.Exploration.Runs;

namespace Dse.Reports;

/// <summary>
/// <c>points.csv</c>: every point, in natural order of its key (numbers by value), read back from the run one point at a time
/// (<see cref="RunReport.KeyOrder"/>), so the table never sits in memory.
/// </summary>
public sealed class PointsCsvWriter : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "points.csv";

    /// <inheritdoc/>
    public void Write(RunReport run, string folder)
        => AtomicFile.Write(Path.Combine(folder, FileName), s => CsvWriter.Write(s, run.Points.ReadAt(run.KeyOrder.Select(k => k.Location)), run.ComponentsInKeyOrder));
}
