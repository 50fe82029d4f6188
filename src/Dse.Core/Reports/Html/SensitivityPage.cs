using System.Globalization;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;
using Dse.Reports.Collectors;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Dse.Reports.Html;

/// <summary>
/// <c>sensitivity.html</c>: one axis at a time around a reference design: accuracy vs ADC bits and vs crossbar size per device
/// (95% CI bands), accuracy vs sigma scale (SSA and MIPS side by side), energy vs ADC bits under each ADC model (the model
/// spread), with a <c>writeVerify</c> axis accuracy vs write energy per OVT and store lifetime vs update rate, and speed-up and
/// energy ratio against the CPU baseline.
/// </summary>
internal sealed class SensitivityPage : ISitePage
{
    /// <inheritdoc/>
    public string FileName => "sensitivity.html";

    /// <inheritdoc/>
    public string NavTitle => "Sensitivity";

    /// <inheritdoc/>
    public void Declare(CollectorSet collectors)
    {
        collectors.Use<SensitivityReference>();
        collectors.Use<AdcMonotonicityCheck>();
        collectors.Use<SweptValues>();
        collectors.Use<ShownPoints>();
        collectors.Use<LogAxisRanges>();
    }

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(Build(run).Render(FileName)));

    /// <inheritdoc/>
    public HtmlPage Build(RunRecord run)
    {
        // Every curve varies at most three axes around the reference: the points near it are all the curves need.
        var (sweepName, around, values) = (run.Spec.Name, run.Get<SensitivityReference>(), run.Get<SweptValues>());
        var points = around.Near;
        if (run.Count == 0) return HtmlPage.Empty($"Sensitivities of sweep {sweepName}", "sensitivity");
        var page = new HtmlPage($"Sensitivities of sweep {sweepName}", "sensitivity");
        var devices = values.Devices;
        // The nominal variation: the sweep's sigmaScale closest to the devices as written, so curves show the devices' own spread.
        var reference = around.Reference!;
        page.Section("Reference design",
            "Each curve varies one axis and holds every other at the value of the reference design, the most accurate design (cheapest on ties) " +
            $"at the sweep's sigmaScale closest to {DesignAxes.NominalSigmaScale} (each device's sigma as its file writes it): " +
            $"<b>{HtmlPage.Encode(Figures.Label(reference))}</b>, sigmaScale {reference.SigmaScale.ToString("G4", CultureInfo.InvariantCulture)} " +
            $"(key <code>{HtmlPage.Encode(reference.Key)}</code>). Curves for other devices keep the reference's other values.");

        // A curve the sweep does not vary is left out, not drawn empty; the page lists those at the end with how to get them.
        var notDrawn = new List<string>();
        void Curve(string heading, string caption, Axis along, int values, Func<GenericChart> chart, string? hint = null, string? after = null)
        {
            if (values <= 1)
            {
                notDrawn.Add($"{HtmlPage.Encode(heading)}: the sweep holds one {HtmlPage.Encode(along.Title)} value here.{(hint is null ? "" : " " + HtmlPage.Encode(hint))}");
                return;
            }
            page.Section(heading, caption);
            page.Chart(chart());
            if (after is not null) page.Html(after);
        }

        Curve("Accuracy vs ADC resolution", "Mean over chips with its 95% confidence interval as a band, one curve per device.", DesignAxes.AdcBits,
            Values(Slice(points, reference, DesignAxes.Device, DesignAxes.AdcBits), DesignAxes.AdcBits), () => AccuracyVsAdc(points, devices, reference),
            after: MonotonicityNote(run.Get<AdcMonotonicityCheck>()));

        Curve("Accuracy vs crossbar size",
            "Mean over chips with its 95% confidence interval as a band, one curve per device, at the reference's wire resistance scale " +
            $"({reference.WireResistanceScale.ToString("G4", CultureInfo.InvariantCulture)}; 0 = ideal wires). Larger crossbars share their periphery over " +
            "more cells but lose more of their signal to IR drop: longer wordlines and bitlines, more current through the driver and sense resistances.",
            DesignAxes.Crossbar, Values(Slice(points, reference, DesignAxes.Device, DesignAxes.Crossbar), DesignAxes.Crossbar), () => AccuracyVsCrossbar(points, devices, reference));

        Curve("Accuracy vs rows per read",
            "Mean over chips with its 95% confidence interval as a band, one curve per device, on the reference's crossbar. Fewer rows per read " +
            "give smaller partial sums for the same ADC and less IR drop, but more conversions, more energy and more latency per search (each " +
            "point's hover gives its energy and latency); \"all\" reads every row of the crossbar at once.",
            DesignAxes.RowsPerRead, Values(Slice(points, reference, DesignAxes.Device, DesignAxes.RowsPerRead), DesignAxes.RowsPerRead),
            () => AccuracyVsRowsPerRead(points, devices, reference),
            "List several rowsPerRead values (e.g. [16, 64, \"all\"]) to see this curve.");

        Curve("Accuracy vs device variation", "SSA (solid) and MIPS on the same noisy arrays (dashed), mean over chips, one colour per device.", DesignAxes.SigmaScale,
            Values(Slice(points, reference, DesignAxes.Device, DesignAxes.SigmaScale), DesignAxes.SigmaScale), () => AccuracyVsSigma(points, devices, reference),
            "List several sigmaScale values (e.g. [0, 0.25, 0.5, 1, 1.25]) to see this curve.");

        var adcModels = Values(Slice(points, reference, DesignAxes.AdcBits, DesignAxes.AdcModel), DesignAxes.AdcModel);
        Curve("Energy vs ADC resolution under each ADC model",
            "Total energy per query search of the reference design as the ADC resolution varies, one curve per ADC cost model in the sweep. " +
            (adcModels > 1
                ? "The spread between the models (NeuroSim SAR, flash, Murmann-survey fit) is an uncertainty of the cost model, not of the design."
                : $"This sweep costs one ADC model ({HtmlPage.Encode(reference.AdcModel)}): list several in <code>adcModel</code> to see the spread between the cost models."),
            DesignAxes.AdcBits, Values(Slice(points, reference, DesignAxes.AdcBits, DesignAxes.AdcModel), DesignAxes.AdcBits), () => EnergyVsAdcByModel(points, reference));

        Curve("Against the CPU+DRAM baseline as the store grows",
            "Speed-up and energy ratio of the reference design's settings against the same search on the edge CPU, per device, as the number of stored OVTs " +
            "(storedPrompts) grows; the dotted line is parity, and a marked point is the largest store at which the design still beats the CPU.",
            DesignAxes.StoredPrompts, Values(Slice(points, reference, DesignAxes.Device, DesignAxes.StoredPrompts), DesignAxes.StoredPrompts),
            () => VersusStoreSize(points, devices, reference),
            "List several store sizes (e.g. \"storedPrompts\": [4, 8, 16]) to see where the crossbar stops beating the CPU.");

        if (values.RawValuesOf(DesignAxes.WriteVerify).Any(v => v is not null)) WriteVerifySections(page, points, devices, reference);

        var (shown, ranges) = (run.Get<ShownPoints>().Points, run.Get<LogAxisRanges>());
        var dodge = Figures.Dodge(shown, p => p.Speedup, p => p.EnergyRatio, "latency and energy");
        page.Section("Against the CPU+DRAM baseline",
            "Speed-up (CPU latency / design latency) and energy ratio (CPU energy / design energy) of every design against the same search on the edge CPU; " +
            "above 1 the crossbar wins. " + ParetoPage.Thinning(run) + (dodge.Caption ?? "No two devices share a point."));
        page.Chart(Baseline(shown, devices, dodge.Factor, ranges.Speedups, ranges.EnergyRatios));
        if (notDrawn.Count > 0)
        {
            page.Section("Curves this sweep does not draw");
            page.Html("<ul>" + string.Concat(notDrawn.Select(n => $"<li>{n}</li>")) + "</ul>");
        }
        return page;
    }

    /// <summary>
    /// The write-verify sections (only for runs with a <c>writeVerify</c> axis): accuracy vs write energy per OVT, one curve per device and
    /// slice selection through the iteration counts; and, with <c>updatesPerDay</c>, store lifetime vs update rate per device, without
    /// write-verify and under the reference's policy.
    /// </summary>
    private static void WriteVerifySections(HtmlPage page, IReadOnlyList<PointResult> points, string[] devices, PointResult reference)
    {
        page.Section("Accuracy vs write energy per OVT under write-verify",
            "Each curve is one device (colour) and one verify policy (dash: msb:1 dotted, msb:2 dashed, all solid) through its iteration counts; " +
            "every curve starts at the unverified write (one pulse per cell). Write energy per OVT charges every verified cell all its pulses " +
            "(docs/models.md, 'Write-verify'). Where a selective curve reaches the full-verify accuracy left of it, verifying the top slices suffices.");
        var slice = Slice(points, reference, DesignAxes.Device, DesignAxes.WriteVerify).Where(p => p.WriteVerify is not null).ToArray();
        var policies = slice.Where(p => p.WriteVerify!.Iterations > 0).Select(p => p.WriteVerify!.Slices).Distinct().OrderBy(n => n == "all").ThenBy(n => n, StringComparer.Ordinal).ToArray();
        if (policies.Length == 0) page.NothingToPlot(DesignAxes.WriteVerify.Title, "List verify policies with iterations > 0 to see these curves.");
        else
        {
            var traces = new List<GenericChart>();
            foreach (var device in devices)
            {
                var colour = Color.fromHex(Figures.Colour(devices, device));
                var none = slice.Where(p => p.DeviceName == device && p.WriteVerify!.Iterations == 0).ToArray();
                for (int i = 0; i < policies.Length; i++)
                {
                    var curve = none.Concat(slice.Where(p => p.DeviceName == device && p.WriteVerify!.Iterations > 0 && p.WriteVerify!.Slices == policies[i])
                        .OrderBy(p => p.WriteVerify!.Iterations)).ToArray();
                    if (curve.Length == 0) continue;
                    var dash = policies[i] == "all" ? StyleParam.DrawingStyle.Solid : i == 0 ? StyleParam.DrawingStyle.Dot : StyleParam.DrawingStyle.Dash;
                    traces.Add(Chart.Scatter<double, double, string>(x: curve.Select(p => p.WriteEnergyJ).ToArray(), y: curve.Select(p => p.ObjectiveAccuracy).ToArray(),
                            mode: StyleParam.Mode.Lines_Markers, Name: $"{device} {policies[i]}", MultiText: curve.Select(Figures.Hover).ToArray(),
                            MarkerColor: colour, LineColor: colour, LineDash: dash)
                        .WithTraceProperty("hovertemplate", "%{text}<extra></extra>").WithTraceProperty("legendgroup", device));
                }
            }
            page.Chart(Chart.Combine(traces)
                .WithXAxisStyle<double, double, string>(TitleText: "write energy per OVT (J, log)", AxisType: StyleParam.AxisType.Log)
                .WithAxisTicks(StyleParam.SubPlotId.NewXAxis(1), Figures.LogTicks(slice.Select(p => p.WriteEnergyJ), Figures.SiTick("J")))
                .WithYAxisStyle<double, double, string>(TitleText: "accuracy (fraction, mean over chips)")
                .WithSize(1100, 520));
        }

        page.Section("Store lifetime vs update rate",
            "Years until the most-written cells reach the device's endurance as each OVT is rewritten updatesPerDay times a day: solid without " +
            $"write-verify, dashed under the reference's policy ({HtmlPage.Encode(DesignAxes.WriteVerify.Format(reference.WriteVerify))}). Every pulse counts as one " +
            "endurance cycle and the changed values are assumed spread evenly over the OVT's cells (docs/models.md, 'Lifetime').");
        var life = Slice(points, reference, DesignAxes.Device, DesignAxes.WriteVerify, DesignAxes.UpdatesPerDay)
            .Where(p => p.LifetimeYears is not null && (p.WriteVerify is { Iterations: 0 } || Equals(p.WriteVerify, reference.WriteVerify))).ToArray();
        if (life.Select(p => p.UpdatesPerDay).Distinct().Count() < 2)
        {
            page.NothingToPlot(DesignAxes.UpdatesPerDay.Title, "List several update rates (e.g. \"updatesPerDay\": [10, 1000]) to see this curve.");
            return;
        }
        var lifeTraces = new List<GenericChart>();
        foreach (var device in devices)
        {
            var colour = Color.fromHex(Figures.Colour(devices, device));
            foreach (var group in life.Where(p => p.DeviceName == device).GroupBy(p => p.WriteVerify!.Iterations == 0).OrderByDescending(g => g.Key))
            {
                var curve = group.OrderBy(p => p.UpdatesPerDay).ToArray();
                lifeTraces.Add(Chart.Scatter<double, double, string>(x: curve.Select(p => p.UpdatesPerDay!.Value).ToArray(), y: curve.Select(p => p.LifetimeYears!.Value).ToArray(),
                        mode: StyleParam.Mode.Lines_Markers, Name: $"{device} {DesignAxes.WriteVerify.Format(curve[0].WriteVerify)}", MultiText: curve.Select(Figures.Hover).ToArray(),
                        MarkerColor: colour, LineColor: colour, LineDash: group.Key ? StyleParam.DrawingStyle.Solid : StyleParam.DrawingStyle.Dash)
                    .WithTraceProperty("hovertemplate", "%{text}<extra></extra>").WithTraceProperty("legendgroup", device));
            }
        }
        page.Chart(Chart.Combine(lifeTraces)
            .WithXAxisStyle<double, double, string>(TitleText: DesignAxes.UpdatesPerDay.Title + " (log)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "store lifetime (years, log)", AxisType: StyleParam.AxisType.Log)
            .WithAxisTicks(StyleParam.SubPlotId.NewYAxis(1), Figures.LogTicks(life.Select(p => p.LifetimeYears!.Value), Figures.PlainTick))
            .WithSize(1100, 480));
    }

    /// <summary>A paragraph naming every curve whose accuracy falls beyond its CI when the ADC gains a bit, with the likely cause.</summary>
    private static string MonotonicityNote(AdcMonotonicityCheck check)
    {
        var (drops, curves, lower) = (check.Drops, check.Curves, check.LowerPoints);
        if (drops.Count == 0)
            return $"<p class=\"note\">Checked: on none of the {curves} curves along ADC resolution (every other axis fixed) does accuracy fall beyond its 95% CI.</p>";
        var items = drops.Take(AdcMonotonicityCheck.Listed).Select(d => string.Create(CultureInfo.InvariantCulture,
            $"<li>{HtmlPage.Encode(Figures.Label(lower[d.LowerKey]))}: {d.LowerAdcBits} -> {d.HigherAdcBits} bits falls by {d.Drop:F3} (CI allows {d.Allowed:F3})</li>"));
        return $"<p class=\"note\"><b>Warning:</b> on {drops.Select(d => d.LowerKey).Distinct().Count()} of {curves} curves along ADC resolution accuracy falls beyond its 95% CI. " +
            HtmlPage.Encode(Dse.Analysis.AdcMonotonicity.LikelyCause) + "</p><ul>" + string.Concat(items) + (drops.Count > AdcMonotonicityCheck.Listed ? $"<li>... {drops.Count - AdcMonotonicityCheck.Listed} more</li>" : "") + "</ul>";
    }

    private static GenericChart VersusStoreSize(IReadOnlyList<PointResult> points, string[] devices, PointResult reference)
    {
        var traces = new List<GenericChart>();
        foreach (var device in devices)
        {
            var curve = Slice(points, reference, DesignAxes.Device, DesignAxes.StoredPrompts).Where(p => p.DeviceName == device).OrderBy(p => p.StoredPrompts).ToArray();
            if (curve.Length == 0) continue;
            var colour = Color.fromHex(Figures.Colour(devices, device));
            var x = curve.Select(p => (double)p.StoredPrompts!.Value).ToArray();
            traces.Add(Chart.Scatter<double, double, string>(x: x, y: curve.Select(p => p.Speedup).ToArray(), mode: StyleParam.Mode.Lines_Markers,
                    Name: $"{device} speed-up", MultiText: curve.Select(Figures.Hover).ToArray(), MarkerColor: colour, LineColor: colour)
                .WithTraceProperty("hovertemplate", "%{text}<extra></extra>").WithTraceProperty("legendgroup", device));
            traces.Add(Chart.Scatter<double, double, string>(x: x, y: curve.Select(p => p.EnergyRatio).ToArray(), mode: StyleParam.Mode.Lines_Markers,
                    Name: $"{device} energy ratio", MultiText: curve.Select(Figures.Hover).ToArray(), MarkerColor: colour, LineColor: colour, LineDash: StyleParam.DrawingStyle.Dash)
                .WithTraceProperty("hovertemplate", "%{text}<extra></extra>").WithTraceProperty("legendgroup", device));
            var lastWin = curve.LastOrDefault(p => p.Speedup >= 1);
            if (lastWin is not null && lastWin != curve[^1])
                traces.Add(Chart.Scatter<double, double, string>(x: new[] { (double)lastWin.StoredPrompts!.Value }, y: new[] { lastWin.Speedup }, mode: StyleParam.Mode.Markers_Text,
                        Name: $"{device}: last store beating the CPU", MultiText: new[] { $"crossover: {device} beats the CPU up to {lastWin.StoredPrompts} OVTs" }, MarkerColor: colour)
                    .WithTraceProperty("marker", new Dictionary<string, object> { ["size"] = 14, ["symbol"] = "star", ["color"] = Figures.Colour(devices, device) })
                    .WithTraceProperty("legendgroup", device));
        }
        var all = points.Where(p => p.StoredPrompts is not null).ToArray();
        return Chart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: DesignAxes.StoredPrompts.Title + " (log)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "CPU+DRAM / design (x, log): speed-up solid, energy ratio dashed", AxisType: StyleParam.AxisType.Log)
            .WithAxisTicks(StyleParam.SubPlotId.NewYAxis(1), Figures.LogTicks(all.Select(p => p.Speedup).Concat(all.Select(p => p.EnergyRatio)).Append(1), Figures.PlainTick))
            .WithLayoutProperty("shapes", new[]
            {
                new Dictionary<string, object> { ["type"] = "line", ["xref"] = "paper", ["yref"] = "y", ["x0"] = 0, ["x1"] = 1, ["y0"] = 1, ["y1"] = 1, ["line"] = new Dictionary<string, object> { ["dash"] = "dot", ["color"] = "#555" } },
            })
            .WithSize(1100, 480);
    }

    /// <summary>Distinct values of <paramref name="axis"/> among <paramref name="points"/>: a curve along it needs two.</summary>
    private static int Values(IEnumerable<PointResult> points, Axis axis) => points.Select(p => axis.Format(p.Coordinates[axis])).Distinct().Count();

    /// <summary>Points equal to <paramref name="reference"/> on every axis except the <paramref name="free"/> ones.</summary>
    private static IEnumerable<PointResult> Slice(IReadOnlyList<PointResult> points, PointResult reference, params Axis[] free)
        => points.Where(p => DesignAxes.All.All(a => free.Contains(a) || Equals(p.Coordinates[a], reference.Coordinates[a])));

    private static GenericChart AccuracyVsAdc(IReadOnlyList<PointResult> points, string[] devices, PointResult reference)
        => AccuracyBands(points, devices, reference, DesignAxes.AdcBits, p => p.AdcBits)
            .WithLayoutProperty("xaxis", Figures.AxisLayout(DesignAxes.AdcBits.Title, log: false, Figures.IntegerTicks(points.Select(p => (double)p.AdcBits))));

    /// <summary>Accuracy vs crossbar size, the sizes in order of cells per crossbar, one tick per size (<c>RxC</c>).</summary>
    private static GenericChart AccuracyVsCrossbar(IReadOnlyList<PointResult> points, string[] devices, PointResult reference)
    {
        var sizes = points.Select(p => (p.Rows, p.Cols)).Distinct().OrderBy(s => (long)s.Rows * s.Cols).ThenBy(s => s.Rows).ToList();
        var ticks = new Dictionary<string, object>
        {
            ["tickmode"] = "array",
            ["tickvals"] = Enumerable.Range(0, sizes.Count).ToArray(),
            ["ticktext"] = sizes.Select(s => $"{s.Rows}x{s.Cols}").ToArray(),
        };
        return AccuracyBands(points, devices, reference, DesignAxes.Crossbar, p => sizes.IndexOf((p.Rows, p.Cols)))
            .WithLayoutProperty("xaxis", Figures.AxisLayout(DesignAxes.Crossbar.Title, log: false, ticks));
    }

    /// <summary>Accuracy vs rows per read on a log axis (groups are usually powers of two), one tick per value read.</summary>
    private static GenericChart AccuracyVsRowsPerRead(IReadOnlyList<PointResult> points, string[] devices, PointResult reference)
    {
        var values = Slice(points, reference, DesignAxes.Device, DesignAxes.RowsPerRead).Select(p => p.RowsPerReadOrRows).Distinct().Order().ToArray();
        var ticks = new Dictionary<string, object>
        {
            ["tickmode"] = "array",
            ["tickvals"] = values,
            ["ticktext"] = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
        };
        return AccuracyBands(points, devices, reference, DesignAxes.RowsPerRead, p => p.RowsPerReadOrRows)
            .WithLayoutProperty("xaxis", Figures.AxisLayout(DesignAxes.RowsPerRead.Title + " (log)", log: true, ticks));
    }

    /// <summary>One curve per device of the mean accuracy with its 95% CI band along <paramref name="axis"/> (the other axes at the reference's values).</summary>
    private static GenericChart AccuracyBands(IReadOnlyList<PointResult> points, string[] devices, PointResult reference, Axis axis, Func<PointResult, double> position)
    {
        var traces = new List<GenericChart>();
        foreach (var device in devices)
        {
            var curve = Slice(points, reference, DesignAxes.Device, axis).Where(p => p.DeviceName == device).OrderBy(position).ToArray();
            if (curve.Length == 0) continue;
            var colour = Figures.Colour(devices, device);
            var x = curve.Select(position).ToArray();
            var stats = curve.Select(p => p.AccuracyStats).ToArray();
            traces.Add(Chart.Scatter<double, double, string>(x: x, y: stats.Select(s => s.CiHigh).ToArray(), mode: StyleParam.Mode.Lines, ShowLegend: false, Name: device + " CI high")
                .WithTraceProperty("line", new Dictionary<string, object> { ["width"] = 0 }).WithTraceProperty("hoverinfo", "skip").WithTraceProperty("legendgroup", device));
            traces.Add(Chart.Scatter<double, double, string>(x: x, y: stats.Select(s => s.CiLow).ToArray(), mode: StyleParam.Mode.Lines, ShowLegend: false, Name: device + " CI low")
                .WithTraceProperty("line", new Dictionary<string, object> { ["width"] = 0 }).WithTraceProperty("fill", "tonexty")
                .WithTraceProperty("fillcolor", Translucent(colour)).WithTraceProperty("hoverinfo", "skip").WithTraceProperty("legendgroup", device));
            traces.Add(Chart.Scatter<double, double, string>(x: x, y: stats.Select(s => s.Mean).ToArray(), mode: StyleParam.Mode.Lines_Markers, Name: device,
                    MultiText: curve.Select(Figures.Hover).ToArray(), MarkerColor: Color.fromHex(colour), LineColor: Color.fromHex(colour))
                .WithTraceProperty("hovertemplate", "%{text}<extra></extra>").WithTraceProperty("legendgroup", device));
        }
        return Chart.Combine(traces)
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (fraction, mean over chips, 95% CI band)")
            .WithSize(1100, 480);
    }

    private static GenericChart AccuracyVsSigma(IReadOnlyList<PointResult> points, string[] devices, PointResult reference)
    {
        var traces = new List<GenericChart>();
        foreach (var device in devices)
        {
            var curve = Slice(points, reference, DesignAxes.Device, DesignAxes.SigmaScale).Where(p => p.DeviceName == device).OrderBy(p => p.SigmaScale).ToArray();
            if (curve.Length == 0) continue;
            var colour = Color.fromHex(Figures.Colour(devices, device));
            var x = curve.Select(p => p.SigmaScale).ToArray();
            traces.Add(Chart.Scatter<double, double, string>(x: x, y: curve.Select(p => p.AccuracyStats.Mean).ToArray(), mode: StyleParam.Mode.Lines_Markers,
                    Name: $"{device} SSA", MultiText: curve.Select(Figures.Hover).ToArray(), MarkerColor: colour, LineColor: colour)
                .WithTraceProperty("hovertemplate", "%{text}<extra></extra>").WithTraceProperty("legendgroup", device));
            traces.Add(Chart.Scatter<double, double, string>(x: x, y: curve.Select(p => (p.MipsAccuracy ?? p.MipsAgreement)!.Mean).ToArray(), mode: StyleParam.Mode.Lines_Markers,
                    Name: $"{device} MIPS", MultiText: curve.Select(p => "<b>MIPS</b><br>" + Figures.Hover(p)).ToArray(), MarkerColor: colour, LineColor: colour, LineDash: StyleParam.DrawingStyle.Dash)
                .WithTraceProperty("hovertemplate", "%{text}<extra></extra>").WithTraceProperty("legendgroup", device));
        }
        return Chart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: $"{DesignAxes.SigmaScale.Title}; {DesignAxes.NominalSigmaScale} = the device file's sigma")
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (fraction, mean over chips)")
            .WithSize(1100, 480);
    }

    private static GenericChart EnergyVsAdcByModel(IReadOnlyList<PointResult> points, PointResult reference)
    {
        var models = points.Select(p => p.AdcModel).Distinct().Order(StringComparer.Ordinal).ToArray();
        var slice = Slice(points, reference, DesignAxes.AdcBits, DesignAxes.AdcModel).ToArray();
        var traces = models.Select((model, i) =>
        {
            var curve = slice.Where(p => p.AdcModel == model).OrderBy(p => p.AdcBits).ToArray();
            var colour = Color.fromHex(Figures.Palette[(i + 3) % Figures.Palette.Length]);
            return Chart.Scatter<double, double, string>(x: curve.Select(p => (double)p.AdcBits).ToArray(), y: curve.Select(p => p.EnergyJ).ToArray(),
                    mode: StyleParam.Mode.Lines_Markers, Name: model, MultiText: curve.Select(Figures.Hover).ToArray(), MarkerColor: colour, LineColor: colour)
                .WithTraceProperty("hovertemplate", "%{text}<extra></extra>");
        }).ToArray();
        return Chart.Combine(traces)
            .WithLayoutProperty("xaxis", Figures.AxisLayout(DesignAxes.AdcBits.Title, log: false, Figures.IntegerTicks(points.Select(p => (double)p.AdcBits))))
            .WithYAxisStyle<double, double, string>(TitleText: "energy per query search (J, log)", AxisType: StyleParam.AxisType.Log)
            .WithAxisTicks(StyleParam.SubPlotId.NewYAxis(1), Figures.LogTicks(slice.Select(p => p.EnergyJ), Figures.SiTick("J")))
            .WithSize(1100, 480);
    }

    /// <summary>Speed-up against energy ratio of <paramref name="points"/> (the shown ones); the ticks span every point's values and 1 (<paramref name="speedups"/>, <paramref name="energyRatios"/>).</summary>
    private static GenericChart Baseline(IReadOnlyList<PointResult> points, string[] devices, IReadOnlyDictionary<string, double> dodge, PositiveRange speedups, PositiveRange energyRatios)
    {
        var traces = devices.Select(device =>
        {
            var mine = points.Where(p => p.DeviceName == device).ToArray();
            return Chart.Scatter<double, double, string>(x: mine.Select(p => p.Speedup * dodge[p.Key]).ToArray(), y: mine.Select(p => p.EnergyRatio).ToArray(),
                    mode: StyleParam.Mode.Markers, Name: device, MultiText: mine.Select(Figures.Hover).ToArray(),
                    MarkerColor: Color.fromHex(Figures.Colour(devices, device)), Opacity: 0.75)
                .WithTraceProperty("hovertemplate", "%{text}<extra></extra>");
        }).ToArray();
        return Chart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "speed-up vs CPU+DRAM (x, log)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "energy ratio vs CPU+DRAM (x, log)", AxisType: StyleParam.AxisType.Log)
            .WithAxisTicks(StyleParam.SubPlotId.NewXAxis(1), Figures.LogTicks(speedups.Ends, Figures.PlainTick))
            .WithAxisTicks(StyleParam.SubPlotId.NewYAxis(1), Figures.LogTicks(energyRatios.Ends, Figures.PlainTick))
            .WithLayoutProperty("shapes", new[]
            {
                new Dictionary<string, object> { ["type"] = "line", ["xref"] = "x", ["yref"] = "paper", ["x0"] = 1, ["x1"] = 1, ["y0"] = 0, ["y1"] = 1, ["line"] = new Dictionary<string, object> { ["dash"] = "dot", ["color"] = "#555" } },
                new Dictionary<string, object> { ["type"] = "line", ["xref"] = "paper", ["yref"] = "y", ["x0"] = 0, ["x1"] = 1, ["y0"] = 1, ["y1"] = 1, ["line"] = new Dictionary<string, object> { ["dash"] = "dot", ["color"] = "#555" } },
            })
            .WithSize(1100, 520);
    }

    private static string Translucent(string hex)
    {
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        return $"rgba({r},{g},{b},0.18)";
    }
}
