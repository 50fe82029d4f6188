using Dse.Exploration.Runs;

namespace Dse.Reports.Html;

/// <summary>
/// <c>report.html</c> (<c>dse report --single-file</c>): every page of the site in one document with plotly.js inlined once,
/// to send by e-mail. The links to the CSV and JSON tables point at files beside it and work only inside the run folder.
/// </summary>
public sealed class SingleFileReport : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "report.html";

    /// <inheritdoc/>
    public void Write(RunReport run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(
        HtmlPage.RenderSingle($"Dse sweep {run.Spec.Name}", [IndexPage.Build(run), ParetoPage.Build(run), BreakdownPage.Build(run), SensitivityPage.Build(run)])));
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
    public void Write(RunReport run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(HtmlPage.PlotlyJs));
}
