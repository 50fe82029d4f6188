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
        var command = new Command("report", "Regenerate points.csv, pareto.csv and the HTML pages (index, pareto, breakdown, sensitivity) of a run without recomputing.") { runDir };
        command.SetAction(parse => Run(parse.GetValue(runDir)!, stdout, stderr));
        return command;
    }

    /// <summary>Rewrites the reports of <paramref name="runDir"/>.</summary>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    /// <exception cref="InputException">No run in the folder, or an invalid run.json / points.jsonl.</exception>
    public static int Run(string runDir, TextWriter stdout, TextWriter stderr)
    {
        var run = RunStore.Load(runDir, warning => stderr.WriteLine($"warning: {warning}"));
        var written = ReportSet.WriteAll(run, Path.GetFullPath(runDir), stderr.WriteLine);
        stdout.WriteLine($"{run.Points.Count} points; Pareto front: {run.Front.Count} points; wrote {string.Join(", ", written.Files)} in {Path.GetFullPath(runDir)}");
        return written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }
}
