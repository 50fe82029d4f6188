using System.Text.Json.Nodes;

namespace Dse.Runs;

/// <summary>
/// What a run folder records about how it was started (<c>run.json</c>): the effective sweep, where its relative paths point,
/// the shard, the command line, and every input file with its SHA-256. A resumed run must match it; merged shards must share it.
/// </summary>
/// <param name="SpecFile">The sweep file (or <c>embedded:...</c>).</param>
/// <param name="BaseDir">Directory the sweep's relative paths are taken from.</param>
/// <param name="Spec">The effective sweep JSON after overrides.</param>
/// <param name="Shard"><c>I/N</c>, or null for a whole run.</param>
public sealed record RunManifest(string SpecFile, string BaseDir, JsonObject Spec, string? Shard)
{
    /// <summary>Every input (sweep or embedded default, devices, periphery, baseline, workload files) with its SHA-256 when the run started.</summary>
    public IReadOnlyList<InputHash> Inputs { get; init; } = [];

    /// <summary>The command that started (or last resumed) the run, as typed; null for runs written before it was recorded.</summary>
    public string? CommandLine { get; init; }

    /// <summary>Input files that changed between the start and a <c>--force</c>d resume or merge: the run mixes their versions.</summary>
    public IReadOnlyList<string> MixedInputs { get; init; } = [];
}
