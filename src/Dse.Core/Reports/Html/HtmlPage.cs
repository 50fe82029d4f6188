using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace Dse.Reports.Html;

/// <summary>
/// One report page: a navigation bar, HTML sections and Plotly.NET charts. A page that draws a chart loads plotly.js from
/// <see cref="PlotlyFile"/> beside it in the run folder (one copy per folder, so pages work offline); a page without charts
/// loads nothing; <see cref="RenderSingle"/> inlines plotly.js once into one page holding every section. Chart element ids
/// are the page's name and a number, so the same results always give byte-identical pages and ids stay unique when pages
/// are joined.
/// </summary>
internal sealed partial class HtmlPage
{
    /// <summary>File name of the one copy of plotly.js in a run folder (taken from the Plotly.NET package).</summary>
    public const string PlotlyFile = "plotly.min.js";

    private static readonly Lazy<string> PlotlyJsText = new(LoadPlotlyJs);
    private readonly StringBuilder _body = new();
    private readonly string _title;
    private readonly string _idPrefix;
    private int _charts;

    /// <summary>The pages of a report folder, in navigation order (<see cref="ISitePage"/>): (file, title).</summary>
    public static IEnumerable<(string File, string Title)> Pages => ReportSet.Writers.OfType<ISitePage>().Select(p => (p.FileName, p.NavTitle));

    /// <summary>A page titled <paramref name="title"/> whose chart ids start with <paramref name="idPrefix"/> (e.g. <c>pareto</c>).</summary>
    public HtmlPage(string title, string idPrefix)
    {
        _title = title;
        _idPrefix = idPrefix;
    }

    /// <summary>The page title.</summary>
    public string Title => _title;

    /// <summary>Charts on the page.</summary>
    public int Charts => _charts;

    /// <summary>plotly.js as shipped in the Plotly.NET package (minified, about 3.6 MB).</summary>
    public static string PlotlyJs => PlotlyJsText.Value;

    /// <summary>A page that says the run holds no points yet (nothing to plot).</summary>
    public static HtmlPage Empty(string title, string idPrefix) => new HtmlPage(title, idPrefix)
        .Section("No points", "This run holds no design points yet (an empty shard, or a run interrupted before its first group finished).");

    /// <summary>A sentence in place of a chart whose data has one value along its x axis (a lone dot is no curve).</summary>
    /// <param name="axisTitle">The x axis, with its unit.</param>
    /// <param name="hint">What to sweep to see the curve, or null.</param>
    public HtmlPage NothingToPlot(string axisTitle, string? hint = null)
        => Html($"<p class=\"nothing\">{Encode(axisTitle)}: one value, nothing to plot.{(hint is null ? "" : " " + Encode(hint))}</p>");

    /// <summary>Appends raw HTML (the caller encodes user text with <see cref="Encode"/>).</summary>
    public HtmlPage Html(string html)
    {
        _body.AppendLine(html);
        return this;
    }

    /// <summary>Appends a heading and a paragraph of explanation.</summary>
    public HtmlPage Section(string heading, string? explanation = null)
    {
        _body.AppendLine($"<h2>{Encode(heading)}</h2>");
        if (explanation is not null) _body.AppendLine($"<p class=\"note\">{explanation}</p>");
        return this;
    }

