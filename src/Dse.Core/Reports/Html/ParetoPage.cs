using Dse.Exploration;
using Dse.Pareto;
using Plotly.NET;
using Chart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace Dse.Reports.Html;

/// <summary>
/// <c>pareto.html</c>: the 3-D accuracy / energy / area scatter with the Pareto front highlighted, and its 2-D
/// projections; colour by device, symbol by bits per cell; buttons switch between accuracy and agreement, mean
/// and 5th percentile over chips (the front is recomputed for each).
/// </summary>
internal static class ParetoPage
{
    /// <summary>Legend name of the 3-D front trace; its <c>ids</c> are the keys of the front (= pareto.csv for accuracy, energy, area).</summary>
    public const string FrontTraceName = "Pareto front";

    public static string Render(string sweepName, IReadOnlyList<PointResult> points)
    {
        var metrics = Metric.For(points);
        var devices = points.Select(p => p.Device).Distinct().Order(StringComparer.Ordinal).ToArray();
        var page = new HtmlPage($"Pareto front of sweep {sweepName}");
        page.Section("Accuracy, energy and area",
            $"{points.Count} design points on {devices.Length} devices. Energy is per query search (the SSA against every stored OVT), area the whole chip. " +
            "The front (black rings) holds the designs no other design beats in all three objectives; the buttons switch the accuracy measure. " +
            HtmlPage.Encode(Figures.SymbolLegend(points.Select(p => p.CellBits))) + ". Hover a point for its design.");
        page.Chart(ThreeD(points, devices, metrics));
        page.Section("Projections", "The same points two objectives at a time; the rings mark the three-objective front.");
        page.Chart(Projections(points, devices, metrics));
        return page.Render("pareto.html");
    }

    private static GenericChart ThreeD(IReadOnlyList<PointResult> points, string[] devices, IReadOnlyList<Metric> metrics)
    {
        var traces = new List<GenericChart>();
        var groups = new List<int>();
        for (int m = 0; m < metrics.Count; m++)
        {
            var metric = metrics[m];
            foreach (var device in devices)
            {
                var mine = points.Where(p => p.Device == device).ToArray();
                var trace = Chart.Scatter3D<double, double, double, string>(
                        x: mine.Select(p => p.EnergyJ).ToArray(), y: mine.Select(p => p.AreaMm2).ToArray(), z: mine.Select(metric.Objective.Value).ToArray(),
                        mode: StyleParam.Mode.Markers, Name: device, ShowLegend: m == 0, MultiText: mine.Select(Figures.Hover).ToArray())
                    .WithTraceProperty("marker", new Dictionary<string, object>
                    {
                        ["color"] = Figures.Colour(devices, device), ["size"] = 4, ["opacity"] = 0.8,
                        ["symbol"] = mine.Select(p => Figures.Symbol(p.CellBits)).ToArray(),
                    })
                    .WithTraceProperty("legendgroup", device);
                traces.Add(Visible(trace, m));
                groups.Add(m);
            }
            var front = ParetoFront.Compute(points, [metric.Objective, Objective.Energy, Objective.Area]);
            var frontTrace = Chart.Scatter3D<double, double, double, string>(
                    x: front.Select(p => p.EnergyJ).ToArray(), y: front.Select(p => p.AreaMm2).ToArray(), z: front.Select(metric.Objective.Value).ToArray(),
                    mode: StyleParam.Mode.Markers, Name: FrontTraceName, ShowLegend: m == 0, MultiText: front.Select(p => "<b>Pareto front</b><br>" + Figures.Hover(p)).ToArray())
                .WithTraceProperty("marker", new Dictionary<string, object>
                {
                    ["color"] = "rgba(0,0,0,0)", ["size"] = 9, ["symbol"] = "circle-open", ["line"] = new Dictionary<string, object> { ["color"] = "#111111", ["width"] = 3 },
                })
                .WithTraceProperty("ids", front.Select(p => p.Key).ToArray())
                .WithTraceProperty("legendgroup", "front");
            traces.Add(Visible(frontTrace, m));
            groups.Add(m);
        }
        var scene = new Dictionary<string, object>
        {
            ["xaxis"] = Axis("energy per query search (J, log)", log: true),
            ["yaxis"] = Axis("chip area (mm², log)", log: true),
            ["zaxis"] = Axis("accuracy (fraction)", log: false),
            ["camera"] = new Dictionary<string, object> { ["eye"] = new Dictionary<string, object> { ["x"] = 1.6, ["y"] = -1.6, ["z"] = 0.9 } },
        };
        return Chart.Combine(traces).WithTextHover()
            .WithLayoutProperty("scene", scene)
            .WithToggle(metrics.Select(x => x.Label).ToArray(), groups)
            .WithSize(1250, 760)
            .WithTitleText("3-D: accuracy vs energy vs area");
    }

