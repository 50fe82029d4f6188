using Dse.Exploration.Runs;

namespace Dse.Reports;

/// <summary><c>points.csv</c>: every point, in natural order of its key (numbers by value).</summary>
public sealed class PointsCsvWriter : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "points.csv";

    /// <inheritdoc/>
    public void Write(RunResult run, string folder)
    {
        var sorted = CsvWriter.SortByKey(run.Points);
        AtomicFile.Write(Path.Combine(folder, FileName), s => CsvWriter.Write(s, sorted, CsvWriter.Components(sorted)));
    }
}
