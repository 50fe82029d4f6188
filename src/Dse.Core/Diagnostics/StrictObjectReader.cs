using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dse.Diagnostics;

/// <summary>
/// Reads typed values out of a parsed JSON file strictly, collecting every problem as an
/// <see cref="InputError"/> (file, JSON path, 1-based line, expected, found) instead of stopping at
/// the first. Call <see cref="ThrowIfAny"/> once all checks are done.
/// </summary>
/// <remarks>
/// Typical use:
/// <code>
/// var map = JsonSourceMap.Parse(path, File.ReadAllText(path), out var root);
/// var r = new StrictObjectReader(map);
/// if (r.RootObject(root) is { } obj)
/// {
///     r.RejectUnknownKeys(obj, "$", ["gMinS", "levels"]);
///     double? gMin = r.RequiredDouble(obj, "$", "gMinS", "siemens");
///     int? levels = r.RequiredInt(obj, "$", "levels", "native conductance levels");
///     if (gMin &lt; 0) r.Error("$.gMinS", "a conductance &gt;= 0 S", $"{gMin}");
/// }
/// r.ThrowIfAny();
/// </code>
/// Every <c>Required*</c> / <c>Optional*</c> method returns null when the key is absent or invalid
/// (having recorded an error for a required key or a wrong type), so range checks can be written as
/// <c>if (x is double v &amp;&amp; v &lt; 0)</c> without duplicate messages. Numbers must be finite
/// (JSON has no NaN/Infinity; values beyond double range are rejected).
/// <c>objPath</c> arguments are the JSON path of the object being read (<c>$</c> for the root,
/// <c>$.variation</c>, ...); <c>description</c> says what the value means, with its unit, and appears
/// in the "expected" part of messages.
/// </remarks>
public sealed class StrictObjectReader
{
    private readonly List<InputError> _errors;

    /// <summary>Creates a reader for one file.</summary>
    /// <param name="map">Line map of the file, from <see cref="JsonSourceMap.Parse"/>.</param>
    /// <param name="errors">Shared error list (e.g. across several files); a new one when null.</param>
    public StrictObjectReader(JsonSourceMap map, List<InputError>? errors = null)
    {
        Map = map;
        _errors = errors ?? [];
    }

    /// <summary>Line map of the file being read.</summary>
    public JsonSourceMap Map { get; }

    /// <summary>Errors recorded so far (by this reader and any sharing its list).</summary>
    public IReadOnlyList<InputError> Errors => _errors;

    /// <summary>Records an error found outside this file's keys (e.g. inside a model file the sweep names).</summary>
    public void Add(InputError error) => _errors.Add(error);

    /// <summary>True when at least one error was recorded.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>Records an error at <paramref name="path"/>; the line is that of the path or its nearest parent.</summary>
    public void Error(string? path, string expected, string found) =>
        _errors.Add(new InputError(Map.File, path, path is null ? null : Map.NearestLineOf(path), expected, found));

