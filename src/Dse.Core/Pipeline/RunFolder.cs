using Dse.Diagnostics;
using Dse.Runs;

namespace Dse.Pipeline;

/// <summary>The rules for writing a run into a folder: what may be overwritten, resumed or merged into. Nothing here writes.</summary>
public static class RunFolder
{
    /// <summary>
    /// Refuses to overwrite a run without <paramref name="force"/>, and to resume a run of a different sweep or shard, or whose input
    /// files changed since it started, without it. With <paramref name="force"/> a resume over changed inputs goes on and the manifest
    /// records the mix (it reaches <c>summary.json</c>).
    /// </summary>
    /// <param name="outDir">The run folder (full path).</param>
    /// <param name="manifest">The manifest of the run about to start.</param>
    /// <param name="resume">Continue the run in the folder.</param>
    /// <param name="force">Start over, or resume although the sweep or its inputs changed.</param>
    /// <returns>The manifest to write.</returns>
    /// <exception cref="InputException">The folder is a file, holds a run (without resume or force), or holds a different run (resume without force).</exception>
    public static RunManifest CheckForSweep(string outDir, RunManifest manifest, bool resume, bool force)
    {
        if (File.Exists(outDir)) throw new InputException(new InputError(outDir, "--out", null, "a folder for the run", "a file"));
        var previous = Directory.Exists(outDir) ? RunStore.ReadManifest(outDir) : null;
        if (!resume)
        {
            if (!force && Occupied(outDir, "use --resume to continue this run, or --force to start it over") is { } occupied) throw new InputException(occupied);
            return manifest;
        }
        if (previous is null) return manifest;
        var changed = RunStore.ChangedInputs(previous.Inputs, manifest.Inputs);
        var mixed = manifest with { MixedInputs = [.. previous.MixedInputs, .. changed] };
        if (force) return mixed;
        var errors = new List<InputError>();
        var differences = RunStore.Differences(previous.Spec, manifest.Spec);
        if (previous.Shard != manifest.Shard) differences = [.. differences, $"shard ({previous.Shard ?? "none"} -> {manifest.Shard ?? "none"})"];
        if (differences.Count > 0)
            errors.Add(new InputError(Path.Combine(outDir, RunStore.ManifestFile), "spec", null,
                "the same sweep as the run being resumed (or --force)", "changes at " + string.Join(", ", differences)));
        foreach (var file in changed)
            errors.Add(new InputError(Path.Combine(outDir, RunStore.ManifestFile), "inputs", null,
                "the input files the run started with (or --force, which records the mix in summary.json)", "a changed file: " + file));
        if (errors.Count > 0) throw new InputException(errors);
        return mixed;
    }

    /// <summary>The error for a folder that already holds a run (points or a manifest); null when it holds none.</summary>
    /// <param name="outDir">The folder (full path).</param>
    /// <param name="remedy">What the user can do instead, e.g. <c>or --force</c>.</param>
    /// <exception cref="InputException">The folder's <c>run.json</c> is not a valid manifest.</exception>
    public static InputError? Occupied(string outDir, string remedy)
    {
        if (!Directory.Exists(outDir)) return null;
        int existing = RunStore.CountPoints(outDir);
        return existing > 0 || RunStore.ReadManifest(outDir) is not null
            ? new InputError(outDir, "--out", null, $"an output folder without a run in it ({remedy})", $"a run with {existing} points")
            : null;
    }
}
