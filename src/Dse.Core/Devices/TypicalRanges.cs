using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// Unit-slip checks of device, periphery and baseline files: every numeric key has a typical range, defined once, in the JSON
/// Schema of its file's kind (<c>device-models/schema/&lt;kind&gt;.schema.json</c>, <c>x-typicalRanges</c>: 1/30 to 30 times the
/// values the shipped library holds for that key, each sourced there), which <c>Dse.Core</c> embeds when it is built. The kind comes
/// from the file (<see cref="ModelFileKinds.Of"/>), never from whether it names a <c>$schema</c>, so imported and hand-made files
/// are checked too. A value outside its range (zero excepted) is a warning naming the file, line, key, value, the range and the
/// likely slip ("10 S: did you mean 10 uS = 1e-05?").
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

    private static readonly Dictionary<ModelFileKind, IReadOnlyDictionary<string, (double Min, double Max)>> Ranges =
        Enum.GetValues<ModelFileKind>().ToDictionary(k => k, LoadEmbedded);

    /// <summary>
    /// The typical range of every numeric key of a <paramref name="kind"/> file, keyed by its path as in <c>sources</c>
    /// (e.g. <c>variation.sigmaPerLevel</c>). Source: <c>x-typicalRanges</c> of <c>device-models/schema/&lt;kind&gt;.schema.json</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, (double Min, double Max)> Of(ModelFileKind kind) => Ranges[kind];

    /// <summary>The warnings of one model file, checked against the ranges of its kind (<see cref="ModelFileKinds.Of"/>).</summary>
    /// <param name="file">A device, periphery or baseline file that loads.</param>
    public static IReadOnlyList<InputWarning> Check(string file) => Check(file, ModelFileKinds.Of(file));

    /// <summary>The warnings of one model file of a known kind (e.g. a sweep's periphery), checked against the ranges of <paramref name="kind"/>.</summary>
    /// <param name="file">A model file that loads.</param>
    /// <param name="kind">What the file holds.</param>
    public static IReadOnlyList<InputWarning> Check(string file, ModelFileKind kind)
    {
        var map = JsonSourceMap.Parse(file, InputFile.ReadAllText(file, "model file"), out var node);
        if (node is not JsonObject root) return [];
        var warnings = new List<InputWarning>();
        foreach (var (key, value) in root)
            if (key is not ("sources" or "version" or "$schema")) Walk(value, key, kind, file, map, warnings);
        return warnings;
    }

    /// <summary>
    /// Why <paramref name="value"/> of <paramref name="key"/> looks like a unit slip, e.g. <c>gMaxS = 10 is outside its typical range
    /// 1.389e-07 to 0.02143 (10 S: did you mean 10 uS = 1e-05?)</c>; null when it is zero, in its range, or the key has none.
    /// </summary>
    /// <param name="kind">The kind of file holding the key.</param>
    /// <param name="key">The key's path as in <c>sources</c>.</param>
    /// <param name="value">Its value.</param>
    public static string? Outside(ModelFileKind kind, string key, double value)
    {
        if (value == 0 || !Of(kind).TryGetValue(key, out var r) || (value >= r.Min && value <= r.Max)) return null;
        return string.Create(CultureInfo.InvariantCulture, $"{key} = {value:G4} is outside its typical range {r.Min:G4} to {r.Max:G4}") + Slip(key, value, r.Min, r.Max);
    }

    private static void Walk(JsonNode? node, string path, ModelFileKind kind, string file, JsonSourceMap map, List<InputWarning> warnings)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) Walk(v, $"{path}.{k}", kind, file, map, warnings);
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                    if (a[i] is JsonValue e && e.GetValueKind() == JsonValueKind.Number) Test(e.GetValue<double>(), path, $"$.{path}[{i}]", kind, file, map, warnings);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                Test(v.GetValue<double>(), path, $"$.{path}", kind, file, map, warnings);
                break;
        }
    }

    private static void Test(double value, string key, string at, ModelFileKind kind, string file, JsonSourceMap map, List<InputWarning> warnings)
    {
        if (Outside(kind, key, value) is { } message)
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

    private static IReadOnlyDictionary<string, (double Min, double Max)> LoadEmbedded(ModelFileKind kind)
    {
        string name = "Dse.Devices.schema." + ModelFileKinds.SchemaFileName(kind);
        using var stream = typeof(TypicalRanges).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Dse.Core is built without its embedded {name}.");
        var ranges = JsonNode.Parse(stream)?["x-typicalRanges"]?["ranges"]?.AsObject()
            ?? throw new InvalidOperationException($"{ModelFileKinds.SchemaFileName(kind)} has no x-typicalRanges.ranges.");
        return ranges.ToDictionary(r => r.Key, r => (r.Value!["min"]!.GetValue<double>(), r.Value["max"]!.GetValue<double>()), StringComparer.Ordinal);
    }
}
