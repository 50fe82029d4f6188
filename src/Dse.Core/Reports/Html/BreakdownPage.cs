using System.Globalization;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;
using Dse.Reports.Collectors;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Dse.Reports.Html;

/// <summary><c>breakdown.html</c>: stacked bars of energy, latency and area by component for the Pareto designs.</summary>
internal sealed class BreakdownPage : ISitePage
{
    /// <inheritdoc/>
    public string FileName => "breakdown.html";

    /// <inheritdoc/>
    public string NavTitle => "Breakdown";

    /// <inheritdoc/>
    public void Declare(CollectorSet collectors)
    {
        collectors.Use<ComponentsInStoreOrder>();
        collectors.Use<SweptValues>();
        collectors.Use<AccuracyBudgets>();
    }

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(Build(run).Render(FileName)));

    /// <inheritdoc/>
    public HtmlPage Build(RunRecord run)
    {
        var (sweepName, paretoFront, objectives) = (run.Spec.Name, run.Front, run.Spec.Objectives);
        if (run.Count == 0) return HtmlPage.Empty($"Cost breakdown of the Pareto designs: {sweepName}", "breakdown");
        var front = paretoFront.OrderBy(p => p.EnergyJ).ThenBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var components = run.Get<ComponentsInStoreOrder>().Names;
        var page = new HtmlPage($"Cost breakdown of the Pareto designs: {sweepName}", "breakdown");
        page.Section("Where the energy, time and area go",
            $"The {front.Length} designs on the Pareto front ({string.Join(", ", objectives.Select(o => o.Name))}), cheapest energy first. " +
            "Hover names each component's estimator; its formula and source are in summary.json (estimators). Each bar is one design per query search, labelled device, rows x cols, c(bits per cell), a(ADC bits), n(virtual tokens), s(sigmaScale); " +
            "each colour one periphery or array component of the cost model (names as in points.csv). " +
            "Latency segments are each component's share of the critical path.");
        var labels = Unique(front.Select(Figures.Label).ToArray());
        var componentModels = run.Summary?.ComponentModels ?? new Dictionary<string, IReadOnlyList<string>>();
        Bars(page, front, labels, components, "Pareto design", componentModels);

        // The cheapest design of each device at the highest accuracy budget every device reaches (each device's most accurate design when none is common).
        var (devices, budgets) = (run.Get<SweptValues>().Devices, run.Get<AccuracyBudgets>());
        double? target = AccuracyBudgets.Targets.Reverse().Cast<double?>()
            .FirstOrDefault(t => devices.All(d => budgets.MostAccurate(d).ObjectiveAccuracy >= t));
        var cheapest = devices.Select(d => target is double t ? budgets.Cheapest(d, t)! : budgets.MostAccurate(d)).ToArray();
        page.Section("The cheapest design of each device",
            (target is double tt
                ? $"For each device, its lowest-energy design whose accuracy (mean over chips) is at least {tt.ToString(CultureInfo.InvariantCulture)}, the highest of the budgets {string.Join(", ", AccuracyBudgets.Targets)} that every device reaches. "
                : $"No budget of {string.Join(", ", AccuracyBudgets.Targets)} is reached by every device, so each bar is that device's most accurate design. ") +
            "Comparing these bars shows where one device saves over another at the same accuracy.");
        Bars(page, cheapest, Unique(cheapest.Select(Figures.Label).ToArray()), components, "design", componentModels);
        return page;
    }

    private static void Bars(HtmlPage page, PointResult[] designs, string[] labels, IReadOnlyList<string> components, string what, IReadOnlyDictionary<string, IReadOnlyList<string>> componentModels)
    {
        page.Chart(Stacked(designs, labels, components, t => t.EnergyJ, "energy per query search (J)", $"Energy by component, per {what}", componentModels));
        page.Chart(Stacked(designs, labels, components, t => t.LatencyS, "latency per query search (s)", $"Latency by component, per {what}", componentModels));
        page.Chart(Stacked(designs, labels, components, t => t.AreaMm2, "chip area (mm²)", $"Area by component, per {what}", componentModels));
    }

    /// <summary>
    /// The estimator of component <paramref name="component"/> for <paramref name="point"/>: the one the run used, or, where an
    /// axis picks among several (the ADC model), the one named by the point's ADC model; null when the summary does not say.
    /// </summary>
    private static string? ModelOf(IReadOnlyDictionary<string, IReadOnlyList<string>> componentModels, string component, PointResult point)
        => componentModels.TryGetValue(component, out var models)
            ? models.Count == 1 ? models[0] : models.FirstOrDefault(m => m == point.AdcModel) ?? string.Join(" or ", models)
            : null;

    private static GenericChart Stacked(PointResult[] designs, string[] labels, IReadOnlyList<string> components, Func<ComponentTotals, double> value, string axis, string title,
        IReadOnlyDictionary<string, IReadOnlyList<string>> componentModels)
    {
        var bars = components.Select((c, i) => Chart.StackedBar<double, string, string>(
                values: designs.Select(p => p.Breakdown.TryGetValue(c, out var t) ? value(t) : 0.0).ToArray(),
                Keys: labels, Name: c,
                MultiText: designs.Select(p => $"{c}: {(p.Breakdown.TryGetValue(c, out var t) ? value(t) : 0.0):G4}" +
                    (ModelOf(componentModels, c, p) is { } model ? $" ({model})" : "") + $"<br>{Figures.Label(p)}").ToArray(),
                MarkerColor: Color.fromHex(Figures.Palette[i % Figures.Palette.Length])))
            .ToArray();
        // Plotly.NET's stacked bars are horizontal: designs on the y axis, the quantity on the x axis.
        return Chart.Combine(bars).WithTextHover().WithTraceProperty("textposition", "none")
            .WithXAxisStyle<double, double, string>(TitleText: axis)
            // automargin: the design labels and the axis title get the room they need instead of being clipped.
            .WithLayoutProperty("yaxis", new Dictionary<string, object> { ["autorange"] = "reversed", ["automargin"] = true, ["title"] = new Dictionary<string, object> { ["text"] = "design", ["standoff"] = 8 } })
            .WithLayoutProperty("barmode", "stack")
            // A horizontal legend above the bars: every component visible whatever the number of designs (a vertical one scrolls and hides some).
            .WithLayoutProperty("legend", new Dictionary<string, object> { ["orientation"] = "h", ["x"] = 0, ["xanchor"] = "left", ["y"] = 1.0, ["yanchor"] = "bottom", ["traceorder"] = "normal" })
            .WithLayoutProperty("margin", new Dictionary<string, object> { ["t"] = 110, ["b"] = 60 })
            .WithSize(1300, 230 + 28 * designs.Length)
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
