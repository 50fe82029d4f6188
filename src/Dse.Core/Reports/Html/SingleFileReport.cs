using Dse.Runs;

namespace Dse.Reports.Html;

/// <summary>
/// <c>report.html</c> (<c>dse report --single-file</c>): every page of the site in one document with plotly.js inlined once,
/// to send by e-mail. The links to the CSV and JSON tables point at files beside it and work only inside the run folder.
/// </summary>
public sealed class SingleFileReport : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "report.html";

    /// <summary>The pages joined, in navigation order.</summary>
    private static IEnumerable<ISitePage> SitePages => ReportSet.Writers.OfType<ISitePage>();

    /// <inheritdoc/>
    public void Declare(CollectorSet collectors)
    {
        foreach (var page in SitePages) page.Declare(collectors);
    }

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(
        HtmlPage.RenderSingle($"Dse sweep {run.Spec.Name}", SitePages.Select(p => p.Build(run)).ToArray())));
}

/// <summary>
/// <c>plotly.min.js</c>: the one copy of plotly.js in a run folder, loaded by relative path by every page that draws a plot, so
/// the pages work offline (from <c>file://</c>) without inlining 3.6 MB into each.
/// </summary>
internal sealed class PlotlyScript : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => HtmlPage.PlotlyFile;

    /// <inheritdoc/>
    /// <remarks>Reads no collector.</remarks>
    public void Declare(CollectorSet collectors)
    {
    }

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(HtmlPage.PlotlyJs));
}
