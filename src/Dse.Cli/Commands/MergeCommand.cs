using System.CommandLine;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Exploration.Runs;
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
        var mixed = new List<string>();
        foreach (var (dir, manifest) in manifests.Skip(1))
        {
            var differences = RunStore.Differences(first.Manifest.Spec, manifest.Spec);
            if (differences.Count > 0)
                errors.Add(new InputError(Path.Combine(dir, RunStore.ManifestFile), "spec", null, $"the same sweep as {first.Dir}", "changes at " + string.Join(", ", differences)));
            var changed = RunStore.ChangedInputs(first.Manifest.Inputs, manifest.Inputs);
            mixed.AddRange(changed.Select(c => $"{c} between {first.Dir} and {dir}"));
            if (!force)
                foreach (var file in changed)
                    errors.Add(new InputError(Path.Combine(dir, RunStore.ManifestFile), "inputs", null,
                        $"the input files of {first.Dir} (or --force, which records the mix in summary.json)", "a changed file: " + file));
        }
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var points = new List<PointResult>();
        var shards = new List<RunResult>();
        foreach (var (dir, _) in manifests)
        {
            var shard = RunStore.Load(dir, warning => stderr.WriteLine($"warning: {warning}"));
            shards.Add(shard);
            foreach (var p in shard.Points)
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

        points.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        Directory.CreateDirectory(target);
        AtomicFile.WriteText(Path.Combine(target, RunStore.PointsFile), w =>
        {
            foreach (var p in points) w.Write(PointJson.Serialize(p) + "\n");
        });
        var allMixed = manifests.SelectMany(m => m.Manifest.MixedInputs).Concat(mixed).Distinct().ToArray();
        RunStore.WriteManifest(target, first.Manifest with { Shard = null, MixedInputs = allMixed });
        var summary = MergedSummary(shards.Select(s => s.Summary).OfType<RunSummary>().ToList(), points.Count, allMixed);
        var (run, written) = ReportSet.WriteAll(new StoredRun(shards[0].Spec, PointSource.Of(points), summary, null), target, stderr.WriteLine);
        if (summary is not null && shards.Any(s => s.Summary is null))
            stderr.WriteLine("warning: a shard has no summary.json (interrupted before it finished); resume it and merge again.");
        stdout.WriteLine($"merged {manifests.Count} runs: {points.Count} points; Pareto front: {run.Front.Count} points; reports in {target}");
        return written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }

    /// <summary>
    /// The merged run's summary: the first shard's sweep facts and skipped points (every shard records the whole sweep's),
    /// every shard's inputs, and timings and screen savings summed; null when no shard finished.
    /// </summary>
    private static RunSummary? MergedSummary(IReadOnlyList<RunSummary> shards, int points, IReadOnlyList<string> mixedInputs)
    {
        if (shards.Count == 0) return null;
        var timings = new Dictionary<string, double>();
        foreach (var s in shards)
            foreach (var (name, seconds) in s.TimingsS) timings[name] = timings.GetValueOrDefault(name) + seconds;
        return shards[0] with
        {
            Points = points, PointsComputedNow = 0, Shard = null, Threads = 0, TimingsS = timings, PointsPerS = null,
            Inputs = shards.SelectMany(s => s.Inputs).DistinctBy(i => (i.Path, i.Sha256)).ToArray(),
            Versions = RunSummaries.Versions(), CreatedUtc = DateTime.UtcNow.ToString("O"), MixedInputs = mixedInputs,
            ToolVersion = RunSummaries.ToolVersion(), CommandLine = null, Host = null,
            Shards = shards.Select(s => new ShardProvenance(s.Shard, s.Host, s.Threads, s.TimingsS)).ToArray(),
            Screen = ScreenSummary.Total(shards.Select(s => s.Screen)),
            Estimators = shards.SelectMany(s => s.Estimators).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value),
            ComponentModels = shards.SelectMany(s => s.ComponentModels).GroupBy(kv => kv.Key)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(kv => kv.Value).Distinct().Order(StringComparer.Ordinal).ToArray()),
        };
    }
}
