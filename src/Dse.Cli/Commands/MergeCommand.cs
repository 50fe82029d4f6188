using System.CommandLine;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Reports;

namespace Dse.Cli.Commands;

/// <summary><c>dse merge DIR... --out DIR</c>: joins the shards of one sweep and writes the reports a single run writes.</summary>
public static class MergeCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Run folders of the shards (each holding run.json and points.jsonl).", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Folder for the merged run.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite a folder that already holds a run." };
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
        var errors = new List<InputError>();
        var manifests = new List<(string Dir, RunManifest Manifest)>();
        foreach (var dir in dirs)
        {
            var manifest = Directory.Exists(dir) ? RunStore.ReadManifest(dir) : null;
            if (manifest is null) errors.Add(new InputError(dir, null, null, "a run folder holding run.json and points.jsonl (the --out of 'dse sweep')", Directory.Exists(dir) ? "no run.json" : "no such folder"));
            else manifests.Add((dir, manifest));
        }
        if (errors.Count > 0) throw new InputException(errors);
        var first = manifests[0];
        foreach (var (dir, manifest) in manifests.Skip(1))
        {
            var differences = RunStore.Differences(first.Manifest.Spec, manifest.Spec);
            if (differences.Count > 0)
                errors.Add(new InputError(Path.Combine(dir, RunStore.ManifestFile), "spec", null, $"the same sweep as {first.Dir}", "changes at " + string.Join(", ", differences)));
        }
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var points = new List<PointResult>();
        foreach (var (dir, _) in manifests)
        {
            var file = PointJson.ReadAll(Path.Combine(dir, RunStore.PointsFile));
            if (file.SkippedLastLines > 0) stderr.WriteLine($"warning: {dir}: dropped a torn last line (an interrupted shard; resume it to complete it)");
            foreach (var p in file.Points)
            {
                if (owner.TryGetValue(p.Key, out var other))
                {
                    errors.Add(new InputError(Path.Combine(dir, RunStore.PointsFile), p.Key, null, "points that no other shard holds", $"a point also in {other}"));
                    continue;
                }
                owner[p.Key] = dir;
                points.Add(p);
            }
        }
        string target = Path.GetFullPath(outDir);
        if (Directory.Exists(target) && !force && (RunStore.CountPoints(target) > 0 || RunStore.ReadManifest(target) is not null))
            errors.Add(new InputError(target, "--out", null, "an output folder without a run in it (or --force)", $"a run with {RunStore.CountPoints(target)} points"));
        if (errors.Count > 0) throw new InputException(errors);

        var m = first.Manifest;
        var spec = SweepSpecLoader.Parse(m.SpecFile, m.Spec.ToJsonString(), m.BaseDir);
        var prepared = Explorer.Prepare(spec, SweepCommand.LocateDeviceModels(File.Exists(m.SpecFile) ? m.SpecFile : null));
        var order = prepared.Points.Select((p, i) => (p.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        var unknown = points.Where(p => !order.ContainsKey(p.Key)).Select(p => p.Key).ToList();
        if (unknown.Count > 0)
            throw new InputException(new InputError(Path.Combine(owner[unknown[0]], RunStore.PointsFile), unknown[0], null, "points of the sweep in run.json", $"{unknown.Count} unknown keys"));
        points.Sort((a, b) => order[a.Key].CompareTo(order[b.Key]));

        Directory.CreateDirectory(target);
        AtomicFile.WriteText(Path.Combine(target, RunStore.PointsFile), w =>
        {
            foreach (var p in points) w.Write(PointJson.Serialize(p) + "\n");
        });
        RunStore.WriteManifest(target, m with { Shard = null });
        var result = new SweepResult(0, prepared.Skipped, new Dictionary<string, double>(), TimeSpan.Zero);
        RunSummaryWriter.Write(Path.Combine(target, "summary.json"), prepared, result, points.Count, null, 0, new Dictionary<string, double>());
        var written = ReportSet.WriteAll(target, spec, points, stderr.WriteLine);
        if (points.Count < prepared.Points.Count)
            stderr.WriteLine($"warning: {points.Count} of the sweep's {prepared.Points.Count} points are present; run the missing shards and merge again.");
        stdout.WriteLine($"merged {manifests.Count} runs: {points.Count} points; Pareto front: {written.FrontSize} points; reports in {target}");
        return written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }
}
