using System.Globalization;
using Dse.Exploration;
using Dse.Runs;
using Dse.Pareto;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Dse.Reports.Html;

/// <summary>
/// <c>search.html</c>, written by <c>dse search</c> beside its tables: the accuracy-energy front of the homogeneous designs against the
/// front with per-slice ADC resolutions, both over every verified design of the search (docs/models.md, 'Per-slice ADC resolution');
/// per device and accuracy target the cheapest design of each kind and its assignment; CP-SAT's solve statuses and times. One
/// self-contained file (plotly.js inlined) in a folder of its own; in a run folder, which holds <see cref="HtmlPage.PlotlyFile"/>, it
/// loads that copy and links the summary page (<see cref="HtmlPage.RenderInRunFolder"/>).
/// </summary>
public static class SearchPage
{
    /// <summary>File name of the page in the search's output folder.</summary>
    public const string FileName = "search.html";

    /// <summary>Writes the page into <paramref name="dir"/> atomically.</summary>
    /// <param name="dir">The search's output folder (exists).</param>
    /// <param name="runName">The searched run's sweep name, for the title.</param>
    /// <param name="result">The search.</param>
    /// <param name="gains">Its gains (<see cref="PerSliceSearchFiles.Gains"/>).</param>
    public static void Write(string dir, string runName, PerSliceSearchResult result, IReadOnlyList<PerSliceGain> gains)
    {
        var page = new HtmlPage($"Per-slice ADC search of sweep {runName}", "search");
        var homogeneous = result.Verified.Where(v => v.Bits.IsHomogeneous).Select(v => v.Result).ToArray();
        var all = result.Verified.Select(v => v.Result).ToArray();
        var bitsOf = result.Verified.ToDictionary(v => v.Result.Key, v => v.Bits, StringComparer.Ordinal);
        page.Section("Accuracy-energy front: one ADC resolution per design vs one per bit slice",
            $"Every verified design of the search ({all.Length}: {homogeneous.Length} homogeneous at every candidate resolution, " +
            $"{all.Length - homogeneous.Length} with per-slice resolutions), each scored exactly on the run's chips. A line joins the designs no " +
            "other design of its kind beats in both mean accuracy and energy; where the per-slice line lies left of the homogeneous one, " +
            "the same accuracy costs less energy. Hover a point for its assignment (most significant slice first).");
        page.Chart(Fronts(homogeneous, all, bitsOf));

        page.Section("Cheapest design at each accuracy target",
            "Per device and target, the cheapest homogeneous design and the cheapest verified design with per-slice resolutions allowed " +
            "(it may be homogeneous) whose mean accuracy reaches the target; the saving is on the compared quantity.");
        page.Html(HtmlPage.Table(["device", "accuracy target", "compared", "homogeneous", "per-slice allowed", "assignment", "saving"],
            gains.Select(g => new[]
            {
                HtmlPage.Encode(g.Device), Inv($"{g.Target:F2}"), g.Objective.ToString().ToLowerInvariant(),
                g.Homogeneous is { } h ? Quantity(g, h) : "none", g.Heterogeneous is { } b ? Quantity(g, b) : "none",
                g.Heterogeneous is { } a ? HtmlPage.Encode(a.Bits.ToString()) : "", g.Saving is double s ? Inv($"{s:P1}") : "",
            })));

        var solves = result.Solves.Select(s => s.Solve).ToArray();
        page.Section("CP-SAT solves",
            Inv($"{solves.Length} epsilon-constraint solves over {result.Verified.Select(v => v.BaseKey).Distinct().Count()} base designs; ") +
            Inv($"search time: surrogate pass {result.SurrogateTime.TotalSeconds:F1} s, solves {result.SolveTime.TotalSeconds:F1} s, verification {result.VerifyTime.TotalSeconds:F1} s."));
        page.Html(HtmlPage.Table(["status", "solves", "median ms", "99th percentile ms", "max ms"],
            solves.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g =>
            {
                var t = g.Select(s => s.WallTimeS * 1e3).Order().ToArray();
                return new[] { g.Key.ToString(), Inv($"{t.Length}"), Inv($"{Percentile(t, 0.5):F1}"), Inv($"{Percentile(t, 0.99):F1}"), Inv($"{t[^1]:F1}") };
            })));
        bool inRunFolder = File.Exists(Path.Combine(dir, HtmlPage.PlotlyFile));
        AtomicFile.WriteText(Path.Combine(dir, FileName), w => w.Write(inRunFolder ? page.RenderInRunFolder() : HtmlPage.RenderSingle(page.Title, [page])));
    }

    /// <summary>The two accuracy-energy fronts as step lines, with every per-slice design as faint markers behind them.</summary>
    private static GenericChart Fronts(PointResult[] homogeneous, PointResult[] all, IReadOnlyDictionary<string, Costs.AdcBitsPerSlice> bitsOf)
    {
        Objective[] objectives = [Objective.Accuracy, Objective.Energy];
        string Text(PointResult p) => $"<b>{HtmlPage.Encode(bitsOf[p.Key].ToString())}</b><br>" + Figures.Hover(p);
        GenericChart Line(PointResult[] points, string name, string colour, string dash)
        {
            var front = ParetoFront.Compute(points, objectives).OrderBy(p => p.EnergyJ).ToArray();
            return Chart.Scatter<double, double, string>(x: Figures.Plotted(front.Select(p => p.EnergyJ)), y: Figures.Plotted(front.Select(p => p.ObjectiveAccuracy)),
                    mode: StyleParam.Mode.Lines_Markers, Name: name, MultiText: front.Select(Text).ToArray(), MarkerColor: Color.fromHex(colour))
                .WithTraceProperty("line", new Dictionary<string, object> { ["shape"] = "hv", ["color"] = colour, ["dash"] = dash })
                .WithTraceProperty("hovertemplate", "%{text}<extra></extra>");
        }
        var mixed = all.Where(p => !bitsOf[p.Key].IsHomogeneous).ToArray();
        var cloud = Chart.Scatter<double, double, string>(x: Figures.Plotted(mixed.Select(p => p.EnergyJ)), y: Figures.Plotted(mixed.Select(p => p.ObjectiveAccuracy)),
                mode: StyleParam.Mode.Markers, Name: "per-slice designs", MultiText: mixed.Select(Text).ToArray(), MarkerColor: Color.fromHex("#b8c4d6"))
            .WithTraceProperty("hovertemplate", "%{text}<extra></extra>");
        return Chart.Combine([cloud, Line(homogeneous, "front, one resolution per design", "#1f77b4", "dash"),
                Line(all, "front, per-slice resolutions allowed", "#d62728", "solid")])
            .WithLayoutProperty("xaxis", Figures.AxisLayout("energy per query search (J, log)", log: true))
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (fraction, mean over chips)")
            .WithSize(1100, 560);
    }

    private static string Quantity(PerSliceGain g, PerSliceVerified v)
        => g.Objective == PerSliceObjective.Energy ? Dse.Reports.Quantity.Si(v.Result.EnergyJ, "J") : Inv($"{v.Result.AreaMm2:G4} mm²");

    /// <summary>The value at fraction <paramref name="q"/> of the sorted values (nearest rank).</summary>
    private static double Percentile(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
