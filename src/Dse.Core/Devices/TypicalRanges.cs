using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// Unit-slip checks of device, periphery and baseline files: every numeric key has a typical range in its JSON Schema
/// (<c>x-typicalRanges</c>: 1/30 to 30 times the values the shipped library holds for that key, each sourced there); a value
/// outside it (zero excepted) is a warning naming the file, line, key, value, the range and the likely slip ("10 S: did you
/// mean 10 uS = 1e-05?").
/// </summary>
public static class TypicalRanges
{
    private static readonly (string Suffix, (double Factor, string Prefix)[] Slips)[] UnitSlips =
    [
        ("Ohm", [(1e3, "kOhm"), (1e6, "MOhm")]),
        ("S", [(1e-6, "uS"), (1e-3, "mS"), (1e-9, "nS")]),
        ("J", [(1e-12, "pJ"), (1e-15, "fJ"), (1e-9, "nJ")]),
        ("M", [(1e-9, "nm"), (1e-6, "um")]),
        ("F", [(1e-15, "fF"), (1e-12, "pF")]),
        ("Hz", [(1e6, "MHz"), (1e9, "GHz")]),
        ("V", [(1e-3, "mV")]),
    ];

    /// <summary>The warnings of one model file (none when its schema has no ranges or cannot be found).</summary>
    /// <param name="file">A device, periphery or baseline file that loads.</param>
    /// <param name="fallbackSchemaDirs">Folders searched for the schema when the file's <c>$schema</c> does not resolve (the library's <c>schema/</c> folders).</param>
    public static IReadOnlyList<InputWarning> Check(string file, IEnumerable<string> fallbackSchemaDirs)
    {
        var map = JsonSourceMap.Parse(file, InputFile.ReadAllText(file, "model file"), out var node);
        if (node is not JsonObject root) return [];
        var ranges = RangesFor(file, root, fallbackSchemaDirs);
        if (ranges is null) return [];
        var warnings = new List<InputWarning>();
        foreach (var (key, value) in root)
            if (key is not ("sources" or "version" or "$schema")) Walk(value, key, ranges, file, map, warnings);
        return warnings;
    }

    private static void Walk(JsonNode? node, string path, JsonObject ranges, string file, JsonSourceMap map, List<InputWarning> warnings)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) Walk(v, $"{path}.{k}", ranges, file, map, warnings);
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                    if (a[i] is JsonValue e && e.GetValueKind() == JsonValueKind.Number) Test(e.GetValue<double>(), path, $"$.{path}[{i}]", ranges, file, map, warnings);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                Test(v.GetValue<double>(), path, $"$.{path}", ranges, file, map, warnings);
                break;
        }
    }

    private static void Test(double value, string key, string at, JsonObject ranges, string file, JsonSourceMap map, List<InputWarning> warnings)
    {
        if (value == 0 || ranges[key] is not JsonObject r) return;
        double min = r["min"]!.GetValue<double>(), max = r["max"]!.GetValue<double>();
        if (value >= min && value <= max) return;
        var inv = CultureInfo.InvariantCulture;
        string message = string.Create(inv, $"{key} = {value:G4} is outside its typical range {min:G4} to {max:G4}") + Slip(key, value, min, max);
        warnings.Add(new InputWarning(file, at, map.NearestLineOf(at), message));
    }

    /// <summary>The likely slip, e.g. <c>: did you mean 10 uS = 1e-05?</c>, or a generic hint.</summary>
    internal static string Slip(string key, double value, double min, double max)
    {
        var inv = CultureInfo.InvariantCulture;
        string leaf = key[(key.LastIndexOf('.') + 1)..];
        foreach (var (suffix, slips) in UnitSlips)
        {
            if (!leaf.EndsWith(suffix, StringComparison.Ordinal) || (suffix == "S" && leaf.EndsWith("PerS", StringComparison.Ordinal))) continue;
            foreach (var (factor, prefix) in slips)
                if (value * factor >= min && value * factor <= max)
                    return string.Create(inv, $" ({value:G4} {suffix}: did you mean {value:G4} {prefix} = {value * factor:G4}?)");
        }
        if (value / 100 >= min && value / 100 <= max)
            return string.Create(inv, $" (a percentage? did you mean {value:G4}% = {value / 100:G4}?)");
        return " (check the unit in the key's name)";
    }

    private static JsonObject? RangesFor(string file, JsonObject root, IEnumerable<string> fallbackSchemaDirs)
    {
        var candidates = new List<string>();
        if (root["$schema"] is JsonValue s && s.TryGetValue(out string? schema))
        {
            candidates.Add(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, schema)));
            candidates.AddRange(fallbackSchemaDirs.Select(d => Path.Combine(d, Path.GetFileName(schema))));
        }
        foreach (var path in candidates.Where(File.Exists))
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(path))?["x-typicalRanges"]?["ranges"] is JsonObject ranges) return ranges;
            }
            catch (JsonException) { }
        }
        return null;
    }
}
