using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Pareto;

namespace Dse.Runs;

/// <summary>
/// The files of a run folder that make a run resumable and mergeable: <c>run.json</c> and the append-only
/// <c>points.jsonl</c>.
/// </summary>
public static class RunStore
{
    /// <summary>File name of the run manifest.</summary>
    public const string ManifestFile = "run.json";

    /// <summary>File name of the result store.</summary>
    public const string PointsFile = "points.jsonl";

    /// <summary>File name of the run summary.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>File name of the constrained-selection record written by <c>dse select</c>.</summary>
    public const string SelectionFile = "selection.json";

    /// <summary>Serializer options of <c>summary.json</c> and <c>selection.json</c>: camelCase, indented, strict on reading.</summary>
    public static JsonSerializerOptions RecordOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>
    /// Opens the run in <paramref name="dir"/> without reading its points: its sweep from <c>run.json</c> (read without models:
    /// nothing is re-prepared), <c>points.jsonl</c> as a <see cref="PointSource"/> read on each pass, <c>summary.json</c> and
    /// <c>selection.json</c> when present.
    /// </summary>
    /// <param name="dir">A run folder (the <c>--out</c> of <c>dse sweep</c> or <c>dse merge</c>).</param>
    /// <param name="warn">Receives a warning when a torn last line was dropped.</param>
    /// <exception cref="InputException">No run in the folder, or an invalid run.json, summary.json or selection.json.</exception>
    public static StoredRun Open(string dir, Action<string>? warn = null)
    {
        var manifest = Directory.Exists(dir) ? ReadManifest(dir) : null;
        if (manifest is null)
            throw new InputException(new InputError(dir, null, null, "a run folder holding run.json and points.jsonl (the --out of 'dse sweep')",
                Directory.Exists(dir) ? "no run.json" : File.Exists(dir) ? "a file" : "no such folder"));
        var spec = SweepSpecLoader.Parse(manifest.SpecFile, manifest.Spec.ToJsonString(), manifest.BaseDir);
        return new StoredRun(spec, PointSource.File(Path.Combine(dir, PointsFile), warn),
            ReadRecord<RunSummary>(Path.Combine(dir, SummaryFile)), ReadRecord<SelectionRecord>(Path.Combine(dir, SelectionFile)));
    }

    /// <summary>Writes <paramref name="record"/> as indented JSON, atomically.</summary>
    public static void WriteRecord<T>(string path, T record) =>
        AtomicFile.WriteText(path, w => w.Write(JsonSerializer.Serialize(record, RecordOptions)));

