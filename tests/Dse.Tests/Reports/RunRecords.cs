using Dse.Runs;
using Dse.Reports;

namespace Dse.Tests.Reports;

/// <summary>Runs held in memory, read as the reports read a run folder.</summary>
internal static class RunRecords
{
    /// <summary><paramref name="run"/> read for <paramref name="writers"/> (none given: every writer of <see cref="ReportSet.Writers"/>).</summary>
    public static RunRecord Read(StoredRun run, params IReportWriter[] writers) => ReportSet.Read(run, writers.Length == 0 ? ReportSet.Writers : writers);
}
