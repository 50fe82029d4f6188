using System.CommandLine;
using Dse.Diagnostics;
using Dse.Exploration;
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
        var manifest = Directory.Exists(runDir) ? RunStore.ReadManifest(runDir) : null;
        if (manifest is null)
            throw new InputException(new InputError(runDir, null, null, "a run folder holding run.json and points.jsonl (the --out of 'dse sweep')",
                Directory.Exists(runDir) ? "no run.json" : "no such folder"));
        var spec = SweepSpecLoader.Parse(manifest.SpecFile, manifest.Spec.ToJsonString(), manifest.BaseDir);
        var file = PointJson.ReadAll(Path.Combine(runDir, RunStore.PointsFile));
        if (file.SkippedLastLines > 0) stderr.WriteLine("warning: dropped a torn last line of points.jsonl (an interrupted run; resume it to complete it).");
        var written = ReportSet.WriteAll(Path.GetFullPath(runDir), spec, file.Points, stderr.WriteLine);
        stdout.WriteLine($"{file.Points.Count} points; Pareto front: {written.FrontSize} points; wrote {string.Join(", ", written.Files)} in {Path.GetFullPath(runDir)}");
        return written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }
}
