namespace Dse.Reports.Html;

/// <summary>
/// A page of the HTML site. Every such writer of <see cref="ReportSet.Writers"/> is in the navigation bar of every page, in that
/// order (<see cref="HtmlPage.Pages"/>), and joined with the others in <c>report.html</c> (<see cref="SingleFileReport"/>).
/// </summary>
internal interface ISitePage : IReportWriter
{
    /// <summary>The page's name in the navigation bar, e.g. <c>Pareto</c>.</summary>
    string NavTitle { get; }

    /// <summary>The page of <paramref name="run"/> (read for this writer), to render alone or joined with the others.</summary>
    HtmlPage Build(RunRecord run);
}
