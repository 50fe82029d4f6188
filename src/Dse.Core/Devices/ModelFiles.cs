using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>Reading and checks shared by the device and periphery loaders.</summary>
internal static class ModelFiles
{
    /// <summary>Reads a whole file, turning "missing", "a directory", "a FIFO or device" and read failures into input errors.</summary>
    /// <exception cref="InputException">The path does not name a readable regular file.</exception>
    public static string ReadText(string path, string what) => InputFile.ReadAllText(path, $"{what} JSON file");

    /// <summary>
    /// Parses a model file and checks what every model file shares: a JSON object with only
    /// <paramref name="rootKeys"/>, an ignored <c>$schema</c>, <c>version</c> 1 and a <c>name</c> equal to the file stem.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file holds, for messages (e.g. <c>device model</c>).</param>
    /// <param name="rootKeys">Keys allowed at the top level.</param>
    /// <returns>The reader (collecting errors; call <c>ThrowIfAny</c> at the end), the root object and the name.</returns>
    /// <exception cref="InputException">The file is missing, a directory, malformed, or not an object.</exception>
    public static (StrictObjectReader Reader, JsonObject Root, string? Name) Open(string path, string what, IReadOnlyCollection<string> rootKeys)
    {
        var map = JsonSourceMap.Parse(path, ReadText(path, what), out var node);
        var r = new StrictObjectReader(map);
        var root = r.RootObject(node) ?? throw new InputException(r.Errors.ToList());
        r.RejectUnknownKeys(root, "$", rootKeys);
        r.OptionalString(root, "$", "$schema", "relative path of the JSON Schema; ignored");
        CheckVersion(r, root);
        var name = r.RequiredString(root, "$", "name", $"{what} name, equal to the file stem");
        CheckNameMatchesFile(r, name, path);
        return (r, root, name);
    }

    /// <summary>Checks <c>version</c> is present and equal to 1.</summary>
    public static void CheckVersion(StrictObjectReader r, JsonObject root)
    {
        if (r.RequiredInt(root, "$", "version", "file format version") is int v && v != 1)
            r.Error("$.version", "format version 1", v.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Checks the file's <c>name</c> equals its file stem, since sweeps refer to models by stem.</summary>
    public static void CheckNameMatchesFile(StrictObjectReader r, string? name, string path)
    {
        string stem = Path.GetFileNameWithoutExtension(path);
        if (name is not null && name != stem)
            r.Error("$.name", $"the file stem \"{stem}\" (sweeps name models by file)", $"\"{name}\"");
    }

    /// <summary>
    /// Checks that <c>sources</c> holds a non-empty string for every numeric value (and array of
    /// numbers) of the file, keyed by its path without <c>$.</c>, and nothing else but, optionally, a source for a string value
    /// inside a block (a model choice such as <c>readCircuit.switchSizing</c>; top-level names and descriptions need none).
    /// Top-level <c>version</c> is a format number, not a model value, and needs no source. A value already reported (an
    /// unknown, misspelt or missing key) is left out on both sides, so a typo gives one error, not follow-ons about its source.
    /// </summary>
    public static void CheckSources(StrictObjectReader r, JsonObject root)
    {
        var reported = r.Errors.Select(e => e.Path).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var numeric = new List<string>();
        var choices = new List<string>();
        foreach (var (key, value) in root)
            if (key is not ("sources" or "version" or "$schema"))
            {
                CollectNumeric(value, key, numeric);
                if (value is JsonObject block) CollectStrings(block, key, choices);
            }

        var sources = r.RequiredObject(root, "$", "sources", "where each numeric value comes from, keyed by its path");
        if (sources is null) return;
        numeric.RemoveAll(path => reported.Contains("$." + path));
        foreach (var path in numeric)
        {
            if (!sources.TryGetPropertyValue(path, out var s))
                r.Error(JsonSourceMap.Child("$.sources", path), $"a source for '{path}' (every numeric value needs one)", "no such key");
            else if (s is not JsonValue v || v.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetValue<string>()))
                r.Error(JsonSourceMap.Child("$.sources", path), "a non-empty string naming the source", StrictObjectReader.Describe(s));
        }
        foreach (var (key, value) in sources)
        {
            if (choices.Contains(key))
            {
                if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetValue<string>()))
                    r.Error(JsonSourceMap.Child("$.sources", key), "a non-empty string naming the source", StrictObjectReader.Describe(value));
            }
            else if (!numeric.Contains(key) && !reported.Contains("$." + key))
                r.Error(JsonSourceMap.Child("$.sources", key),
                    "a source keyed by a numeric value's path: " + NameSuggester.ListWithSuggestion(key, [.. numeric, .. choices]),
                    $"'{key}'");
        }
    }

    private static void CollectStrings(JsonObject block, string path, List<string> into)
    {
        foreach (var (k, v) in block)
        {
            string child = $"{path}.{k}";
            if (v is JsonObject o) CollectStrings(o, child, into);
            else if (v is JsonValue s && s.GetValueKind() == JsonValueKind.String) into.Add(child);
        }
    }

    private static void CollectNumeric(JsonNode? node, string path, List<string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) CollectNumeric(v, $"{path}.{k}", into);
                break;
            case JsonArray a when a.Count > 0 && a.All(e => e is JsonValue ev && ev.GetValueKind() == JsonValueKind.Number):
                into.Add(path);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                into.Add(path);
                break;
        }
    }

    /// <summary>
    /// Resolves a model reference: a bare name (no directory separator, no <c>.json</c>) means
    /// <c>&lt;dir&gt;/&lt;name&gt;.json</c> in the first of <paramref name="dirs"/> that holds it; anything else is a path,
    /// relative to <paramref name="relativeTo"/>.
    /// </summary>
    /// <exception cref="InputException">A bare name with no such file: lists the available names and the nearest.</exception>
    public static string ResolvePath(string nameOrPath, IReadOnlyList<string> dirs, string? relativeTo, string what)
    {
        bool bare = nameOrPath.IndexOfAny(['/', '\\']) < 0 && !nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        if (!bare)
            return Path.IsPathRooted(nameOrPath) || relativeTo is null
                ? nameOrPath
                : Path.Combine(relativeTo, nameOrPath);

        foreach (var dir in dirs)
        {
            string path = Path.Combine(dir, nameOrPath + ".json");
            if (File.Exists(path)) return path;
        }
        var available = dirs.Where(Directory.Exists)
            .SelectMany(dir => Directory.GetFiles(dir, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        string where = string.Join(", ", dirs);
        string expected = available.Count == 0
            ? $"a {what} name with a file in {where} (none found)"
            : $"a {what} name in {where}: " + NameSuggester.ListWithSuggestion(nameOrPath, available);
        throw new InputException(new InputError(relativeTo ?? "command line", null, null, expected, $"'{nameOrPath}'"));
    }

    /// <summary>As <see cref="ResolvePath(string, IReadOnlyList{string}, string?, string)"/> with one directory.</summary>
    public static string ResolvePath(string nameOrPath, string dir, string? relativeTo, string what) => ResolvePath(nameOrPath, [dir], relativeTo, what);
}
