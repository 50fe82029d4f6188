using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Runs;
using Dse.Reports;

namespace Dse.Pipeline;

/// <summary>What a merge did.</summary>
/// <param name="OutDir">The merged run's folder (full path).</param>
/// <param name="Runs">Shard runs merged.</param>
/// <param name="Points">Points in the merged run.</param>
/// <param name="FrontPoints">Points on its Pareto front.</param>
/// <param name="Written">The reports written.</param>
public sealed record MergeOutcome(string OutDir, int Runs, int Points, int FrontPoints, WrittenReports Written);

/// <summary>
/// <c>dse merge</c>: joins the shard runs of one sweep into one run folder (refusing different sweeps, overlapping points, changed
/// inputs without <c>force</c>, and an occupied folder) and finishes it through the same report writers as a single run.
/// </summary>
public static class MergeRun
{
    /// <summary>Merges <paramref name="dirs"/> into <paramref name="outDir"/>. Every error is reported at once, before anything is written.</summary>
    /// <param name="dirs">The shards' run folders.</param>
    /// <param name="outDir">The merged run's folder.</param>
    /// <param name="force">Overwrite a folder that holds a run; merge shards whose input files differ (recorded in summary.json).</param>
    /// <param name="log">Receives warnings (a torn last line, a shard without a summary) and writer failures; null: none.</param>
    /// <exception cref="InputException">Missing or different runs, overlapping keys, changed inputs or an occupied output folder.</exception>
    public static MergeOutcome Run(IReadOnlyList<string> dirs, string outDir, bool force, Action<string>? log)
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
        var shards = new List<StoredRun>();
        foreach (var (dir, _) in manifests)
        {
            var shard = RunStore.Open(dir, warning => log?.Invoke($"warning: {warning}"));
            shards.Add(shard);
            foreach (var p in shard.Points.ReadAll())
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
        if (!force && RunFolder.Occupied(target, "or --force") is { } occupied) errors.Add(occupied);
        if (errors.Count > 0) throw new InputException(errors);

        points.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        Directory.CreateDirectory(target);
        AtomicFile.WriteText(Path.Combine(target, RunStore.PointsFile), w =>
        {
            foreach (var p in points) w.Write(PointJson.Serialize(p) + "\n");
        });
        var allMixed = manifests.SelectMany(m => m.Manifest.MixedInputs).Concat(mixed).Distinct().ToArray();
        RunStore.WriteManifest(target, first.Manifest with { Shard = null, MixedInputs = allMixed });
        var summary = RunSummaries.Merged(shards.Select(s => s.Summary).OfType<RunSummary>().ToList(), points.Count, allMixed);
        var (run, written) = ReportSet.WriteAll(new StoredRun(shards[0].Spec, PointSource.Of(points), summary, null), target, log);
        if (summary is not null && shards.Any(s => s.Summary is null))
            log?.Invoke("warning: a shard has no summary.json (interrupted before it finished); resume it and merge again.");
        return new MergeOutcome(target, manifests.Count, points.Count, run.Front.Count, written);
    }
}
