using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>What a model file holds; its JSON Schema is <c>device-models/schema/&lt;kind&gt;.schema.json</c> (lower case).</summary>
public enum ModelFileKind
{
    /// <summary>A device (<see cref="DeviceLoader"/>), including files written by <c>dse devices import</c>.</summary>
    Device,
    /// <summary>A periphery (<see cref="PeripheryLoader"/>).</summary>
    Periphery,
    /// <summary>A CPU+DRAM baseline (<see cref="BaselineLoader"/>).</summary>
    Baseline,
}

/// <summary>Tells a model file's kind from the file itself.</summary>
public static class ModelFileKinds
{
    private static readonly string[] Shared = ["$schema", "version", "name", "description", "sources"];

    /// <summary>
    /// The kind of <paramref name="file"/>: what its <c>$schema</c> names (<c>device.schema.json</c>, <c>periphery.schema.json</c>,
    /// <c>baseline.schema.json</c>); without one, the kind whose loader knows the most of its top-level keys (beyond those every
    /// model file has); when that does not decide, its folder (<c>periphery/</c>, <c>baselines/</c>, else a device).
    /// </summary>
    /// <param name="file">Any path; one that is not a readable JSON object is judged by its folder (its loader reports why).</param>
    public static ModelFileKind Of(string file)
    {
        var root = ReadObject(file);
        if (root?["$schema"] is JsonValue v && v.TryGetValue(out string? schema))
            foreach (var kind in Enum.GetValues<ModelFileKind>())
                if (Path.GetFileName(schema) == SchemaFileName(kind)) return kind;
        if (root is not null)
        {
            var known = Enum.GetValues<ModelFileKind>()
                .Select(k => (Kind: k, Count: root.Count(p => !Shared.Contains(p.Key) && RootKeys(k).Contains(p.Key))))
                .OrderByDescending(x => x.Count).ToArray();
            if (known[0].Count > known[1].Count) return known[0].Kind;
        }
        return Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) switch
        {
            "periphery" => ModelFileKind.Periphery,
            "baselines" => ModelFileKind.Baseline,
            _ => ModelFileKind.Device,
        };
    }

    /// <summary>The file name of the kind's JSON Schema, e.g. <c>device.schema.json</c>.</summary>
    public static string SchemaFileName(ModelFileKind kind) => $"{kind.ToString().ToLowerInvariant()}.schema.json";

    private static IReadOnlyCollection<string> RootKeys(ModelFileKind kind) => kind switch
    {
        ModelFileKind.Periphery => PeripheryLoader.RootKeys,
        ModelFileKind.Baseline => BaselineLoader.RootKeys,
        _ => DeviceLoader.RootKeys,
    };

    private static JsonObject? ReadObject(string file)
    {
        if (InputFile.KindOf(file) != InputFileKind.Regular) return null;
        try { return JsonNode.Parse(File.ReadAllText(file)) as JsonObject; }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException) { return null; }
    }
}
