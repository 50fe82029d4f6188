namespace Dse.Diagnostics;

/// <summary>Finds the valid name a user most likely meant (for "did you mean" hints).</summary>
public static class NameSuggester
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> by case-insensitive Levenshtein distance,
    /// or null when none is within <c>max(2, name.Length / 3)</c> edits. Ties go to the first candidate.
    /// </summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Distance(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) { best = c; bestDistance = d; }
        }
        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    /// <summary>
    /// One clause listing the valid names and, when one is close, the nearest:
    /// <c>one of 'a', 'b' (did you mean 'a'?)</c>.
    /// </summary>
    public static string ListWithSuggestion(string name, IReadOnlyCollection<string> candidates)
    {
        var list = "one of " + string.Join(", ", candidates.Select(c => $"'{c}'"));
        var nearest = Nearest(name, candidates);
        return nearest is null ? list : $"{list} (did you mean '{nearest}'?)";
    }

    /// <summary>Levenshtein edit distance (insert, delete, substitute; each costs 1).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