    /// <summary>Appends a chart (its div and drawing script; plotly.js itself is in the page head).</summary>
    public HtmlPage Chart(GenericChart chart)
    {
        var options = DisplayOptions.init(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.NoReference));
        string html = GenericChart.toChartHTML(Plotly.NET.Chart.withDisplayOptions(options).Invoke(chart));
        _charts++;
        string id = $"{_idPrefix}-chart-{_charts}";
        html = GuidPattern().Replace(html, m => m.Value.Contains('-') ? id : id.Replace("-", "_"));
        _body.AppendLine($"<div class=\"chart\">{html}</div>");
        return this;
    }

    /// <summary>The complete document of <paramref name="currentFile"/>; loads <see cref="PlotlyFile"/> only when the page draws a chart.</summary>
    /// <param name="currentFile">The page's file name, one of <see cref="Pages"/>.</param>
    /// <param name="alone">The folder holds this page only (a cost-only screen): the navigation links no other page.</param>
    public string Render(string currentFile, bool alone = false)
    {
        var nav = string.Join(" ", Pages.Where(p => !alone || p.File == currentFile).Select(p => p.File == currentFile
            ? $"<b>{p.Title}</b>"
            : $"<a href=\"{p.File}\">{p.Title}</a>"));
        return Document(_title, nav, _charts > 0 ? $"<script src=\"{PlotlyFile}\"></script>" : "", $"<h1>{Encode(_title)}</h1>\n{_body}");
    }

    /// <summary>
    /// The document of a page written into a run folder beside the report pages but outside their navigation (the per-slice search's
    /// page after a sweep with a <c>search</c> block): a link back to the summary page, plotly.js loaded from the folder's
    /// <see cref="PlotlyFile"/> when the page draws a chart.
    /// </summary>
    public string RenderInRunFolder()
    {
        var (file, title) = Pages.First();
        return Document(_title, $"<a href=\"{file}\">{title}</a> <b>{Encode(_title)}</b>", _charts > 0 ? $"<script src=\"{PlotlyFile}\"></script>" : "",
            $"<h1>{Encode(_title)}</h1>\n{_body}");
    }

    /// <summary>One document holding every page of <paramref name="pages"/> (in order, each under its title) with plotly.js inlined once: a report to e-mail.</summary>
    public static string RenderSingle(string title, IReadOnlyList<HtmlPage> pages)
    {
        var nav = string.Join(" ", pages.Select((p, i) => $"<a href=\"#page-{i + 1}\">{Encode(p._title)}</a>"));
        var body = string.Concat(pages.Select((p, i) => $"<h1 id=\"page-{i + 1}\">{Encode(p._title)}</h1>\n{p._body}"));
        // A literal "</script>" inside the library would end the inline script early.
        var script = pages.Any(p => p._charts > 0) ? $"<script type=\"text/javascript\">{PlotlyJs.Replace("</script>", "<\\/script>")}</script>" : "";
        return Document(title, nav, script, body);
    }

    private static string Document(string title, string nav, string script, string body) => $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{Encode(title)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1.5em 2em; color: #1f2a37; }
            nav { margin-bottom: 1em; font-size: 1.05em; } nav a, nav b { margin-right: 1.2em; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }
            th, td { border: 1px solid #d0d7de; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
            th { background: #f0f3f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            pre { background: #f6f8fa; padding: 0.8em; overflow: auto; max-height: 28em; font-size: 0.85em; }
            .note { color: #57606a; max-width: 70em; } .chart { margin-bottom: 1.5em; }
            .nothing { color: #57606a; font-style: italic; border: 1px dashed #d0d7de; padding: 0.6em 1em; max-width: 40em; }
            td.bind { color: #b42318; font-weight: 600; } tr.best td { background: #eef6ee; }
            </style>
            {{script}}
            </head>
            <body>
            <nav>{{nav}}</nav>
            {{body}}
            </body>
            </html>
            """;

    /// <summary>An HTML table: <paramref name="headings"/> are encoded, cells are raw HTML (encode user text first); without a header row the first cell of each row is a row heading.</summary>
    /// <param name="headings">Column headings.</param>
    /// <param name="rows">Rows of cells, each as long as <paramref name="headings"/>.</param>
    /// <param name="header">Whether to write the heading row.</param>
    /// <param name="rowClass">CSS class of each row (e.g. <c>best</c>), or null.</param>
    public static string Table(IReadOnlyList<string> headings, IEnumerable<string[]> rows, bool header = true, Func<int, string?>? rowClass = null)
    {
        var sb = new StringBuilder("<table>");
        if (header) sb.Append("<tr>").Append(string.Concat(headings.Select(h => $"<th>{Encode(h)}</th>"))).Append("</tr>");
        int r = 0;
        foreach (var row in rows)
        {
            string? cls = rowClass?.Invoke(r++);
            sb.Append(cls is null ? "<tr>" : $"<tr class=\"{cls}\">")
              .Append(string.Concat(row.Select((c, i) => !header && i == 0 ? $"<th>{c}</th>" : IsNumber(c) ? $"<td class=\"num\">{c}</td>" : $"<td>{c}</td>"))).Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    /// <summary>True for a short cell that is a number with an optional unit (kept on one line, right-aligned).</summary>
    private static bool IsNumber(string cell) => cell.Length is > 0 and <= 24 && (char.IsAsciiDigit(cell[0]) || cell.StartsWith("<b>", StringComparison.Ordinal) && cell.Length > 3 && char.IsAsciiDigit(cell[3]));

    /// <summary>HTML-encodes user text.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string LoadPlotlyJs()
    {
        var assembly = typeof(Plotly.NET.Chart).Assembly;
        string name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")]
    private static partial Regex GuidPattern();
}
