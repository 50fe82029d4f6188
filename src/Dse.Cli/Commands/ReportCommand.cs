using Dse.Diagnostics;
using System.CommandLine;
using Dse.Exploration.Runs;
using Dse.Reports;

namespace Dse.Cli.Commands;

/// <summary><c>dse report RUN_DIR</c>: regenerates the tables and HTML pages of a run from its points.jsonl, without recomputing.</summary>
public static class ReportCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var runDir = new Argument<string>("RUN_DIR") { Description = "Output folder of a sweep or merge (holding run.json and points.jsonl)." };
        var singleFile = new Option<bool>("--single-file") { Description = "Also write report.html: every page in one file with plotly.js inlined, to send by e-mail (about 4 MB)." };
        var command = new Command("report", "Regenerate points.csv, pareto.csv and the HTML pages (index, pareto, breakdown, sensitivity) of a run without recomputing.") { runDir, singleFile };
        command.SetAction(parse => Run(parse.GetValue(runDir)!, stdout, stderr, parse.GetValue(singleFile)));
        return command;
    }

    /// <summary>Rewrites the reports of <paramref name="runDir"/>.</summary>
    /// <param name="runDir">The run folder.</param>
    /// <param name="stdout">Where the summary line goes.</param>
    /// <param name="stderr">Where warnings and writer failures go.</param>
    /// <param name="singleFile">Also write <c>report.html</c>, every page in one file with plotly.js inlined.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    /// <exception cref="InputException">No run in the folder, or an invalid run.json / points.jsonl.</exception>
    public static int Run(string runDir, TextWriter stdout, TextWriter stderr, bool singleFile = false)
    {
        var stored = RunStore.Open(runDir, warning => stderr.WriteLine($"warning: {warning}"));
        if (singleFile && stored.Spec.Mc.CostOnly)
            throw new InputException(new InputError(runDir, "--single-file", null, "a Monte-Carlo run for --single-file (a cost-only screen, mc.trials = 0, has only index.html and the tables: accuracy was not simulated)", "a cost-only run"));
        var (run, written) = ReportSet.WriteAll(stored, Path.GetFullPath(runDir), stderr.WriteLine, singleFile ? [.. ReportSet.Writers, new Dse.Reports.Html.SingleFileReport()] : null);
        stdout.WriteLine($"{run.Count} points; Pareto front: {run.Front.Count} points; wrote {string.Join(", ", written.Files)} in {Path.GetFullPath(runDir)}");
        return written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }
}
