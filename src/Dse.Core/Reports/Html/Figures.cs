using System.Globalization;
using System.Net;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Pareto;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace Dse.Reports.Html;

/// <summary>An accuracy-like quantity the pages can plot and toggle between.</summary>
/// <param name="Label">Axis and button label.</param>
/// <param name="Objective">The objective (its value is what is plotted; its front is highlighted).</param>
internal sealed record Metric(string Label, Objective Objective)
{
    /// <summary>
    /// Accuracy (mean, P5) when every point has labels (<paramref name="withAccuracy"/>, <see cref="Collectors.AccuracyRange.AllLabelled"/>), then
    /// agreement (mean, P5); the accuracy-like objective among <paramref name="objectives"/>, when there is one, comes first (its
    /// front is the run's front).
    /// </summary>
    public static IReadOnlyList<Metric> For(bool withAccuracy, IReadOnlyList<Objective> objectives)
    {
        var agreement = new Metric[] { new("agreement with exact SSA (mean over chips)", Objective.Agreement), new("agreement with exact SSA (5th percentile over chips)", Objective.AgreementP5) };
        Metric[] all = withAccuracy
            ? [new("retrieval accuracy (mean over chips)", Objective.Accuracy), new("retrieval accuracy (5th percentile over chips)", Objective.AccuracyP5), .. agreement]
            : agreement;
        var first = all.FirstOrDefault(m => objectives.Contains(m.Objective));
        return first is null ? all : [first, .. all.Where(m => m != first)];
    }

    /// <summary>The accuracy-like objectives of the page.</summary>
    public static IReadOnlyList<Objective> AccuracyLike { get; } = [Objective.Accuracy, Objective.AccuracyP5, Objective.Agreement, Objective.AgreementP5];

    /// <summary><paramref name="objectives"/> with its accuracy-like objective replaced by <paramref name="metric"/> (unchanged when it has none).</summary>
    public static IReadOnlyList<Objective> Swap(IReadOnlyList<Objective> objectives, Objective metric)
        => objectives.Select(o => AccuracyLike.Contains(o) ? metric : o).ToArray();
}

/// <summary>Shared styling of the report figures: colours, symbols, hover text, number formats, dynamic properties.</summary>
internal static class Figures
{
    /// <summary>D3 category10: device i gets colour i mod 10 on every page.</summary>
    public static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Marker symbol per bits per cell (valid in 2-D and 3-D plots).</summary>
    public static string Symbol(int cellBits) => ((string[])["circle", "square", "diamond", "cross", "x", "circle-open", "square-open", "diamond-open"])[(cellBits - 1) % 8];

    /// <summary>Human legend of <see cref="Symbol"/>.</summary>
    public static string SymbolLegend(IEnumerable<int> cellBits)
        => "marker symbol = bits per cell: " + string.Join(", ", cellBits.Distinct().Order().Select(b => $"{Symbol(b)} {b}"));

    /// <summary>Colour of a device among the sorted device names.</summary>
    public static string Colour(IReadOnlyList<string> devices, string device) => Palette[Math.Max(0, IndexOf(devices, device)) % Palette.Length];

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    /// <summary>
    /// Hover text of a point: the device in bold, then every axis (by its sweep key, <see cref="DesignAxes.All"/> order) that is
    /// required or off its default, then the metrics with CI. Axes at their default are left out to keep pages small; the
    /// page captions and index.html say what the defaults are.
    /// </summary>
    public static string Hover(PointResult p)
    {
        var acc = p.AccuracyStats;
        string name = p.Accuracy is null ? "agreement" : "accuracy";
        var inv = CultureInfo.InvariantCulture;
        var axes = DesignAxes.All.Where(a => a != DesignAxes.Device && (a.IsRequired || !(a.Defaults is { Count: > 0 } d && Equals(d[0], p.Coordinates[a]))))
            .Select(a => $"{a.JsonKey} {a.Format(p.Coordinates[a])}");
        return string.Create(inv,
            $"<b>{WebUtility.HtmlEncode(p.DeviceName)}</b> {WebUtility.HtmlEncode(string.Join(", ", axes))}<br>" +
            $"{name} {acc.Mean:F3} (95% CI {acc.CiLow:F3} to {acc.CiHigh:F3}, P5 {acc.P5:F3}); MIPS {(p.MipsAccuracy ?? p.MipsAgreement)!.Mean:F3}<br>" +
            $"energy {Quantity.Si(p.EnergyJ, "J")}, latency {Quantity.Si(p.LatencyS, "s")}, area {p.AreaMm2:G4} mm²; vs CPU {p.Speedup:G3}x speed, {p.EnergyRatio:G3}x energy{Lifetime(p)}");
    }

