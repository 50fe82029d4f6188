using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace Dse.Reports.Html;

/// <summary>
/// One self-contained report page: plotly.js inlined once (taken from the Plotly.NET package, so pages work
/// offline), a navigation bar, HTML sections and Plotly.NET charts. Chart element ids are numbered, so the same
/// results always give byte-identical pages.
/// </summary>
internal sealed partial class HtmlPage
{
    private static readonly Lazy<string> PlotlyJs = new(LoadPlotlyJs);
    private readonly StringBuilder _body = new();
    private readonly string _title;
    private int _charts;

    /// <summary>The pages of a report folder, in navigation order: (file, title).</summary>
    public static readonly (string File, string Title)[] Pages =
    [
        ("index.html", "Summary"), ("pareto.html", "Pareto"), ("breakdown.html", "Breakdown"), ("sensitivity.html", "Sensitivity"),
    ];

    public HtmlPage(string title) => _title = title;

    /// <summary>A page of <paramref name="file"/> that says the run holds no points yet (nothing to plot).</summary>
    public static string Empty(string title, string file) => new HtmlPage(title)
        .Section("No points", "This run holds no design points yet (an empty shard, or a run interrupted before its first group finished).")
        .Render(file);

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
        string id = $"chart-{_charts}";
        html = GuidPattern().Replace(html, m => m.Value.Contains('-') ? id : id.Replace("-", "_"));
        _body.AppendLine($"<div class=\"chart\">{html}</div>");
        return this;
    }

    /// <summary>The complete document.</summary>
    public string Render(string currentFile)
    {
        var nav = string.Join(" ", Pages.Select(p => p.File == currentFile
            ? $"<b>{p.Title}</b>"
            : $"<a href=\"{p.File}\">{p.Title}</a>"));
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{Encode(_title)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1.5em 2em; color: #1f2a37; }
            nav { margin-bottom: 1em; font-size: 1.05em; } nav a, nav b { margin-right: 1.2em; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }
            th, td { border: 1px solid #d0d7de; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
            th { background: #f0f3f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            pre { background: #f6f8fa; padding: 0.8em; overflow: auto; max-height: 28em; font-size: 0.85em; }
            .note { color: #57606a; max-width: 70em; } .chart { margin-bottom: 1.5em; }
            </style>
            <script type="text/javascript">{{PlotlyJs.Value}}</script>
            </head>
            <body>
            <nav>{{nav}}</nav>
            <h1>{{Encode(_title)}}</h1>
            {{_body}}
            </body>
            </html>
            """;
    }

    /// <summary>HTML-encodes user text.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string LoadPlotlyJs()
    {
        var assembly = typeof(Plotly.NET.Chart).Assembly;
        string name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        // A literal "</script>" inside the library would end the inline script early.
        return reader.ReadToEnd().Replace("</script>", "<\\/script>");
    }

    [GeneratedRegex("[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")]
    private static partial Regex GuidPattern();
}
