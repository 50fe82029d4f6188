using System.Globalization;
using System.Text;
using System.Text.Json;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Exploration.Runs;

namespace Dse.Reports.Html;

/// <summary>
/// <c>index.html</c>: the run summary (sweep spec, device files and their hashes, seed, skipped points and why,
/// wall time, the constrained-selection result if one was asked), the Pareto designs as a table, links to the other pages.
/// </summary>
internal sealed class IndexPage : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "index.html";

    /// <inheritdoc/>
    public void Write(RunResult run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(Render(run)));

    private static string Render(RunResult run)
    {
        var (spec, points, front, objectives, summary) = (run.Spec, run.Points, run.Front, run.Spec.Objectives, run.Summary);
        var inv = CultureInfo.InvariantCulture;
        var page = new HtmlPage($"Dse sweep {spec.Name}");
        var best = points.MaxBy(p => p.ObjectiveAccuracy);
        var facts = new List<(string, string)>
        {
            ("sweep file", spec.SourceFile),
            ("design points", $"{points.Count} evaluated, {summary?.SkippedPoints.ToString(inv) ?? "?"} skipped, {front.Count} on the Pareto front ({string.Join(", ", objectives.Select(o => o.Name))})"),
            ("workload", summary?.Workload ?? ""),
            ("Monte Carlo", $"{spec.Mc.Trials} chips per point, seed {spec.Mc.Seed}"),
            ("accuracy range", points.Count == 0 ? "" : string.Create(inv, $"{points.Min(p => p.ObjectiveAccuracy):F3} to {best!.ObjectiveAccuracy:F3}")),
            ("wall time", summary is null ? "" : string.Join(", ", summary.TimingsS.Select(kv => string.Create(inv, $"{kv.Key} {kv.Value:F1} s")))),
            ("versions", summary is null ? "" : string.Join(", ", summary.Versions.Select(kv => $"{kv.Key} {kv.Value}"))),
        };
        page.Section("Run");
        page.Html(Table(["", ""], facts.Select(f => new[] { HtmlPage.Encode(f.Item1), HtmlPage.Encode(f.Item2) }), header: false));
        page.Html("<p>Pages: <a href=\"pareto.html\">Pareto front (3-D and projections)</a> · <a href=\"breakdown.html\">cost breakdown of the Pareto designs</a> · " +
                  "<a href=\"sensitivity.html\">sensitivities</a> · tables: <a href=\"points.csv\">points.csv</a>, <a href=\"pareto.csv\">pareto.csv</a>, <a href=\"summary.json\">summary.json</a></p>");

        if (run.Selection is { } sel)
        {
            page.Section("Constrained selection (dse select)");
            page.Html($"<pre>{HtmlPage.Encode(JsonSerializer.Serialize(sel, RunStore.RecordOptions))}</pre>");
        }

        page.Section("Pareto designs", "Best accuracy first. Energy and latency per query search; the CPU columns compare with the same search on the CPU+DRAM baseline.");
        page.Html(Table(["device", "crossbar", "bits/cell", "ADC", "tokens", "sigmaScale", "accuracy (95% CI)", "P5", "energy", "latency", "area (mm²)", "vs CPU speed", "vs CPU energy"],
            front.Select(p =>
            {
                var a = p.Accuracy ?? p.Agreement;
                return new[]
                {
                    HtmlPage.Encode(p.DeviceName), $"{p.Rows}x{p.Cols}", $"{p.CellBits}", HtmlPage.Encode($"{p.AdcBits}-bit {p.AdcModel}, {p.ColsPerAdc} cols"), $"{p.VirtualTokens}",
                    p.SigmaScale.ToString("G4", inv), string.Create(inv, $"{a.Mean:F3} ({a.CiLow:F3}-{a.CiHigh:F3})"), a.P5.ToString("F3", inv),
                    Figures.Si(p.EnergyJ, "J"), Figures.Si(p.LatencyS, "s"), p.AreaMm2.ToString("G4", inv), p.Speedup.ToString("G3", inv) + "x", p.EnergyRatio.ToString("G3", inv) + "x",
                };
            }), header: true));

        if (summary is { SkippedByReason.Count: > 0 })
        {
            page.Section("Skipped points");
            page.Html(Table(["points", "reason"], summary.SkippedByReason.Select(kv => new[] { kv.Value.ToString(inv), HtmlPage.Encode(kv.Key) }), header: true));
        }
        if (summary is not null)
        {
            page.Section("Input files");
            page.Html(Table(["file", "SHA-256"], summary.Inputs.Select(i => new[] { HtmlPage.Encode(i.Path), $"<code>{i.Sha256}</code>" }), header: true));
            page.Section("Modelling assumptions");
            page.Html("<ul>" + string.Concat(summary.Assumptions.Select(a => $"<li>{HtmlPage.Encode(a)}</li>")) + "</ul>");
        }
        page.Section("Sweep specification (after command-line overrides)");
        page.Html($"<pre>{HtmlPage.Encode(spec.Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }))}</pre>");
        return page.Render("index.html");
    }

    private static string Table(IReadOnlyList<string> headings, IEnumerable<string[]> rows, bool header)
    {
        var sb = new StringBuilder("<table>");
        if (header) sb.Append("<tr>").Append(string.Concat(headings.Select(h => $"<th>{HtmlPage.Encode(h)}</th>"))).Append("</tr>");
        foreach (var row in rows)
            sb.Append("<tr>").Append(string.Concat(row.Select((c, i) => !header && i == 0 ? $"<th>{c}</th>" : $"<td>{c}</td>"))).Append("</tr>");
        return sb.Append("</table>").ToString();
    }
}
