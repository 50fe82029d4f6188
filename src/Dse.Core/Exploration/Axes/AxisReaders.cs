using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Exploration.Axes;

/// <summary>The shared pieces axes are declared with: sweep-list readers with range checks, CSV and JSON column builders.</summary>
internal static class AxisReaders
{
    public static IReadOnlyList<T>? NonEmpty<T>(StrictObjectReader r, string key, IReadOnlyList<T>? list)
    {
        if (list is { Count: 0 }) r.Error($"$.{key}", "a non-empty list", "[]");
        return list;
    }

    /// <summary>A list of integers, each in <paramref name="range"/>.</summary>
    public static Func<StrictObjectReader, JsonObject, string, IReadOnlyList<int>?> Ints(IntRange range, string description) => (r, root, key) =>
    {
        if (NonEmpty(r, key, r.OptionalIntArray(root, "$", key, description)) is not { } values) return null;
        for (int i = 0; i < values.Count; i++)
            if (!range.Contains(values[i])) r.Error($"$.{key}[{i}]", range.Expected, values[i].ToString(CultureInfo.InvariantCulture));
        return values;
    };

    /// <summary>A list of numbers, each passing <paramref name="valid"/> (described by <paramref name="expected"/>).</summary>
    public static Func<StrictObjectReader, JsonObject, string, IReadOnlyList<double>?> Doubles(Func<double, bool> valid, string expected, string description) => (r, root, key) =>
    {
        if (NonEmpty(r, key, r.OptionalDoubleArray(root, "$", key, description)) is not { } values) return null;
        for (int i = 0; i < values.Count; i++)
            if (!valid(values[i])) r.Error($"$.{key}[{i}]", expected, values[i].ToString(CultureInfo.InvariantCulture));
        return values;
    };

    /// <summary>A list of names from <paramref name="names"/>; unknown names are errors with the nearest spelling.</summary>
    public static Func<StrictObjectReader, JsonObject, string, IReadOnlyList<T>?> Choices<T>(IReadOnlyList<(T Value, string Name)> names) => (r, root, key) =>
    {
        var allowed = names.Select(n => n.Name).ToArray();
        if (NonEmpty(r, key, r.OptionalStringArray(root, "$", key, string.Join(" or ", allowed))) is not { } values) return null;
        var result = new List<T>();
        for (int i = 0; i < values.Count; i++)
        {
            int at = Array.IndexOf(allowed, values[i]);
            if (at < 0) r.Error($"$.{key}[{i}]", "one of: " + NameSuggester.ListWithSuggestion(values[i], allowed), $"\"{values[i]}\"");
            else result.Add(names[at].Value);
        }
        return result;
    };

    public static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    public static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static AxisColumn<int> IntColumn(string name)
    {
        var encoded = JsonEncodedText.Encode(name);
        return new(name, I, (w, v) => w.WriteNumber(encoded, v), o => Field<int>(o, name));
    }

    public static AxisColumn<double> DoubleColumn(string name)
    {
        var encoded = JsonEncodedText.Encode(name);
        return new(name, R, (w, v) => w.WriteNumber(encoded, v), o => Field<double>(o, name));
    }

    public static AxisColumn<string> StringColumn(string name)
    {
        var encoded = JsonEncodedText.Encode(name);
        return new(name, v => v, (w, v) => w.WriteString(encoded, v), o => Field<string>(o, name));
    }

    /// <summary>The field <paramref name="name"/> of a result line as <typeparamref name="T"/>.</summary>
    /// <exception cref="JsonException">Missing or of another type; the exception's path names the field.</exception>
    public static T Field<T>(JsonObject o, string name)
    {
        var node = o[name] ?? throw new JsonException($"Missing required field '{name}'.", "$." + name, null, null);
        if (node is JsonValue v && v.TryGetValue(out T? value) && value is not null) return value;
        throw new JsonException($"Field '{name}' is not a {typeof(T).Name}: {node.ToJsonString()}.", "$." + name, null, null);
    }

    /// <summary>The optional field <paramref name="name"/>, or null when absent.</summary>
    /// <exception cref="JsonException">Present but of another type.</exception>
    public static T? OptionalField<T>(JsonObject o, string name) where T : struct => o[name] is null ? null : Field<T>(o, name);

    public static AxisColumn<T> NameColumn<T>(string name, IReadOnlyList<(T Value, string Name)> names) where T : struct
        => new(name, v => ValueNames.NameOf(names, v), (w, v) => w.WriteString(name, ValueNames.NameOf(names, v)), o =>
    {
        string text = Field<string>(o, name);
        return ValueNames.ValueOf(names, text)
            ?? throw new JsonException($"'{name}': expected one of {string.Join(", ", names.Select(x => x.Name))}, found \"{text}\".");
    });

}
