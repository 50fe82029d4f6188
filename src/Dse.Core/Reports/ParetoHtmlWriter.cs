using System.Globalization;
using System.Net;
using Dse.Exploration;
using Dse.Pareto;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.TraceObjects;
using Chart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace Dse.Reports;

/// <summary>
/// Writes <c>pareto.html</c>: one self-contained page (plotly.js inlined, works offline) with two
/// scatter plots, accuracy vs energy per query and accuracy vs area, both with log x axes, one trace
/// per device and each plot's two-objective Pareto front drawn as a step line over enlarged markers.
/// Hovering a point shows its design, accuracy with 95% CI, energy, area, latency and key.
/// </summary>
/// <remarks>Built with Plotly.NET; <c>PlotlyJSReference.Full</c> inlines plotly.js (about 3.6 MB) instead of linking the CDN.</remarks>
public static class ParetoHtmlWriter
{
    /// <summary>Name of the front traces in the legend.</summary>
    public const string FrontTraceName = "Pareto front";

    /// <summary>Plotly's default qualitative palette (D3 category10); device i gets colour i mod 10 in both plots.</summary>
    private static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Writes the page atomically (<see cref="AtomicFile"/>).</summary>
    /// <param name="path">Target file, usually <c>reports/&lt;sweep&gt;/pareto.html</c>.</param>
    /// <param name="sweepName">Sweep name shown in the title.</param>
    /// <param name="points">All evaluated points.</param>
    public static void Write(string path, string sweepName, IReadOnlyList<PointResult> points)
    {
        var html = Render(sweepName, points);
        AtomicFile.WriteText(path, w => w.Write(html));
    }

    /// <summary>Builds the HTML page as a string (see <see cref="Write"/>).</summary>
    /// <param name="sweepName">Sweep name shown in the title.</param>
    /// <param name="points">All evaluated points.</param>
    /// <returns>A complete HTML document with plotly.js inlined.</returns>
    public static string Render(string sweepName, IReadOnlyList<PointResult> points)
    {
        var accuracyLabel = points.All(p => p.Accuracy is not null) ? "retrieval accuracy"
            : points.All(p => p.Accuracy is null) ? "agreement with exact SSA"
            : "accuracy (agreement where unlabelled)";
        var devices = points.Select(p => p.Device).Distinct().Order(StringComparer.Ordinal).ToArray();
        var energy = Panel(points, devices, Objective.Energy, showLegend: true);
        var area = Panel(points, devices, Objective.Area, showLegend: false);

        var grid = Chart.Grid([energy, area], 1, 2,
                SubPlotTitles: new[] { "accuracy vs energy per query search", "accuracy vs chip area" },
                XGap: 0.12)
            .WithXAxisStyle<double, double, string>(TitleText: "energy per query search (J, log scale)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewXAxis(1))
            .WithXAxisStyle<double, double, string>(TitleText: "chip area (mm², log scale)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewXAxis(2))
            .WithYAxisStyle<double, double, string>(TitleText: $"{accuracyLabel} (fraction, mean over trials)", Id: StyleParam.SubPlotId.NewYAxis(1))
            .WithYAxisStyle<double, double, string>(TitleText: accuracyLabel, Id: StyleParam.SubPlotId.NewYAxis(2))
            .WithLegendStyle(Title: Title.init(FSharpOption<string>.Some("device"), null, null, null, null, null, null, null, null, null, null, null))
            .WithSize(1300, 650);
        grid = Plotly.NET.Chart.withTitle(
            $"Pareto fronts of sweep {sweepName}: {points.Count} design points, {devices.Length} devices", null).Invoke(grid);
        var options = DisplayOptions.init(
            DocumentTitle: FSharpOption<string>.Some($"Dse Pareto fronts: {sweepName}"),
            DocumentCharset: null, DocumentDescription: null, DocumentFavicon: null, AdditionalHeadTags: null, ChartDescription: null,
            PlotlyJSReference: FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full));
        grid = Plotly.NET.Chart.withDisplayOptions(options).Invoke(grid);
        return GenericChart.toEmbeddedHTML(grid);
    }

    /// <summary>One plot: accuracy against <paramref name="x"/>, a trace per device plus the two-objective front.</summary>
    private static GenericChart Panel(IReadOnlyList<PointResult> points, string[] devices, Objective x, bool showLegend)
    {
        var traces = new List<GenericChart>();
        for (int d = 0; d < devices.Length; d++)
        {
            var mine = points.Where(p => p.Device == devices[d]).ToArray();
            var trace = Chart.Scatter<double, double, string>(
                    x: mine.Select(x.Value).ToArray(), y: mine.Select(p => p.ObjectiveAccuracy).ToArray(),
                    mode: StyleParam.Mode.Markers, Name: devices[d], ShowLegend: showLegend,
                    MultiText: mine.Select(Hover).ToArray(), MarkerColor: Color.fromHex(Palette[d % Palette.Length]), Opacity: 0.75)
                .WithTraceInfo(LegendGroup: devices[d]);
            traces.Add(WithHoverTemplate(trace));
        }

        // Two-objective front of this plot, left to right: a step line of the best accuracy reachable for each budget.
        var front = ParetoFront.Compute(points, [Objective.Accuracy, x]).OrderBy(x.Value).ThenBy(p => p.ObjectiveAccuracy).ToArray();
        var frontTrace = Chart.Scatter<double, double, string>(
                x: front.Select(x.Value).ToArray(), y: front.Select(p => p.ObjectiveAccuracy).ToArray(),
                mode: StyleParam.Mode.Lines_Markers, Name: FrontTraceName, ShowLegend: showLegend,
                MultiText: front.Select(p => "<b>Pareto front</b><br>" + Hover(p)).ToArray(),
                Marker: FrontMarker(), LineColor: Color.fromHex("#222222"), LineWidth: 1.5)
            .WithTraceInfo(LegendGroup: "front");
        traces.Add(WithHoverTemplate(GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(t =>
        {
            var line = t.TryGetTypedPropertyValue<Line>("line");
            if (line is not null) line.Value.SetProperty("shape", "hv");
            return t;
        }), frontTrace)));
        return Chart.Combine(traces);
    }