    /// <summary>The hover's store line under tuning (empty for a point without lifetime figures).</summary>
    private static string Lifetime(PointResult p)
    {
        if (p.LifetimeYears is not double years) return "";
        return string.Create(CultureInfo.InvariantCulture, $"<br>write {Quantity.Si(p.WriteEnergyJ, "J")} per OVT, {Quantity.Si(p.WriteEnergyPerDayJ!.Value, "J")} per day; lifetime {years:G3} years");
    }

    /// <summary>
    /// Plot coordinates at 6 significant digits, a thousandth of a pixel on any axis, so the pages do not carry 17-digit numbers
    /// (about 40 KB of <c>pareto.html</c> for <c>sweeps/default.json</c>); the hover texts keep the values' own precision.
    /// </summary>
    public static double[] Plotted(IEnumerable<double> values)
        => values.Select(v => double.IsFinite(v) ? double.Parse(v.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : v).ToArray();

    /// <summary>A short label of a design for bar charts.</summary>
    public static string Label(PointResult p) => string.Join(" ", new[]
    {
        DesignAxes.Device.ShortLabel(p.DeviceName), DesignAxes.Crossbar.ShortLabel(p.Coordinates.Get(DesignAxes.Crossbar)),
        DesignAxes.CellBits.ShortLabel(p.CellBits), DesignAxes.AdcBits.ShortLabel(p.AdcBits),
        DesignAxes.AdcModel.IsDefault(p.AdcModel) ? "" : DesignAxes.AdcModel.ShortLabel(p.AdcModel),
        DesignAxes.VirtualTokens.ShortLabel(p.VirtualTokens), DesignAxes.SigmaScale.ShortLabel(p.SigmaScale),
    }.Where(t => t.Length > 0));

    /// <summary>Sets a plotly attribute on every trace of <paramref name="chart"/> (e.g. <c>hovertemplate</c>, <c>ids</c>, <c>meta</c>).</summary>
    public static GenericChart WithTraceProperty(this GenericChart chart, string name, object value)
        => GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(t =>
        {
            t.SetProperty(name, value);
            return t;
        }), chart);

    /// <summary>Sets a plotly layout attribute (e.g. <c>updatemenus</c>, <c>scene</c>).</summary>
    public static GenericChart WithLayoutProperty(this GenericChart chart, string name, object value)
        => GenericChart.mapLayout(FuncConvert.FromFunc<Layout, Layout>(l =>
        {
            l.SetProperty(name, value);
            return l;
        }), chart);

    /// <summary>Hover shows the trace's text only.</summary>
    public static GenericChart WithTextHover(this GenericChart chart) => chart.WithTraceProperty("hovertemplate", "%{text}<extra></extra>");

    /// <summary>
    /// Buttons that switch the plotted accuracy measure: button g sets each trace's visibility and its values on axis
    /// <paramref name="axis"/> (<c>y</c> or <c>z</c>) to <paramref name="visible"/>[g][i] and <paramref name="values"/>[g][i]
    /// (trace i in figure order). Only the numbers change, so hover texts are stored once.
    /// </summary>
    public static GenericChart WithMetricButtons(this GenericChart chart, IReadOnlyList<string> labels, string axis, bool[][] visible, double[][][] values)
    {
        var buttons = labels.Select((label, g) => new Dictionary<string, object>
        {
            ["label"] = label,
            ["method"] = "restyle",
            ["args"] = new object[] { new Dictionary<string, object> { ["visible"] = visible[g], [axis] = values[g] } },
        }).ToArray();
        var menu = new Dictionary<string, object>
        {
            ["type"] = "buttons", ["direction"] = "right", ["showactive"] = true, ["buttons"] = buttons,
            ["x"] = 0.0, ["xanchor"] = "left", ["y"] = 1.16, ["yanchor"] = "top",
        };
        return chart.WithLayoutProperty("updatemenus", new[] { menu });
    }

