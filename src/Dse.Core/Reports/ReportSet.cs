using Dse.Exploration;
using Dse.Exploration.Runs;
using Dse.Reports.Html;

namespace Dse.Reports;

/// <summary>What <see cref="ReportSet.WriteAll(RunReport, string, Action{string}, IReadOnlyList{IReportWriter})"/> wrote.</summary>
/// <param name="Files">File names written.</param>
/// <param name="Failed">Writers that failed, with their error.</param>
public sealed record WrittenReports(IReadOnlyList<string> Files, IReadOnlyList<string> Failed);

/// <summary>
/// Every view of a run folder, written from its <see cref="RunReport"/> alone (so <c>dse report</c> regenerates them without
/// recomputing; the points are streamed, so memory does not grow with the run): summary.json, points.csv, pareto.csv and the offline HTML site (four pages and the one copy of plotly.min.js they load). Each file is written atomically; one failing
/// writer is reported and the others still run.
/// </summary>
public static class ReportSet
{
    /// <summary>The writers, in writing order.</summary>
    public static IReadOnlyList<IReportWriter> Writers { get; } =
    [
        new SummaryJsonWriter(), new PointsCsvWriter(), new ParetoCsvWriter(),
        new PlotlyScript(), new IndexPage(), new ParetoPage(), new BreakdownPage(), new SensitivityPage(),
    ];

    /// <summary>
    /// The writers of a cost-only screen (<c>mc.trials = 0</c>): summary.json, points.csv, pareto.csv and index.html, which states that
    /// accuracy was not simulated. The pages built on accuracy (Pareto front with accuracy, breakdown of designs picked by
    /// accuracy, sensitivities of accuracy) are not written.
    /// </summary>
    public static IReadOnlyList<IReportWriter> CostOnlyWriters { get; } = [Writers[0], Writers[1], Writers[2], Writers[4]];

    /// <summary>The writers for a run of <paramref name="spec"/>: <see cref="CostOnlyWriters"/> for a cost-only screen, else <see cref="Writers"/>.</summary>
    public static IReadOnlyList<IReportWriter> WritersFor(SweepSpec spec) => spec.Mc.CostOnly ? CostOnlyWriters : Writers;

    /// <summary>Runs every writer of <paramref name="writers"/> (default <see cref="WritersFor"/>) on a run held in memory (a merge, tests).</summary>
    /// <param name="run">The run.</param>
    /// <param name="folder">The run folder.</param>
    /// <param name="log">Where writer failures are reported.</param>
    /// <param name="writers">The writers to run; null: all.</param>
    public static WrittenReports WriteAll(RunResult run, string folder, Action<string>? log, IReadOnlyList<IReportWriter>? writers = null)
        => WriteAll(RunReport.Of(run), folder, log, writers);

    /// <summary>Runs every writer of <paramref name="writers"/> (default <see cref="WritersFor"/>) on <paramref name="run"/>.</summary>
    /// <param name="run">The run.</param>
    /// <param name="folder">The run folder.</param>
    /// <param name="log">Where writer failures are reported.</param>
    /// <param name="writers">The writers to run; null: all.</param>
    public static WrittenReports WriteAll(RunReport run, string folder, Action<string>? log, IReadOnlyList<IReportWriter>? writers = null)
    {
        var files = new List<string>();
        var failed = new List<string>();
        foreach (var writer in writers ?? WritersFor(run.Spec))
        {
            try
            {
                writer.Write(run, folder);
                files.Add(writer.FileName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                failed.Add($"{writer.FileName}: {ex.Message}");
                log?.Invoke($"error: could not write {writer.FileName}: {ex.Message}");
            }
        }
        return new WrittenReports(files, failed);
    }
}
