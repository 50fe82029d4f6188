using System.Globalization;
using System.Text;
using System.Text.Json;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;
using Dse.Reports.Collectors;
using Dse.Pareto;

namespace Dse.Reports.Html;

/// <summary>
/// <c>index.html</c>: the run summary (sweep spec, device files and their hashes, seed, skipped points and why,
/// wall time, the constrained-selection result if one was asked), the Pareto designs as a table, links to the other pages.
/// </summary>
internal sealed class IndexPage : ISitePage
{
    /// <inheritdoc/>
    public string FileName => "index.html";

    /// <inheritdoc/>
    public string NavTitle => "Summary";

    /// <inheritdoc/>
    public void Declare(CollectorSet collectors)
    {
        collectors.Use<SweptValues>();
        collectors.Use<AccuracyRange>();
        collectors.Use<SelectedPoints>();
    }

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(Build(run).Render(FileName, run.Spec.Mc.CostOnly)));

    /// <inheritdoc/>
    public HtmlPage Build(RunRecord run)
    {
        var (spec, front, objectives, summary) = (run.Spec, run.Front, run.Spec.Objectives, run.Summary);
        var (values, accuracy) = (run.Get<SweptValues>(), run.Get<AccuracyRange>());
        var inv = CultureInfo.InvariantCulture;
        var page = new HtmlPage($"Dse sweep {spec.Name}", "index");
        bool costOnly = spec.Mc.CostOnly;
        var facts = new List<(string, string)>
        {
            ("sweep file", spec.SourceFile),
            ("design points", $"{run.Count} evaluated, {summary?.SkippedPoints.ToString(inv) ?? "?"} skipped, {front.Count} on the Pareto front ({string.Join(", ", objectives.Select(o => o.Name))})"),
            ("workload", summary?.Workload ?? ""),
            ("Monte Carlo", costOnly ? "none: " + CostOnlySummary.NotSimulated : (summary?.Race is { } race
                    ? $"raced: {string.Join(", ", race.Rungs)} chips per point ({string.Join(" / ", race.RetiredPerRung.SkipLast(1))} retired after the rungs, {race.Finished} ran to the end; {race.PointTrials} of {race.FullPointTrials} chips), seed {spec.Mc.Seed}"
                    : $"{spec.Mc.Trials} chips per point, seed {spec.Mc.Seed}") +
                (spec.Mc.Arithmetic == MmmArithmetic.Int8 ? "; crossbar MMMs on 8-bit fixed-point conductances (mc.arithmetic int8): accuracies differ slightly from the float reference" : "")),
            ("accuracy range", costOnly ? "not simulated (cost-only screen)" : run.Count == 0 ? "" : string.Create(inv, $"{accuracy.Min:F3} to {accuracy.Max:F3}")),
            ("wall time", summary is null ? "" : string.Join(", ", summary.TimingsS.Select(kv => string.Create(inv, $"{RunTimings.Label(kv.Key)} {kv.Value:F1} s")))),
            ("versions", summary is null ? "" : string.Join(", ", summary.Versions.Select(kv => $"{kv.Key} {kv.Value}"))),
        };
        page.Section("Run");
        page.Html(HtmlPage.Table(["", ""], facts.Select(f => new[] { HtmlPage.Encode(f.Item1), HtmlPage.Encode(f.Item2) }), header: false));
        page.Html(costOnly
            ? "<p><b>Accuracy was not simulated</b>: this run is a cost-only screen (mc.trials = 0), so only the analytical cost model ran and the accuracy columns are empty. " +
              "Tables: <a href=\"points.csv\">points.csv</a>, <a href=\"pareto.csv\">pareto.csv</a>, <a href=\"summary.json\">summary.json</a></p>"
            : "<p>Pages: <a href=\"pareto.html\">Pareto front (3-D and projections)</a> · <a href=\"breakdown.html\">cost breakdown of the Pareto designs</a> · " +
              "<a href=\"sensitivity.html\">sensitivities</a> · tables: <a href=\"points.csv\">points.csv</a>, <a href=\"pareto.csv\">pareto.csv</a>, <a href=\"confusion.csv\">confusion.csv</a>, <a href=\"summary.json\">summary.json</a></p>");

        var varied = VariedAxes(values);
        if (run.Selection is { } sel)
        {
            Selection(page, sel, run.Get<SelectedPoints>().ByKey, varied);
            MostConfused(page, sel, run.Get<SelectedPoints>().Points, run.Summary?.OvtNames);
        }

        page.Section("Pareto designs", (costOnly ? "Best first in " + objectives[0].Name + "; accuracy not simulated. " : "Best accuracy first. ") + "Energy and latency per query search; the CPU columns compare with the same search on the CPU+DRAM baseline. " +
            FixedAxes(values, varied));
        page.Html(HtmlPage.Table([.. varied.Select(a => a.Title), "accuracy (95% CI)", "P5 over chips", "energy", "latency", "area (mm²)", "vs CPU speed", "vs CPU energy"],
            front.Select(p =>
            {
                var a = p.IsSimulated ? p.AccuracyStats : null;
                return Design(p, varied).Concat(
                [
                    a is null ? "not simulated" : string.Create(inv, $"{a.Mean:F3} ({a.CiLow:F3}-{a.CiHigh:F3})"), a?.P5.ToString("F3", inv) ?? "",
                    Quantity.Si(p.EnergyJ, "J"), Quantity.Si(p.LatencyS, "s"), p.AreaMm2.ToString("G4", inv), p.Speedup.ToString("G3", inv) + "x", p.EnergyRatio.ToString("G3", inv) + "x",
                ]).ToArray();
            })));

        if (summary is { SkippedByReason.Count: > 0 })
        {
            page.Section("Skipped points");
            page.Html(HtmlPage.Table(["points", "reason"], summary.SkippedByReason.Select(kv => new[] { kv.Value.ToString(inv), HtmlPage.Encode(kv.Key) })));
        }
        if (summary is not null)
        {
            page.Section("Input files");
            page.Html(HtmlPage.Table(["file", "SHA-256"], summary.Inputs.Select(i => new[] { HtmlPage.Encode(i.Path), $"<code>{i.Sha256}</code>" })));
            if (summary.EffectiveSigma.Count > 0)
            {
                page.Section("Device variation",
                    "Each device's programming sigma as simulated: the device file's sigma (the device's own spread) times the sweep's sigmaScale (default 1, the device as written).");
                page.Html(HtmlPage.Table(["device", "model", "sigmaScale", "effective sigma", "file sigma", "unit"], summary.EffectiveSigma.Select(e => new[]
                {
                    HtmlPage.Encode(e.Device), HtmlPage.Encode(e.Model), e.SigmaScale.ToString("G4", inv), Sigmas(e.Sigma), Sigmas(e.FileSigma), HtmlPage.Encode(e.Unit),
                })));
            }
            page.Section("Modelling assumptions");
            page.Html("<ul>" + string.Concat(summary.Assumptions.Select(a => $"<li>{HtmlPage.Encode(a)}</li>")) + "</ul>");
        }
        page.Section("Sweep specification (after command-line overrides)");
        page.Html($"<pre>{HtmlPage.Encode(spec.Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }))}</pre>");
        return page;
    }

    /// <summary>Sigma values as a list, four significant digits each.</summary>
    private static string Sigmas(IReadOnlyList<double> values) => string.Join(" / ", values.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)));

    /// <summary>The axes whose value differs between points (the device always): the design columns of the tables.</summary>
    private static Axis[] VariedAxes(SweptValues values)
        => DesignAxes.All.Where(a => a == DesignAxes.Device || values.ValuesOf(a).Count > 1).ToArray();

    /// <summary>A sentence listing the axes every point shares, with their one value (empty for a run without points).</summary>
    private static string FixedAxes(SweptValues values, Axis[] varied)
    {
        var fixedAxes = DesignAxes.All.Except(varied).ToArray();
        return values.ValuesOf(DesignAxes.Device).Count == 0 || fixedAxes.Length == 0 ? ""
            : "Every design has " + HtmlPage.Encode(string.Join(", ", fixedAxes.Select(a => $"{a.DisplayName} {values.ValuesOf(a)[0]}{(a.Unit is { } u && char.IsAsciiDigit(values.ValuesOf(a)[0][0]) ? " " + u : "")}"))) + ".";
    }

    private static IEnumerable<string> Design(PointResult p, Axis[] axes) => Design(p.Coordinates, axes);

    private static IEnumerable<string> Design(AxisValues coordinates, Axis[] axes) => axes.Select(a => HtmlPage.Encode(a.Format(coordinates[a])));

    /// <summary>
    /// The last <c>dse select</c> answer: its budgets (value, slack, whether each binds) and the ranked designs; a per-slice ADC design
    /// shows its resolution per bit slice in the ADC column (which the table then always has).
    /// </summary>
    private static void Selection(HtmlPage page, SelectionRecord sel, IReadOnlyDictionary<string, AxisValues> byKey, Axis[] varied)
    {
        var inv = CultureInfo.InvariantCulture;
        page.Section("Constrained selection (dse select)");
        string Bound(SelectionBudget b) => $"{HtmlPage.Encode(b.Relation)} {Quantity.Format(b.Bound, b.Unit)}";
        var chosen = sel.Chosen;
        page.Html($"<p>Minimise <b>{HtmlPage.Encode(sel.Minimise)}</b> subject to " +
                  (sel.Budgets.Count == 0 ? "no budgets" : HtmlPage.Encode(string.Join(", ", sel.Budgets.Select(b => b.Quantity)))) +
                  $": <b>{HtmlPage.Encode(sel.Status)}</b>" + (chosen is null ? ", no design meets every budget." : $", {sel.Ranked.Count} design(s) ranked; the answer is <code>{HtmlPage.Encode(chosen.Key)}</code>" +
                  (chosen.AdcBitsPerSlice is { } answerBits ? $", a per-slice ADC design ({HtmlPage.Encode(answerBits)} bits per slice)." : ".")) +
                  (sel.PerSliceCandidates > 0 ? $" Candidates: the run's points and {sel.PerSliceCandidates.ToString(inv)} per-slice ADC designs verified by <code>dse search</code> on the run's chips (search-designs.jsonl, page search.html)." : "") +
                  $" <span class=\"note\">Method: {HtmlPage.Encode(sel.Method)}.</span></p>");
        if (sel.Budgets.Count > 0)
        {
            page.Html(HtmlPage.Table(["budget", "bound", "chosen design's value", "slack", "binds?", "designs failing it"], sel.Budgets.Select(b =>
            {
                var check = chosen?.Checks.FirstOrDefault(c => c.Name == b.Name);
                return new[]
                {
                    HtmlPage.Encode(b.Quantity), Bound(b), check is null ? "" : Quantity.Format(check.Value, b.Unit), check is null ? "" : Quantity.Format(check.Slack, b.Unit),
                    check?.Binds switch { true => "<span style=\"color:#b42318;font-weight:600\">binds</span>", false => "no", null => "" },
                    sel.PointsFailing.GetValueOrDefault(b.Name).ToString(inv),
                };
            })));
            page.Html("<p class=\"note\">A budget <i>binds</i> when dropping it alone (keeping the others) would select a different, better design; two budgets that imply each other (e.g. mean and P5 accuracy) can each read <i>no</i> while together they bind. Slack is how far inside its bound the chosen design is.</p>");
        }
        if (chosen is null) return;
        var axes = sel.Ranked.Any(d => d.AdcBitsPerSlice is not null) ? DesignAxes.All.Where(a => varied.Contains(a) || a == DesignAxes.AdcBits).ToArray() : varied;
        IEnumerable<string> Columns(SelectedDesign d) => !byKey.TryGetValue(d.Key, out var c) ? [HtmlPage.Encode(d.Key), .. axes.Skip(1).Select(_ => "")]
            : Design(c, axes).Select((cell, i) => axes[i] == DesignAxes.AdcBits && d.AdcBitsPerSlice is { } bits ? $"{HtmlPage.Encode(bits)} <span class=\"note\">per slice (dse search)</span>" : cell);
        page.Html(HtmlPage.Table(["rank", .. axes.Select(a => a.Title), "accuracy", "P5 over chips", "agreement", "energy", "latency", "area (mm²)", .. sel.Budgets.Select(b => $"slack: {b.Quantity}")],
            sel.Ranked.Select(d => new[] { d.Rank.ToString(inv) }
                .Concat(Columns(d))
                .Concat([d.Accuracy?.ToString("F4", inv) ?? "not simulated", d.AccuracyP5?.ToString("F4", inv) ?? "", d.Agreement?.ToString("F4", inv) ?? "", Quantity.Si(d.EnergyJ, "J"), Quantity.Si(d.LatencyS, "s"), d.AreaMm2.ToString("G4", inv)])
                .Concat(sel.Budgets.Select(b => d.Checks.FirstOrDefault(c => c.Name == b.Name) is { } c ? Quantity.Format(c.Slack, b.Unit) : "")).ToArray()),
            rowClass: r => r == 0 ? "best" : null));
    }

    /// <summary>For each ranked design of the run (a per-slice design has no confusion counts), the three (true, picked) OVT pairs its
    /// noisy arrays confuse most, with their rates.</summary>
    private static void MostConfused(HtmlPage page, SelectionRecord sel, IReadOnlyDictionary<string, PointResult> byKey, IReadOnlyList<string>? names)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = sel.Ranked.Where(d => byKey.TryGetValue(d.Key, out var p) && p.Confusion is not null).Select(d =>
        {
            var pairs = ConfusedPairs.MostConfused(byKey[d.Key], 3);
            return new[] { d.Rank.ToString(inv) }.Concat(Enumerable.Range(0, 3).Select(i => i < pairs.Count
                ? $"{HtmlPage.Encode(ConfusedPairs.Name(pairs[i].True, names))} &rarr; {HtmlPage.Encode(ConfusedPairs.Name(pairs[i].Picked, names))}: {pairs[i].Rate:P1} ({pairs[i].Count.ToString(inv)})"
                : i == 0 ? "no query confused" : "")).ToArray();
        }).ToArray();
        if (rows.Length == 0) return;
        page.Html("<h3>Most confused OVTs of the ranked designs</h3>");
        page.Html(HtmlPage.Table(["rank", "1st", "2nd", "3rd"], rows));
        page.Html("<p class=\"note\">true OVT &rarr; OVT picked: the share of the true OVT's queries answered with the other, over all chips (answers in brackets). " +
                  "Every pair of these and the Pareto designs: <a href=\"confusion.csv\">confusion.csv</a>.</p>");
    }
}