    private static GenericChart Projections(IReadOnlyList<PointResult> points, string[] devices, IReadOnlyList<Metric> metrics)
    {
        var panels = new List<GenericChart>();
        var groups = new List<int>();
        (Func<PointResult, Metric, double> X, Func<PointResult, Metric, double> Y)[] views =
        [
            ((p, _) => p.EnergyJ, (p, m) => m.Objective.Value(p)),
            ((p, _) => p.AreaMm2, (p, m) => m.Objective.Value(p)),
            ((p, _) => p.EnergyJ, (p, _) => p.AreaMm2),
        ];
        for (int v = 0; v < views.Length; v++)
        {
            var traces = new List<GenericChart>();
            for (int m = 0; m < metrics.Count; m++)
            {
                var metric = metrics[m];
                foreach (var device in devices)
                {
                    var mine = points.Where(p => p.Device == device).ToArray();
                    var trace = Chart.Scatter<double, double, string>(
                            x: mine.Select(p => views[v].X(p, metric)).ToArray(), y: mine.Select(p => views[v].Y(p, metric)).ToArray(),
                            mode: StyleParam.Mode.Markers, Name: device, ShowLegend: v == 0 && m == 0, MultiText: mine.Select(Figures.Hover).ToArray())
                        .WithTraceProperty("marker", new Dictionary<string, object>
                        {
                            ["color"] = Figures.Colour(devices, device), ["size"] = 7, ["opacity"] = 0.75,
                            ["symbol"] = mine.Select(p => Figures.Symbol(p.CellBits)).ToArray(),
                        })
                        .WithTraceProperty("legendgroup", device);
                    traces.Add(Visible(trace, m));
                    groups.Add(m);
                }
                var front = ParetoFront.Compute(points, [metric.Objective, Objective.Energy, Objective.Area]);
                var ring = Chart.Scatter<double, double, string>(
                        x: front.Select(p => views[v].X(p, metric)).ToArray(), y: front.Select(p => views[v].Y(p, metric)).ToArray(),
                        mode: StyleParam.Mode.Markers, Name: FrontTraceName, ShowLegend: false, MultiText: front.Select(p => "<b>Pareto front</b><br>" + Figures.Hover(p)).ToArray())
                    .WithTraceProperty("marker", new Dictionary<string, object>
                    {
                        ["color"] = "rgba(0,0,0,0)", ["size"] = 13, ["symbol"] = "circle-open", ["line"] = new Dictionary<string, object> { ["color"] = "#111111", ["width"] = 2 },
                    })
                    .WithTraceProperty("legendgroup", "front");
                traces.Add(Visible(ring, m));
                groups.Add(m);
            }
            panels.Add(Chart.Combine(traces));
        }
        return Chart.Grid(panels, 1, 3, SubPlotTitles: new[] { "accuracy vs energy", "accuracy vs area", "area vs energy" }, XGap: 0.09)
            .WithTextHover()
            .WithXAxisStyle<double, double, string>(TitleText: "energy per query search (J, log)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewXAxis(1))
            .WithXAxisStyle<double, double, string>(TitleText: "chip area (mm², log)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewXAxis(2))
            .WithXAxisStyle<double, double, string>(TitleText: "energy per query search (J, log)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewXAxis(3))
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (fraction)", Id: StyleParam.SubPlotId.NewYAxis(1))
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (fraction)", Id: StyleParam.SubPlotId.NewYAxis(2))
            .WithYAxisStyle<double, double, string>(TitleText: "chip area (mm², log)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewYAxis(3))
            .WithToggle(metrics.Select(x => x.Label).ToArray(), groups)
            .WithSize(1350, 520);
    }

    private static GenericChart Visible(GenericChart trace, int group) => group == 0 ? trace : trace.WithTraceProperty("visible", false);

    private static Dictionary<string, object> Axis(string title, bool log)
    {
        var axis = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = title } };
        if (log) axis["type"] = "log";
        return axis;
    }
}
