using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Exploration.Runs;
using Dse.Pareto;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Dse.Reports.Html;

/// <summary>
/// <c>pareto.html</c>: the 3-D accuracy / energy / area scatter with the Pareto front highlighted, and its 2-D
/// projections; colour by device, symbol by bits per cell; buttons switch between accuracy and agreement, mean
/// and 5th percentile over chips (the front is recomputed for each).
/// </summary>
internal sealed class ParetoPage : IReportWriter
{
    /// <summary>Legend name of the front traces; in the 3-D view their <c>ids</c> are the keys of the front (under the first button: pareto.csv).</summary>
    public const string FrontTraceName = "Pareto front";

    /// <inheritdoc/>
    public string FileName => "pareto.html";

    /// <inheritdoc/>
    public void Write(RunResult run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(Render(run)));

    /// <summary>One trace of a view: a device's points, or the front under metric <c>FrontOf</c> (-1: a device trace).</summary>
    private sealed record TraceSpec(PointResult[] Points, string? Device, int FrontOf);

    /// <remarks>
    /// The rings mark the front under the sweep's objectives: under the first button exactly <see cref="RunResult.Front"/> (pareto.csv);
    /// the other buttons swap the accuracy-like objective for theirs and show that front. Objectives without an accuracy-like one
    /// keep one front under every button.
    /// </remarks>
    private static string Render(RunResult run)
    {
        var (sweepName, points, objectives) = (run.Spec.Name, run.Points, run.Spec.Objectives);
        if (points.Count == 0) return HtmlPage.Empty($"Pareto front of sweep {sweepName}", "pareto.html");
        var metrics = Metric.For(points, objectives);
        var devices = points.Select(p => p.DeviceName).Distinct().Order(StringComparer.Ordinal).ToArray();
        var fronts = metrics.Select((m, i) => i == 0 ? run.Front.ToArray() : ParetoFront.Compute(points, Metric.Swap(objectives, m.Objective)).ToArray()).ToArray();
        var specs = devices.Select(d => new TraceSpec(points.Where(p => p.DeviceName == d).ToArray(), d, -1))
            .Concat(fronts.Select((f, m) => new TraceSpec(f, null, m))).ToArray();

        var page = new HtmlPage($"Pareto front of sweep {sweepName}");
        page.Section("Accuracy, energy and area",
            $"{points.Count} design points on {devices.Length} devices. Energy is per query search (the SSA against every stored OVT), area the whole chip. " +
            $"The front (black rings) holds the designs no other design beats in every objective of the sweep ({string.Join(", ", objectives.Select(o => o.Name))}); " +
            "the buttons switch the accuracy measure (and, when it is an objective, the front). " +
            HtmlPage.Encode(Figures.SymbolLegend(points.Select(p => p.CellBits))) + ". Drag to rotate; hover a point for its design.");
        page.Chart(ThreeD(specs, devices, metrics));
        page.Section("Projections", "The same points two quantities at a time; the rings mark the front under the sweep's objectives.");
        page.Chart(Projections(specs, devices, metrics));
        return page.Render("pareto.html");
    }

    private static GenericChart ThreeD(TraceSpec[] specs, string[] devices, IReadOnlyList<Metric> metrics)
    {
        var traces = specs.Select(s => Visible(Chart.Scatter3D<double, double, double, string>(
                    x: s.Points.Select(p => p.EnergyJ).ToArray(), y: s.Points.Select(p => p.AreaMm2).ToArray(),
                    z: s.Points.Select(metrics[Math.Max(0, s.FrontOf)].Objective.Value).ToArray(),
                    mode: StyleParam.Mode.Markers, Name: s.Device ?? FrontTraceName, ShowLegend: true, MultiText: Texts(s))
                .WithTraceProperty("marker", Marker(s, devices, size3D: true))
                .WithTraceProperty("legendgroup", s.Device ?? "front")
                .WithTraceProperty("ids", s.Points.Select(p => p.Key).ToArray()), s.FrontOf))
            .ToArray();
        var scene = new Dictionary<string, object>
        {
            ["xaxis"] = Axis("energy per query search (J, log)", log: true),
            ["yaxis"] = Axis("chip area (mm², log)", log: true),
            ["zaxis"] = Axis("accuracy (fraction)", log: false),
            ["camera"] = new Dictionary<string, object> { ["eye"] = new Dictionary<string, object> { ["x"] = 1.6, ["y"] = -1.6, ["z"] = 0.9 } },
        };
        return Chart.Combine(traces).WithTextHover()
            .WithLayoutProperty("scene", scene)
            .WithMetricButtons(metrics.Select(x => x.Label).ToArray(), "z", VisibleMasks(specs, metrics.Count),
                Values(metrics.Count, g => specs.Select(s => s.Points.Select(metrics[s.FrontOf < 0 ? g : s.FrontOf].Objective.Value).ToArray())))
            .WithSize(1250, 760);
    }