    /// <summary>Reads a record written by <see cref="WriteRecord{T}"/>; null when the file does not exist.</summary>
    /// <exception cref="InputException">The file is not a valid record.</exception>
    public static T? ReadRecord<T>(string path) where T : class
    {
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<T>(File.ReadAllText(path), RecordOptions); }
        catch (JsonException ex)
        {
            throw new InputException(new InputError(path, ex.Path ?? "$", ex.LineNumber is long l ? (int)l + 1 : null, $"a {typeof(T).Name} written by dse", ex.Message));
        }
    }

    /// <summary>Writes <c>run.json</c> atomically.</summary>
    public static void WriteManifest(string dir, RunManifest manifest)
    {
        var root = new JsonObject
        {
            ["specFile"] = manifest.SpecFile,
            ["baseDir"] = manifest.BaseDir,
            ["shard"] = manifest.Shard,
            ["commandLine"] = manifest.CommandLine,
            ["inputs"] = new JsonArray(manifest.Inputs.Select(i => (JsonNode)new JsonObject { ["path"] = i.Path, ["sha256"] = i.Sha256 }).ToArray()),
            ["mixedInputs"] = new JsonArray(manifest.MixedInputs.Select(m => (JsonNode)m).ToArray()),
            ["spec"] = manifest.Spec.DeepClone(),
        };
        AtomicFile.WriteText(Path.Combine(dir, ManifestFile), w => w.Write(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
    }

    /// <summary>Reads <c>run.json</c> of <paramref name="dir"/>, or null when there is none.</summary>
    /// <exception cref="InputException">When the manifest exists but is not a valid manifest.</exception>
    public static RunManifest? ReadManifest(string dir)
    {
        string path = Path.Combine(dir, ManifestFile);
        if (!File.Exists(path)) return null;
        var map = JsonSourceMap.Parse(path, File.ReadAllText(path), out var node);
        var r = new StrictObjectReader(map);
        var root = r.RootObject(node);
        if (root is null) { r.ThrowIfAny(); return null; }
        r.RejectUnknownKeys(root, "$", ["specFile", "baseDir", "shard", "commandLine", "inputs", "mixedInputs", "spec"]);
        var specFile = r.RequiredString(root, "$", "specFile", "the sweep file of the run");
        var baseDir = r.RequiredString(root, "$", "baseDir", "the directory of the sweep's relative paths");
        var spec = r.RequiredObject(root, "$", "spec", "the effective sweep");
        string? shard = root["shard"] is null ? null : r.OptionalString(root, "$", "shard", "the shard I/N");
        string? commandLine = root["commandLine"] is null ? null : r.OptionalString(root, "$", "commandLine", "the command that started the run");
        var inputs = new List<InputHash>();
        if (r.OptionalArray(root, "$", "inputs", "input files with their SHA-256") is { } list)
            for (int i = 0; i < list.Count; i++)
            {
                string at = $"$.inputs[{i}]";
                if (list[i] is not JsonObject o) { r.Error(at, "an object with path and sha256", StrictObjectReader.Describe(list[i])); continue; }
                r.RejectUnknownKeys(o, at, ["path", "sha256"]);
                if (r.RequiredString(o, at, "path", "input file path") is { } p && r.RequiredString(o, at, "sha256", "SHA-256 in hex") is { } h) inputs.Add(new InputHash(p, h));
            }
        var mixed = r.OptionalStringArray(root, "$", "mixedInputs", "input files that changed during the run") ?? [];
        r.ThrowIfAny();
        return new RunManifest(specFile!, baseDir!, (JsonObject)spec!.DeepClone(), shard) { CommandLine = commandLine, Inputs = inputs, MixedInputs = mixed };
    }

    /// <summary>
    /// The input files whose content differs between two runs' manifests (a hash changed, or a file only one of them read),
    /// one line each naming the file and both hashes.
    /// </summary>
    public static IReadOnlyList<string> ChangedInputs(IReadOnlyList<InputHash> before, IReadOnlyList<InputHash> after)
    {
        var a = before.GroupBy(i => i.Path).ToDictionary(g => g.Key, g => g.First().Sha256);
        var b = after.GroupBy(i => i.Path).ToDictionary(g => g.Key, g => g.First().Sha256);
        return a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(path => a.GetValueOrDefault(path) != b.GetValueOrDefault(path))
            .Select(path => $"{path} (sha256 {Short(a.GetValueOrDefault(path))} -> {Short(b.GetValueOrDefault(path))})")
            .ToArray();
    }

    private static string Short(string? sha) => sha is null ? "absent" : sha[..Math.Min(12, sha.Length)];

    /// <summary>JSON paths at which two sweeps differ (keys present in one only, or different values), sorted.</summary>
    public static IReadOnlyList<string> Differences(JsonNode? a, JsonNode? b)
    {
        var result = new List<string>();
        Compare(a, b, "$", result);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    private static void Compare(JsonNode? a, JsonNode? b, string path, List<string> result)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                Compare(oa[key], ob[key], JsonSourceMap.Child(path, key), result);
        }
        else if (!JsonNode.DeepEquals(a, b))
        {
            result.Add(path);
        }
    }

    /// <summary>
    /// Prepares <c>points.jsonl</c> of <paramref name="dir"/> for appending: a torn last line (a crash mid-write, no
    /// final newline) is cut off; returns the keys of the complete points and how many torn bytes were dropped.
    /// </summary>
    /// <exception cref="InputException">When a complete line is not a point result.</exception>
    public static (IReadOnlySet<string> Keys, int DroppedBytes) OpenForResume(string dir)
    {
        string path = Path.Combine(dir, PointsFile);
        if (!File.Exists(path)) return (new HashSet<string>(StringComparer.Ordinal), 0);
        int dropped = 0;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            long end = stream.Length;
            long keep = end;
            var buffer = new byte[1];
            while (keep > 0)
            {
                stream.Position = keep - 1;
                stream.ReadExactly(buffer);
                if (buffer[0] == (byte)'\n') break;
                keep--;
            }
            if (keep < end)
            {
                stream.SetLength(keep);
                dropped = (int)(end - keep);
            }
        }
        return (PointSource.File(path).Read().Select(p => p.Point.Key).ToHashSet(StringComparer.Ordinal), dropped);
    }

    /// <summary>Number of non-empty lines of <c>points.jsonl</c> in <paramref name="dir"/> (0 when absent).</summary>
    public static int CountPoints(string dir)
    {
        string path = Path.Combine(dir, PointsFile);
        return File.Exists(path) ? File.ReadLines(path, Encoding.UTF8).Count(l => l.Length > 0) : 0;
    }
}
