using System.Text.RegularExpressions;
using Dse.Reports;
using Dse.Runs;

namespace Dse.Tests.Shared;

/// <summary>
/// The field names of <c>points.csv</c> and <c>summary.json</c> that a page must not show as labels (camelCase names such as
/// <c>energyJ</c> or <c>evaluateS</c>; plain words such as "accuracy" are labels too, and sweep keys such as <c>sigmaScale</c> may be
/// named where a page tells the user what to write in a sweep file).
/// </summary>
internal static class ResultFieldNames
{
    private static readonly string[] Names = CsvWriter.Columns(["adc", "array"])
        .Concat([RunTimings.Prepare, RunTimings.Evaluate, "pointsPerS", "timingsS"])
        .Where(f => !DesignAxes.All.SelectMany(a => a.CsvColumns).Contains(f) && f.Any(char.IsUpper))
        .ToArray();

    /// <summary>The field names that occur as words of <paramref name="visibleText"/>.</summary>
    public static IReadOnlyList<string> In(string visibleText)
    {
        var words = Regex.Matches(visibleText, @"\b\w+\b").Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        return Names.Where(words.Contains).ToArray();
    }

    /// <summary>The visible text of an HTML page: scripts and tags removed, entities decoded.</summary>
    public static string TextOf(string html)
        => System.Net.WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<script.*?</script>", " ", RegexOptions.Singleline), "<[^>]+>", " "));
}