    /// <summary>
    /// Explicit ticks for a log axis over <paramref name="values"/>: 1-2-5 steps (decades only when that gives more than 7)
    /// labelled by <paramref name="format"/> (<see cref="SiTick"/> for J and s, <see cref="PlainTick"/> for mm² and ratios), so log axes
    /// do not print crowded mantissa labels (2, 5, 2, 5, ...). Null when no value is positive.
    /// </summary>
    public static Dictionary<string, object>? LogTicks(IEnumerable<double> values, Func<double, string> format)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        if (positive.Length == 0) return null;
        double min = positive.Min(), max = positive.Max();
        int first = (int)Math.Floor(Math.Log10(min)), last = (int)Math.Ceiling(Math.Log10(max));
        double[] Candidates(double[] mantissas) => Enumerable.Range(first, last - first + 1)
            .SelectMany(e => mantissas.Select(m => m * Math.Pow(10, e))).Where(v => v >= min / 1.08 && v <= max * 1.08).ToArray();
        var ticks = Candidates([1, 2, 5]);
        if (ticks.Length > 7) ticks = Candidates([1]);
        if (ticks.Length > 7) ticks = ticks.Where((_, i) => i % 2 == 0).ToArray();
        // Less than a decade of data: finer mantissas, then the ends of the data.
        if (ticks.Length < 3) ticks = Candidates([1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9]);
        if (ticks.Length < 2) ticks = [.. ticks.Append(min).Append(max).Distinct().Order()];
        return new Dictionary<string, object> { ["tickmode"] = "array", ["tickvals"] = ticks, ["ticktext"] = ticks.Select(format).ToArray() };
    }

    /// <summary>Tick label with an SI prefix, e.g. <c>20 pJ</c>.</summary>
    public static Func<double, string> SiTick(string unit) => v => Quantity.Si(v, unit, "G3");

    /// <summary>Tick label as a plain number, e.g. <c>0.02</c> (the unit is in the axis title).</summary>
    public static Func<double, string> PlainTick { get; } = v => v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>Sets tick attributes (<see cref="LogTicks"/>, <see cref="IntegerTicks"/>) on the 2-D axis <paramref name="id"/>, keeping its title, type and domain.</summary>
    public static GenericChart WithAxisTicks(this GenericChart chart, StyleParam.SubPlotId id, Dictionary<string, object>? ticks)
        => ticks is null ? chart : GenericChart.mapLayout(FuncConvert.FromFunc<Layout, Layout>(l =>
        {
            var axis = Layout.getLinearAxisById(id).Invoke(l);
            foreach (var (k, v) in ticks) axis.SetProperty(k, v);
            return Layout.updateLinearAxisById(id, axis).Invoke(l);
        }), chart);

    /// <summary>
    /// Tick settings for an axis whose values are all whole numbers (ADC bits, cell bits, token counts): one tick per integer
    /// (or per integer step that keeps at most 16 ticks), never 4.5. Null when some value is not a whole number.
    /// </summary>
    public static Dictionary<string, object>? IntegerTicks(IEnumerable<double> values)
    {
        var all = values.ToArray();
        if (all.Length == 0 || all.Any(v => !double.IsFinite(v) || v != Math.Round(v))) return null;
        double span = all.Max() - all.Min();
        return new Dictionary<string, object> { ["tickmode"] = "linear", ["tick0"] = all.Min(), ["dtick"] = Math.Max(1, Math.Ceiling(span / 16)), ["tickformat"] = "d" };
    }

    /// <summary>
    /// A small horizontal dodge for points that land on the same pixel: points of different devices with identical
    /// (<paramref name="x"/>, <paramref name="y"/>) get x multiplied by 10^(±<see cref="DodgeDecades"/> per device), centred on the
    /// true value (for a log x axis). Returns the factor per point key (1 for points that coincide with no other device) and
    /// a sentence naming the devices that coincide, or null when none do.
    /// </summary>
    public static (IReadOnlyDictionary<string, double> Factor, string? Caption) Dodge(IReadOnlyList<PointResult> points, Func<PointResult, double> x, Func<PointResult, double> y, string what)
    {
        var factor = new Dictionary<string, double>(StringComparer.Ordinal);
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var spot in points.GroupBy(p => (x(p), y(p))))
        {
            var devices = spot.Select(p => p.DeviceName).Distinct().Order(StringComparer.Ordinal).ToArray();
            foreach (var p in spot)
                factor[p.Key] = devices.Length < 2 ? 1 : Math.Pow(10, DodgeDecades * (Array.IndexOf(devices, p.DeviceName) - (devices.Length - 1) / 2.0));
            if (devices.Length > 1) groups[string.Join(", ", devices)] = groups.GetValueOrDefault(string.Join(", ", devices)) + 1;
        }
        if (groups.Count == 0) return (factor, null);
        var inv = CultureInfo.InvariantCulture;
        string list = string.Join("; ", groups.OrderByDescending(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ({g.Value} positions)"));
        return (factor, string.Create(inv,
            $"Points coincide here: devices with identical {what} land on the same spot ({WebUtility.HtmlEncode(list)}). " +
            $"They are drawn side by side, shifted horizontally by {(Math.Pow(10, DodgeDecades) - 1) * 100:F0}% per device around the true value (hover shows the true numbers)."));
    }

    /// <summary>Horizontal shift between devices at one spot, in decades of a log x axis (about 3%).</summary>
    public const double DodgeDecades = 0.0128;

    /// <summary>A plotly axis object: title (with its unit), log type, and optional tick settings (<see cref="LogTicks"/>, <see cref="IntegerTicks"/>).</summary>
    public static Dictionary<string, object> AxisLayout(string title, bool log, Dictionary<string, object>? ticks = null)
    {
        var axis = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = title }, ["automargin"] = true };
        if (log) axis["type"] = "log";
        foreach (var (k, v) in ticks ?? []) axis[k] = v;
        return axis;
    }

    /// <summary>A plot title.</summary>
    public static GenericChart WithTitleText(this GenericChart chart, string title) => Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
}
