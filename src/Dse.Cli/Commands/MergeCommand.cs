using System.CommandLine;
using Dse.Diagnostics;
using Dse.Pipeline;

namespace Dse.Cli.Commands;

/// <summary><c>dse merge DIR... --out DIR</c>: joins the shards of one sweep and writes the reports a single run writes (<see cref="MergeRun"/>).</summary>
public static class MergeCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Run folders of the shards (each holding run.json and points.jsonl).", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Folder for the merged run.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite a folder that already holds a run; merge shards whose input files differ (recorded in summary.json)." };
        var command = new Command("merge", "Join shard runs of the same sweep (refusing different sweeps or overlapping points) and write the reports.")
        {
            dirs, outDir, force,
        };
        command.SetAction(parse => Run(parse.GetValue(dirs)!, parse.GetValue(outDir)!, parse.GetValue(force), stdout, stderr));
        return command;
    }

    /// <summary>Merges the shards.</summary>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    /// <exception cref="InputException">Missing or different runs, overlapping keys, or an occupied output folder.</exception>
    public static int Run(IReadOnlyList<string> dirs, string outDir, bool force, TextWriter stdout, TextWriter stderr)
    {
        var merged = MergeRun.Run(dirs, outDir, force, stderr.WriteLine);
        stdout.WriteLine($"merged {merged.Runs} runs: {merged.Points} points; Pareto front: {merged.FrontPoints} points; reports in {merged.OutDir}");
        return merged.Written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }
}
