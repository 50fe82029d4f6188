using System.Globalization;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;
using Dse.Pareto;
using Dse.Reports.Collectors;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Dse.Reports.Html;

/// <summary>
/// <c>pareto.html</c>: the 3-D accuracy / energy / area scatter with the Pareto front highlighted, and its 2-D
/// projections; colour by device, symbol by bits per cell; buttons switch between accuracy and agreement, mean
/// and 5th percentile over chips (the front is recomputed for each).
/// </summary>
internal sealed class ParetoPage : ISitePage
{
    /// <summary>Legend name of the front traces; in the 3-D view their <c>ids</c> are the keys of the front (under the first button: pareto.csv).</summary>
    public const string FrontTraceName = "Pareto front";

    /// <inheritdoc/>
    public string FileName => "pareto.html";

    /// <inheritdoc/>
    public string NavTitle => "Pareto";

    /// <inheritdoc/>
    public void Declare(CollectorSet collectors)
    {
        collectors.Use<ShownPoints>();
        collectors.Use<AccuracyRange>();
        collectors.Use<SweptValues>();
        collectors.Use<MetricFronts>();
        collectors.Use<DeviceFronts>();
        collectors.Use<LogAxisRanges>();
        collectors.Use<AccuracyBudgets>();
    }

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(Build(run).Render(FileName)));

    /// <summary>One trace of a view: a device's points, or the front under metric <c>FrontOf</c> (-1: a device trace).</summary>
    private sealed record TraceSpec(PointResult[] Points, string? Device, int FrontOf);

    /// <remarks>
    /// The rings mark the front under the sweep's objectives: under the first button exactly <see cref="RunRecord.Front"/> (pareto.csv);
    /// the other buttons swap the accuracy-like objective for theirs and show that front. Objectives without an accuracy-like one
    /// keep one front under every button.
    /// </remarks>
    /// <inheritdoc/>
    public HtmlPage Build(RunRecord run)
    {
        var (sweepName, points, objectives) = (run.Spec.Name, run.Get<ShownPoints>().Points, run.Spec.Objectives);
        if (run.Count == 0) return HtmlPage.Empty($"Pareto front of sweep {sweepName}", "pareto");
        var values = run.Get<SweptValues>();
        var metrics = Metric.For(run.Get<AccuracyRange>().AllLabelled, objectives);
        var devices = values.Devices;
        var fronts = metrics.Select((m, i) => i == 0 ? run.Front.ToArray() : run.Get<MetricFronts>().Under(m.Objective).ToArray()).ToArray();
        var specs = devices.Select(d => new TraceSpec(points.Where(p => p.DeviceName == d).ToArray(), d, -1))
            .Concat(fronts.Select((f, m) => new TraceSpec(f, null, m))).ToArray();

        var page = new HtmlPage($"Pareto front of sweep {sweepName}", "pareto");
        page.Section("Accuracy, energy and area",
            $"{run.Count} design points on {devices.Length} devices. {Thinning(run)}Energy is per query search (the SSA against every stored OVT), area the whole chip. " +
            $"The front (black rings) holds the designs no other design beats in every objective of the sweep ({string.Join(", ", objectives.Select(o => o.Name))}); " +
            "the buttons switch the accuracy measure (and, when it is an objective, the front). " +
            HtmlPage.Encode(Figures.SymbolLegend(values.RawValuesOf(DesignAxes.CellBits).Cast<int>())) + ". Drag to rotate; hover a point for its design.");
        page.Chart(ThreeD(specs, devices, metrics));
        var dodge = Figures.Dodge(points, p => p.EnergyJ, p => p.AreaMm2, "energy and area");
        page.Section("Projections", "The same points two quantities at a time; the rings mark the front under the sweep's objectives. " + (dodge.Caption ?? "No two devices share a point of the area-vs-energy panel."));
        page.Chart(Projections(specs, devices, metrics, dodge.Factor));
        FrontsByDevice(page, run);
        CostOfYield(page, run);
        return page;
    }

    /// <summary>
    /// For a run of more than <see cref="ShownPoints.SampleSize"/> points, a sentence saying which points the scatter plots draw
    /// (<see cref="ShownPoints"/>, which <paramref name="run"/> must hold); empty otherwise.
    /// </summary>
    internal static string Thinning(RunRecord run) => run.Get<ShownPoints>() is not { Thinned: true } shown ? ""
        : $"The plots draw {shown.Points.Count} of the run's {run.Count} designs: a sample of {ShownPoints.SampleSize} picked by a hash of their key " +
          "(the same designs whenever these points are reported) and every design on a front; the fronts, tables and points.csv use every point. ";

    private static GenericChart ThreeD(TraceSpec[] specs, string[] devices, IReadOnlyList<Metric> metrics)
    {
        var all = specs.Where(s => s.FrontOf < 0).SelectMany(s => s.Points).ToArray();
        var traces = specs.Select(s => Visible(Chart.Scatter3D<double, double, double, string>(
                    x: Figures.Plotted(s.Points.Select(p => p.EnergyJ)), y: Figures.Plotted(s.Points.Select(p => p.AreaMm2)),
                    z: Figures.Plotted(s.Points.Select(metrics[Math.Max(0, s.FrontOf)].Objective.Value)),
                    mode: StyleParam.Mode.Markers, Name: s.Device ?? FrontTraceName, ShowLegend: true, MultiText: Texts(s))
                .WithTraceProperty("marker", Marker(s, devices, size3D: true))
                .WithTraceProperty("legendgroup", s.Device ?? "front")
                .WithTraceProperty("ids", s.Points.Select(p => p.Key).ToArray()), s.FrontOf))
            .ToArray();
        var scene = new Dictionary<string, object>
        {
            ["xaxis"] = Figures.AxisLayout("energy per query search (J, log)", log: true, Figures.LogTicks(all.Select(p => p.EnergyJ), Figures.SiTick("J"))),
            ["yaxis"] = Figures.AxisLayout("chip area (mm², log)", log: true, Figures.LogTicks(all.Select(p => p.AreaMm2), Figures.PlainTick)),
            ["zaxis"] = Figures.AxisLayout("accuracy (fraction)", log: false),
            ["camera"] = new Dictionary<string, object> { ["eye"] = new Dictionary<string, object> { ["x"] = 1.6, ["y"] = -1.6, ["z"] = 0.9 } },
        };
        return Chart.Combine(traces).WithTextHover()
            .WithLayoutProperty("scene", scene)
            .WithLayoutProperty("legend", new Dictionary<string, object> { ["itemsizing"] = "constant" })
            .WithMetricButtons(metrics.Select(x => x.Label).ToArray(), "z", VisibleMasks(specs, metrics.Count),
                Values(metrics.Count, g => specs.Select(s => Figures.Plotted(s.Points.Select(metrics[s.FrontOf < 0 ? g : s.FrontOf].Objective.Value)))))
            .WithSize(1250, 760);
    }

    /// <summary>The three 2-D projections; <paramref name="dodge"/> is the factor on each point's x in the area-vs-energy panel (see <see cref="Figures.Dodge"/>).</summary>
    private static GenericChart Projections(TraceSpec[] specs, string[] devices, IReadOnlyList<Metric> metrics, IReadOnlyDictionary<string, double> dodge)
    {
        var all = specs.Where(s => s.FrontOf < 0).SelectMany(s => s.Points).ToArray();
        (Func<PointResult, double> X, Func<PointResult, Metric, double> Y)[] views =
        [
            (p => p.EnergyJ, (p, m) => m.Objective.Value(p)),
            (p => p.AreaMm2, (p, m) => m.Objective.Value(p)),
            (p => p.EnergyJ * dodge[p.Key], (p, _) => p.AreaMm2),
        ];
        var panels = views.Select((view, v) => Chart.Combine(specs.Select(s => Visible(Chart.Scatter<double, double, string>(
                    x: Figures.Plotted(s.Points.Select(view.X)), y: Figures.Plotted(s.Points.Select(p => view.Y(p, metrics[Math.Max(0, s.FrontOf)]))),
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
            .WithAxisTicks(StyleParam.SubPlotId.NewXAxis(1), Figures.LogTicks(all.Select(p => p.EnergyJ), Figures.SiTick("J")))
            .WithAxisTicks(StyleParam.SubPlotId.NewXAxis(2), Figures.LogTicks(all.Select(p => p.AreaMm2), Figures.PlainTick))
            .WithAxisTicks(StyleParam.SubPlotId.NewXAxis(3), Figures.LogTicks(all.Select(p => p.EnergyJ), Figures.SiTick("J")))
            .WithAxisTicks(StyleParam.SubPlotId.NewYAxis(3), Figures.LogTicks(all.Select(p => p.AreaMm2), Figures.PlainTick))
            .WithMetricButtons(metrics.Select(x => x.Label).ToArray(), "y",
                Enumerable.Range(0, metrics.Count).Select(g => views.SelectMany(_ => visible[g]).ToArray()).ToArray(),
                Values(metrics.Count, g => views.SelectMany(view => specs.Select(s => Figures.Plotted(s.Points.Select(p => view.Y(p, metrics[s.FrontOf < 0 ? g : s.FrontOf])))))))
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


    /// <summary>The accuracy-energy front of each device (step lines) and a table of which device is cheapest at each accuracy budget.</summary>
    private static void FrontsByDevice(HtmlPage page, RunRecord run)
    {
        var (devices, budgets, accuracy) = (run.Get<SweptValues>().Devices, run.Get<AccuracyBudgets>(), run.Get<AccuracyRange>());
        string measure = accuracy.AllLabelled ? "accuracy" : "agreement";
        page.Section("Accuracy-energy front per device",
            $"For each device alone, the designs no other design of that device beats in both {measure} (mean over chips) and energy; " +
            "a step line joins them. Where a device's line lies left of the others at a given height, that device reaches that accuracy for the least energy.");
        var traces = devices.Select(d =>
        {
            var front = run.Get<DeviceFronts>().Of(d).OrderBy(p => p.EnergyJ).ToArray();
            var colour = Color.fromHex(Figures.Colour(devices, d));
            return Chart.Scatter<double, double, string>(x: Figures.Plotted(front.Select(p => p.EnergyJ)), y: Figures.Plotted(front.Select(p => p.ObjectiveAccuracy)),
                    mode: StyleParam.Mode.Lines_Markers, Name: d, MultiText: front.Select(Figures.Hover).ToArray(), MarkerColor: colour, LineColor: colour)
                .WithTraceProperty("line", new Dictionary<string, object> { ["shape"] = "hv", ["color"] = Figures.Colour(devices, d) });
        }).ToArray();
        page.Chart(Chart.Combine(traces).WithTextHover()
            .WithXAxisStyle<double, double, string>(TitleText: "energy per query search (J, log)", AxisType: StyleParam.AxisType.Log)
            .WithAxisTicks(StyleParam.SubPlotId.NewXAxis(1), Figures.LogTicks(run.Get<LogAxisRanges>().EnergyJ.Ends, Figures.SiTick("J")))
            .WithYAxisStyle<double, double, string>(TitleText: $"{measure} (fraction, mean over chips)")
            .WithSize(1100, 480));
        var rows = AccuracyBudgets.Targets.Select(t =>
        {
            var best = devices.Select(d => budgets.Cheapest(d, t)).ToArray();
            double winner = best.Where(b => b is not null).Select(b => b!.EnergyJ).DefaultIfEmpty(double.NaN).Min();
            return new[] { $"&ge; {t.ToString(CultureInfo.InvariantCulture)}" }.Concat(best.Select(b => b is null ? "none"
                : b.EnergyJ == winner ? $"<b>{Quantity.Si(b.EnergyJ, "J")}</b>" : Quantity.Si(b.EnergyJ, "J"))).ToArray();
        });
        page.Html($"<p class=\"note\">Energy of each device's cheapest design meeting the accuracy budget (mean over chips); the winner in bold, <i>none</i> when no design of that device reaches it " +
                  $"(the best design of this run reaches {accuracy.Max.ToString("F3", CultureInfo.InvariantCulture)}).</p>");
        page.Html(HtmlPage.Table([$"{measure} budget", .. devices], rows));
    }

    /// <summary>The cost of yield: energy of the cheapest design meeting each target at the mean over chips vs at the 5th percentile.</summary>
    private static void CostOfYield(HtmlPage page, RunRecord run)
    {
        var budgets = run.Get<AccuracyBudgets>();
        string measure = run.Get<AccuracyRange>().AllLabelled ? "accuracy" : "agreement";
        page.Section("Cost of yield",
            $"A design whose mean {measure} meets a target still gives 5% of chips less than its 5th percentile. Asking the 5th percentile to meet the target " +
            "(95% of chips meet it) costs this much more energy per query search; the cheapest design of each kind is named.");
        var inv = CultureInfo.InvariantCulture;
        var rows = AccuracyBudgets.Targets.Select(t =>
        {
            var mean = budgets.Cheapest(null, t);
            var p5 = budgets.CheapestAtP5(t);
            string Cell(PointResult? p) => p is null ? "none" : $"{Quantity.Si(p.EnergyJ, "J")}<br><small>{HtmlPage.Encode(Figures.Label(p))}</small>";
            string extra = mean is null || p5 is null ? "n/a" : (p5.EnergyJ / mean.EnergyJ).ToString("F2", inv) + "x";
            return new[] { t.ToString(inv), Cell(mean), Cell(p5), extra };
        });
        page.Html(HtmlPage.Table([$"{measure} target", "cheapest meeting it at the mean", "cheapest meeting it at P5 over chips", "energy P5 / mean"], rows));
    }
}
