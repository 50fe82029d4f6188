using Dse.Exploration;
using Dse.Exploration.Runs;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Dse.Reports.Html;

/// <summary><c>breakdown.html</c>: stacked bars of energy, latency and area by component for the Pareto designs.</summary>
internal sealed class BreakdownPage : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "breakdown.html";

    /// <inheritdoc/>
    public void Write(RunResult run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(Render(run)));

    private static string Render(RunResult run)
    {
        var (sweepName, points, paretoFront, objectives) = (run.Spec.Name, run.Points, run.Front, run.Spec.Objectives);
        if (points.Count == 0) return HtmlPage.Empty($"Cost breakdown of the Pareto designs: {sweepName}", "breakdown.html");
        var front = paretoFront.OrderBy(p => p.EnergyJ).ThenBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var components = CsvWriter.Components(points);
        var page = new HtmlPage($"Cost breakdown of the Pareto designs: {sweepName}");
        page.Section("Where the energy, time and area go",
            $"The {front.Length} designs on the Pareto front ({string.Join(", ", objectives.Select(o => o.Name))}), cheapest energy first. " +
            "Each bar is one design per query search; each colour one periphery or array component of the cost model (names as in points.csv). " +
            "Latency segments are each component's share of the critical path.");
        var labels = Unique(front.Select(Figures.Label).ToArray());
        page.Chart(Stacked(front, labels, components, t => t.EnergyJ, "energy per query search (J)", "Energy by component"));
        page.Chart(Stacked(front, labels, components, t => t.LatencyS, "latency per query search (s)", "Latency by component"));
        page.Chart(Stacked(front, labels, components, t => t.AreaMm2, "chip area (mm²)", "Area by component"));
        return page.Render("breakdown.html");
    }

    private static GenericChart Stacked(PointResult[] designs, string[] labels, IReadOnlyList<string> components, Func<ComponentTotals, double> value, string axis, string title)
    {
        var bars = components.Select((c, i) => Chart.StackedBar<double, string, string>(
                values: designs.Select(p => p.Breakdown.TryGetValue(c, out var t) ? value(t) : 0.0).ToArray(),
                Keys: labels, Name: c,
                MultiText: designs.Select(p => $"{c}: {(p.Breakdown.TryGetValue(c, out var t) ? value(t) : 0.0):G4}<br>{Figures.Label(p)}").ToArray(),
                MarkerColor: Color.fromHex(Figures.Palette[i % Figures.Palette.Length])))
            .ToArray();
        // Plotly.NET's stacked bars are horizontal: designs on the y axis, the quantity on the x axis.
        return Chart.Combine(bars).WithTextHover().WithTraceProperty("textposition", "none")
            .WithXAxisStyle<double, double, string>(TitleText: axis)
            .WithLayoutProperty("yaxis", new Dictionary<string, object> { ["autorange"] = "reversed", ["title"] = new Dictionary<string, object> { ["text"] = "Pareto design (device, rows x cols, cell bits, ADC bits, tokens, sigma)" } })
            .WithLayoutProperty("barmode", "stack")
            .WithSize(1300, 160 + 26 * designs.Length)
            .WithTitleText(title);
    }

    /// <summary>Labels made unique by appending #2, #3 to repeats (bars with equal keys would stack together).</summary>
    private static string[] Unique(string[] labels)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return labels.Select(l =>
        {
            int n = seen[l] = seen.GetValueOrDefault(l) + 1;
            return n == 1 ? l : $"{l} #{n}";
        }).ToArray();
    }
}
