using Dse.Diagnostics;
using Dse.Runs;
using Dse.Reports;

namespace Dse.Pipeline;

/// <summary>What rewriting a run's reports did.</summary>
/// <param name="RunDir">The run folder (full path).</param>
/// <param name="Points">Points in the run.</param>
/// <param name="FrontPoints">Points on its Pareto front.</param>
/// <param name="Written">The files written.</param>
public sealed record ReportOutcome(string RunDir, int Points, int FrontPoints, WrittenReports Written);

/// <summary><c>dse report</c>: rewrites a run's tables and pages from its folder through the same writers as the run itself, without recomputing.</summary>
public static class ReportRun
{
    /// <summary>Rewrites the reports of <paramref name="runDir"/>.</summary>
    /// <param name="runDir">The run folder.</param>
    /// <param name="singleFile">Also write <c>report.html</c>, every page in one file with plotly.js inlined.</param>
    /// <param name="log">Receives warnings (a torn last line) and writer failures; null: none.</param>
    /// <exception cref="InputException">No run in the folder, an invalid run.json / points.jsonl, or <paramref name="singleFile"/> for a cost-only run.</exception>
    public static ReportOutcome Run(string runDir, bool singleFile, Action<string>? log)
    {
        var stored = RunStore.Open(runDir, warning => log?.Invoke($"warning: {warning}"));
        if (singleFile && stored.Spec.Mc.CostOnly)
            throw new InputException(new InputError(runDir, "--single-file", null, "a Monte-Carlo run for --single-file (a cost-only screen, mc.trials = 0, has only index.html and the tables: accuracy was not simulated)", "a cost-only run"));
        string folder = Path.GetFullPath(runDir);
        var (run, written) = ReportSet.WriteAll(stored, folder, log, singleFile ? [.. ReportSet.Writers, new Reports.Html.SingleFileReport()] : null);
        return new ReportOutcome(folder, run.Count, run.Front.Count, written);
    }
}