    private static GenericChart Projections(TraceSpec[] specs, string[] devices, IReadOnlyList<Metric> metrics)
    {
        (Func<PointResult, double> X, Func<PointResult, Metric, double> Y)[] views =
        [
            (p => p.EnergyJ, (p, m) => m.Objective.Value(p)),
            (p => p.AreaMm2, (p, m) => m.Objective.Value(p)),
            (p => p.EnergyJ, (p, _) => p.AreaMm2),
        ];
        var panels = views.Select((view, v) => Chart.Combine(specs.Select(s => Visible(Chart.Scatter<double, double, string>(
                    x: s.Points.Select(view.X).ToArray(), y: s.Points.Select(p => view.Y(p, metrics[Math.Max(0, s.FrontOf)])).ToArray(),
                    mode: StyleParam.Mode.Markers, Name: s.Device ?? FrontTraceName, ShowLegend: v == 0, MultiText: Texts(s))
                .WithTraceProperty("marker", Marker(s, devices, size3D: false))
                .WithTraceProperty("legendgroup", s.Device ?? "front"), s.FrontOf)))).ToArray();
        var visible = VisibleMasks(specs, metrics.Count);
        return Chart.Grid(panels, 1, 3, SubPlotTitles: new[] { "accuracy vs energy", "accuracy vs area", "area vs energy" }, XGap: 0.09)
            .WithTextHover()
            .WithXAxisStyle<double, double, string>(TitleText: "energy per query search (J, log)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewXAxis(1))
            .WithXAxisStyle<double, double, string>(TitleText: "chip area (mm², log)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewXAxis(2))
            .WithXAxisStyle<double, double, string>(TitleText: "energy per query search (J, log)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewXAxis(3))
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (fraction)", Id: StyleParam.SubPlotId.NewYAxis(1))
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (fraction)", Id: StyleParam.SubPlotId.NewYAxis(2))
            .WithYAxisStyle<double, double, string>(TitleText: "chip area (mm², log)", AxisType: StyleParam.AxisType.Log, Id: StyleParam.SubPlotId.NewYAxis(3))
            .WithMetricButtons(metrics.Select(x => x.Label).ToArray(), "y",
                Enumerable.Range(0, metrics.Count).Select(g => views.SelectMany(_ => visible[g]).ToArray()).ToArray(),
                Values(metrics.Count, g => views.SelectMany(view => specs.Select(s => s.Points.Select(p => view.Y(p, metrics[s.FrontOf < 0 ? g : s.FrontOf])).ToArray()))))
            .WithSize(1350, 540);
    }

    private static string[] Texts(TraceSpec s) => s.Points.Select(p => (s.FrontOf >= 0 ? "<b>Pareto front</b><br>" : "") + Figures.Hover(p)).ToArray();

    private static Dictionary<string, object> Marker(TraceSpec s, string[] devices, bool size3D) => s.FrontOf < 0
        ? new Dictionary<string, object>
        {
            ["color"] = Figures.Colour(devices, s.Device!), ["size"] = size3D ? 4 : 7, ["opacity"] = 0.8,
            ["symbol"] = s.Points.Select(p => Figures.Symbol(p.CellBits)).ToArray(),
        }
        : new Dictionary<string, object>
        {
            ["color"] = "#111111", ["size"] = size3D ? 9 : 13, ["symbol"] = "circle-open",
            ["line"] = new Dictionary<string, object> { ["color"] = "#111111", ["width"] = size3D ? 3 : 2 },
        };

    /// <summary>Visibility per button: device traces always, the front of metric g only under button g.</summary>
    private static bool[][] VisibleMasks(TraceSpec[] specs, int metrics)
        => Enumerable.Range(0, metrics).Select(g => specs.Select(s => s.FrontOf < 0 || s.FrontOf == g).ToArray()).ToArray();

    private static double[][][] Values(int metrics, Func<int, IEnumerable<double[]>> perTrace)
        => Enumerable.Range(0, metrics).Select(g => perTrace(g).ToArray()).ToArray();

    private static GenericChart Visible(GenericChart trace, int frontOf) => frontOf <= 0 ? trace : trace.WithTraceProperty("visible", false);

    private static Dictionary<string, object> Axis(string title, bool log)
    {
        var axis = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = title } };
        if (log) axis["type"] = "log";
        return axis;
    }
}