    /// <summary>Throws every recorded error at once.</summary>
    /// <exception cref="InputException">When any error was recorded.</exception>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw new InputException(_errors.ToList());
    }

    /// <summary>The document root as an object, or null (error recorded) when it is another kind of value.</summary>
    public JsonObject? RootObject(JsonNode root)
    {
        if (root is JsonObject o) return o;
        Error("$", "a JSON object { ... } at the top level", Describe(root));
        return null;
    }

    /// <summary>
    /// Records one error per key of <paramref name="obj"/> not in <paramref name="allowed"/>, listing
    /// the valid keys and the nearest spelling.
    /// </summary>
    public void RejectUnknownKeys(JsonObject obj, string objPath, IReadOnlyCollection<string> allowed)
    {
        foreach (var (key, _) in obj)
            if (!allowed.Contains(key))
                Error(JsonSourceMap.Child(objPath, key), "a known key: " + NameSuggester.ListWithSuggestion(key, allowed),
                    $"unknown key '{key}'");
    }

    /// <summary>A required finite number; null (error recorded) when missing or not a finite number.</summary>
    public double? RequiredDouble(JsonObject obj, string objPath, string key, string description) =>
        Double(obj, objPath, key, description, required: true);

    /// <summary>An optional finite number; null when absent (no error) or invalid (error recorded).</summary>
    public double? OptionalDouble(JsonObject obj, string objPath, string key, string description) =>
        Double(obj, objPath, key, description, required: false);

    /// <summary>A required 32-bit integer; null (error recorded) when missing, fractional, out of range or not a number.</summary>
    public int? RequiredInt(JsonObject obj, string objPath, string key, string description) =>
        Int(obj, objPath, key, description, required: true);

    /// <summary>An optional 32-bit integer; null when absent (no error) or invalid (error recorded).</summary>
    public int? OptionalInt(JsonObject obj, string objPath, string key, string description) =>
        Int(obj, objPath, key, description, required: false);

    /// <summary>A required string; null (error recorded) when missing or not a string.</summary>
    public string? RequiredString(JsonObject obj, string objPath, string key, string description) =>
        Str(obj, objPath, key, description, required: true);

    /// <summary>An optional string; null when absent (no error) or not a string (error recorded).</summary>
    public string? OptionalString(JsonObject obj, string objPath, string key, string description) =>
        Str(obj, objPath, key, description, required: false);

    /// <summary>A required boolean; null (error recorded) when missing or not <c>true</c>/<c>false</c>.</summary>
    public bool? RequiredBool(JsonObject obj, string objPath, string key, string description) =>
        Bool(obj, objPath, key, description, required: true);

    /// <summary>An optional boolean; null when absent (no error) or invalid (error recorded).</summary>
    public bool? OptionalBool(JsonObject obj, string objPath, string key, string description) =>
        Bool(obj, objPath, key, description, required: false);

    /// <summary>
    /// A required string that must be one of <paramref name="allowed"/> (case-sensitive); an invalid
    /// value's error lists the valid ones and the nearest spelling.
    /// </summary>
    public string? RequiredChoice(JsonObject obj, string objPath, string key, IReadOnlyCollection<string> allowed, string description)
    {
        var s = RequiredString(obj, objPath, key, description);
        if (s is null || allowed.Contains(s)) return s;
        Error(JsonSourceMap.Child(objPath, key), $"{description}: " + NameSuggester.ListWithSuggestion(s, allowed), $"\"{s}\"");
        return null;
    }

    /// <summary>A required nested object; null (error recorded) when missing or another kind of value.</summary>
    public JsonObject? RequiredObject(JsonObject obj, string objPath, string key, string description) =>
        Get<JsonObject>(obj, objPath, key, "an object { ... }", description, required: true);

    /// <summary>An optional nested object; null when absent (no error) or another kind of value (error recorded).</summary>
    public JsonObject? OptionalObject(JsonObject obj, string objPath, string key, string description) =>
        Get<JsonObject>(obj, objPath, key, "an object { ... }", description, required: false);

    /// <summary>An optional JSON array (elements unchecked); null when absent, an error when not an array.</summary>
    public JsonArray? OptionalArray(JsonObject obj, string objPath, string key, string description) =>
        Get<JsonArray>(obj, objPath, key, "an array", description, required: false);

    /// <summary>A required array of finite numbers; null when missing or invalid (each bad element gets its own error).</summary>
    public IReadOnlyList<double>? RequiredDoubleArray(JsonObject obj, string objPath, string key, string description) =>
        Array<double>(obj, objPath, key, description, required: true, "a finite number", ReadDouble);

    /// <summary>An optional array of finite numbers; null when absent (no error) or invalid (errors recorded).</summary>
    public IReadOnlyList<double>? OptionalDoubleArray(JsonObject obj, string objPath, string key, string description) =>
        Array<double>(obj, objPath, key, description, required: false, "a finite number", ReadDouble);

    /// <summary>A required array of 32-bit integers; null when missing or invalid.</summary>
    public IReadOnlyList<int>? RequiredIntArray(JsonObject obj, string objPath, string key, string description) =>
        Array<int>(obj, objPath, key, description, required: true, "an integer", ReadInt);

    /// <summary>An optional array of 32-bit integers; null when absent (no error) or invalid (errors recorded).</summary>
    public IReadOnlyList<int>? OptionalIntArray(JsonObject obj, string objPath, string key, string description) =>
        Array<int>(obj, objPath, key, description, required: false, "an integer", ReadInt);

    /// <summary>A required array of strings; null when missing or invalid.</summary>
    public IReadOnlyList<string>? RequiredStringArray(JsonObject obj, string objPath, string key, string description) =>
        Array<string>(obj, objPath, key, description, required: true, "a string", ReadString);

    /// <summary>An optional array of strings; null when absent (no error) or invalid (errors recorded).</summary>
    public IReadOnlyList<string>? OptionalStringArray(JsonObject obj, string objPath, string key, string description) =>
        Array<string>(obj, objPath, key, description, required: false, "a string", ReadString);

    /// <summary>
    /// What a user sees for a value in "found ...": <c>a string "abc"</c>, <c>a number 2.5</c>,
    /// <c>an object</c>, <c>an array of 3</c>, <c>true</c>, <c>null</c>.
    /// </summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray a => $"an array of {a.Count}",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => $"a string {Truncate(node.ToJsonString())}",
            JsonValueKind.Number => $"a number {Truncate(node.ToJsonString())}",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => Truncate(node.ToJsonString()),
        },
    };

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private double? Double(JsonObject obj, string objPath, string key, string description, bool required)
    {
        if (!TryGetPresent(obj, objPath, key, "a number", description, required, out var node, out var path)) return null;
        if (ReadDouble(node) is double d) return d;
        Error(path, $"a finite number ({description})", Describe(node));
        return null;
    }

    private int? Int(JsonObject obj, string objPath, string key, string description, bool required)
    {
        if (!TryGetPresent(obj, objPath, key, "an integer", description, required, out var node, out var path)) return null;
        if (ReadInt(node) is int i) return i;
        Error(path, $"an integer ({description})", Describe(node));
        return null;
    }

    private string? Str(JsonObject obj, string objPath, string key, string description, bool required)
    {
        if (!TryGetPresent(obj, objPath, key, "a string", description, required, out var node, out var path)) return null;
        if (ReadString(node) is string s) return s;
        Error(path, $"a string ({description})", Describe(node));
        return null;
    }

    private bool? Bool(JsonObject obj, string objPath, string key, string description, bool required)
    {
        if (!TryGetPresent(obj, objPath, key, "true or false", description, required, out var node, out var path)) return null;
        var kind = node?.GetValueKind();
        if (kind == JsonValueKind.True) return true;
        if (kind == JsonValueKind.False) return false;
        Error(path, $"true or false ({description})", Describe(node));
        return null;
    }

    private T? Get<T>(JsonObject obj, string objPath, string key, string kindText, string description, bool required)
        where T : JsonNode
    {
        if (!TryGetPresent(obj, objPath, key, kindText, description, required, out var node, out var path)) return null;
        if (node is T t) return t;
        Error(path, $"{kindText} ({description})", Describe(node));
        return null;
    }

    private IReadOnlyList<T>? Array<T>(JsonObject obj, string objPath, string key, string description, bool required,
        string elementText, Func<JsonNode?, object?> read) where T : notnull
    {
        var array = Get<JsonArray>(obj, objPath, key, $"an array of {Plural(elementText)}", description, required);
        if (array is null) return null;
        string path = JsonSourceMap.Child(objPath, key);
        var result = new List<T>(array.Count);
        bool ok = true;
        for (int i = 0; i < array.Count; i++)
        {
            if (read(array[i]) is T v) result.Add(v);
            else
            {
                ok = false;
                Error(JsonSourceMap.Element(path, i), $"{elementText} ({description})", Describe(array[i]));
            }
        }
        return ok ? result : null;
    }

    private static string Plural(string elementText) => elementText switch
    {
        "a finite number" => "finite numbers",
        "an integer" => "integers",
        "a string" => "strings",
        _ => elementText,
    };

    private bool TryGetPresent(JsonObject obj, string objPath, string key, string kindText, string description,
        bool required, out JsonNode? node, out string path)
    {
        path = JsonSourceMap.Child(objPath, key);
        if (obj.TryGetPropertyValue(key, out node)) return true;
        if (required) Error(path, $"key '{key}' ({description}, {kindText}) in the object at {objPath}", "no such key");
        return false;
    }

    private static object? ReadDouble(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && double.IsFinite(d)
            ? d : null;

    private static object? ReadInt(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i) ? i : null;

    private static object? ReadString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