    /// <summary>Front markers: open black rings larger than the device markers, so the device colour shows through.</summary>
    private static Marker FrontMarker()
    {
        var marker = new Marker();
        marker.SetProperty("size", 14);
        marker.SetProperty("symbol", "circle-open");
        marker.SetProperty("color", "#222222");
        marker.SetProperty("line", new Dictionary<string, object> { ["width"] = 2, ["color"] = "#222222" });
        return marker;
    }

    private static GenericChart WithHoverTemplate(GenericChart chart) =>
        GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(t =>
        {
            t.SetProperty("hovertemplate", "%{text}<extra></extra>");
            return t;
        }), chart);

    /// <summary>Hover text of one point (HTML, values invariant, SI prefixes).</summary>
    private static string Hover(PointResult p)
    {
        var acc = p.Accuracy ?? p.Agreement;
        var name = p.Accuracy is null ? "agreement" : "accuracy";
        return string.Create(CultureInfo.InvariantCulture,
            $"<b>{WebUtility.HtmlEncode(p.Device)}</b> {p.Rows}x{p.Cols}, cellBits {p.CellBits}, adcBits {p.AdcBits}<br>" +
            $"virtualTokens {p.VirtualTokens}, sigmaScale {p.SigmaScale:G4}<br>" +
            $"{name} {acc.Mean:F3} (95% CI {acc.CiLow:F3} to {acc.CiHigh:F3})<br>" +
            $"energy {Si(p.EnergyJ, "J")}, area {p.AreaMm2:G4} mm², latency {Si(p.LatencyS, "s")}<br>" +
            $"key {WebUtility.HtmlEncode(p.Key)}");
    }

    /// <summary>Formats <paramref name="value"/> with an SI prefix and 4 significant digits, e.g. <c>12.35 pJ</c>.</summary>
    private static string Si(double value, string unit)
    {
        if (value == 0 || !double.IsFinite(value)) return value.ToString("G4", CultureInfo.InvariantCulture) + " " + unit;
        string[] prefixes = ["f", "p", "n", "µ", "m", "", "k", "M"];
        int exponent = Math.Clamp((int)Math.Floor(Math.Log10(Math.Abs(value)) / 3), -5, 2);
        return (value / Math.Pow(1000, exponent)).ToString("G4", CultureInfo.InvariantCulture) + " " + prefixes[exponent + 5] + unit;
    }
}
