namespace Dse.Diagnostics;

/// <summary>
/// Look-ups in a list of values and their names in files and on the command line (e.g. <c>(SignedMapping.Offset, "offset")</c>):
/// each list is defined once, with the type it names, and every reader, writer and message goes through it.
/// </summary>
public static class ValueNames
{
    /// <summary>The name of <paramref name="value"/> in <paramref name="names"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the list has no name for the value.</exception>
    public static string NameOf<T>(IReadOnlyList<(T Value, string Name)> names, T value)
    {
        for (int i = 0; i < names.Count; i++) if (EqualityComparer<T>.Default.Equals(names[i].Value, value)) return names[i].Name;
        throw new ArgumentOutOfRangeException(nameof(value), value, "No file name for this value.");
    }

    /// <summary>The value named <paramref name="name"/> in <paramref name="names"/> (ordinal comparison), or null.</summary>
    public static T? ValueOf<T>(IReadOnlyList<(T Value, string Name)> names, string? name) where T : struct
    {
        foreach (var (v, n) in names) if (n == name) return v;
        return null;
    }

    /// <summary>The names as a message lists them, e.g. <c>differential or offset</c>.</summary>
    public static string Alternatives<T>(IReadOnlyList<(T Value, string Name)> names) => string.Join(" or ", names.Select(n => n.Name));
}
