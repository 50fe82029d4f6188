using Dse.Exploration;
using Dse.Runs;
using Dse.Reports.Collectors;
using Dse.Reports.Html;

namespace Dse.Reports;

/// <summary>What <see cref="ReportSet.Write"/> wrote.</summary>
/// <param name="Files">File names written.</param>
/// <param name="Failed">Writers that failed, with their error.</param>
public sealed record WrittenReports(IReadOnlyList<string> Files, IReadOnlyList<string> Failed);

/// <summary>
/// Every view of a run folder, written from its <see cref="RunRecord"/> alone (so <c>dse report</c> regenerates them without
/// recomputing; the points are streamed, so memory does not grow with the run): summary.json, points.csv, pareto.csv and the offline HTML site (four pages and the one copy of plotly.min.js they load). Each file is written atomically; one failing
/// writer is reported and the others still run.
/// </summary>
public static class ReportSet
{
    /// <summary>
    /// The writer of <c>index.html</c>: the run summary, the last <c>dse select</c> answer (<see cref="StoredRun.Selection"/>) and the
    /// Pareto designs. One of <see cref="Writers"/> and of <see cref="CostOnlyWriters"/>; <c>dse select</c> runs it alone to show its answer.
    /// </summary>
    public static IReportWriter Index { get; } = new IndexPage();

    /// <summary>The writer of <c>confusion.csv</c> (the front's and the selected designs' retrieval confusion); <c>dse select</c> runs it with <see cref="Index"/>.</summary>
    public static IReportWriter Confusion { get; } = new ConfusionCsvWriter();

    /// <summary>The writers, in writing order; the HTML pages among them (<see cref="ISitePage"/>) are the site's navigation, in this order.</summary>
    public static IReadOnlyList<IReportWriter> Writers { get; } =
    [
        new SummaryJsonWriter(), new PointsCsvWriter(), new ParetoCsvWriter(),
        new PlotlyScript(), Index, new ParetoPage(), new BreakdownPage(), new SensitivityPage(), Confusion,
    ];

    /// <summary>
    /// The writers of a cost-only screen (<c>mc.trials = 0</c>): summary.json, points.csv, pareto.csv and index.html, which states that
    /// accuracy was not simulated. The pages built on accuracy (Pareto front with accuracy, breakdown of designs picked by
    /// accuracy, sensitivities of accuracy) are not written.
    /// </summary>
    public static IReadOnlyList<IReportWriter> CostOnlyWriters { get; } = [Writers[0], Writers[1], Writers[2], Index];

    /// <summary>The writers for a run of <paramref name="spec"/>: <see cref="CostOnlyWriters"/> for a cost-only screen, else <see cref="Writers"/>.</summary>
    public static IReadOnlyList<IReportWriter> WritersFor(SweepSpec spec) => spec.Mc.CostOnly ? CostOnlyWriters : Writers;

    /// <summary>
    /// Reads <paramref name="run"/> once for the collectors <paramref name="writers"/> declare and for the Pareto front under the
    /// sweep's objectives (a second pass when a collector asks for one).
    /// </summary>
    /// <param name="run">The run: a folder opened with <see cref="RunStore.Open"/>, or points in memory (<see cref="PointSource.Of"/>).</param>
    /// <param name="writers">The writers the record will be written for (<see cref="Write"/> may run any of them).</param>
    /// <exception cref="Dse.Diagnostics.InputException">An invalid line of points.jsonl.</exception>
    /// <exception cref="ArgumentException">An objective value is NaN.</exception>
    public static RunRecord Read(StoredRun run, IReadOnlyList<IReportWriter> writers)
    {
        var collectors = new CollectorSet(run.Spec, run.Selection);
        var front = collectors.Use<SweepFront>();
        foreach (var writer in writers) writer.Declare(collectors);
        var (count, finished) = collectors.Read(run.Points);
        return new RunRecord(run, count, front.Front, finished);
    }

    /// <summary>Runs every writer of <paramref name="writers"/> on <paramref name="record"/>; one failing writer is reported and the others still run.</summary>
    /// <param name="record">The run, read for <paramref name="writers"/> (or more).</param>
    /// <param name="folder">The run folder.</param>
    /// <param name="log">Where writer failures are reported.</param>
    /// <param name="writers">The writers to run, in order.</param>
    public static WrittenReports Write(RunRecord record, string folder, Action<string>? log, IReadOnlyList<IReportWriter> writers)
    {
        var files = new List<string>();
        var failed = new List<string>();
        foreach (var writer in writers)
        {
            try
            {
                writer.Write(record, folder);
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

    /// <summary>Reads <paramref name="run"/> (<see cref="Read"/>) and runs <paramref name="writers"/> on it (<see cref="Write"/>).</summary>
    /// <param name="run">The run.</param>
    /// <param name="folder">The run folder.</param>
    /// <param name="log">Where writer failures are reported.</param>
    /// <param name="writers">The writers to run; null: <see cref="WritersFor"/> the run's sweep.</param>
    /// <returns>The record (its point count and front for the caller's summary line) and what was written.</returns>
    /// <exception cref="Dse.Diagnostics.InputException">An invalid line of points.jsonl.</exception>
    /// <exception cref="ArgumentException">An objective value is NaN.</exception>
    public static (RunRecord Record, WrittenReports Written) WriteAll(StoredRun run, string folder, Action<string>? log, IReadOnlyList<IReportWriter>? writers = null)
    {
        var chosen = writers ?? WritersFor(run.Spec);
        var record = Read(run, chosen);
        return (record, Write(record, folder, log, chosen));
    }
}
