using System.Globalization;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Pareto;
using Dse.Reports;
using Dse.Runs;

namespace Dse.Pipeline;

/// <summary>What a constrained selection did.</summary>
/// <param name="RunDir">The run folder (full path).</param>
/// <param name="Points">Points in the run, the candidates with <paramref name="PerSlice"/>.</param>
/// <param name="Record">What was asked and answered, as written to <c>selection.json</c>; <see cref="SelectionRecord.Chosen"/> is null when no design meets the budgets.</param>
/// <param name="Ranked">The ranked designs' points, best first, one per entry of <see cref="SelectionRecord.Ranked"/> (empty when none fits).</param>
/// <param name="Written">The pages refreshed with the answer (<c>index.html</c>), or why one could not be.</param>
/// <param name="PerSlice">The verified per-slice ADC designs that were candidates beside the points (empty without a search in the run folder,
/// or when left out).</param>
public sealed record SelectOutcome(string RunDir, int Points, SelectionRecord Record, IReadOnlyList<PointResult> Ranked, WrittenReports Written,
    IReadOnlyList<PerSliceVerified> PerSlice);

/// <summary>
/// <c>dse select</c>: the best design (or the K best) of a finished run under optional budgets, chosen by OR-Tools CP-SAT among the
/// feasible designs no other feasible design dominates (<see cref="DesignSelector"/>). The candidates are the run's points and the
/// verified per-slice ADC designs of a search in the run folder (<see cref="PerSliceDesignFile"/>), under the same rules. The answer is written to
/// <c>selection.json</c> and shown at once on the run's <c>index.html</c>, rewritten through the report writers
/// (<see cref="ReportSet.Index"/>, which a cost-only run has too); the other files of the run folder are left as they are.
/// </summary>
public static class SelectRun
{
    /// <summary>Selects in the run of <paramref name="runDir"/>, records the answer and refreshes the index page. Every input error is reported at once, before anything is written.</summary>
    /// <param name="runDir">The run folder (the <c>--out</c> of <c>dse sweep</c> or <c>dse merge</c>).</param>
    /// <param name="constraints">The budgets (all optional): fractions in [0, 1] for the accuracy-like ones, positive J, s or mm^2 for the costs.</param>
    /// <param name="minimise">The objective minimised: <see cref="Objective.Energy"/>, <see cref="Objective.Area"/> or <see cref="Objective.Latency"/>.</param>
    /// <param name="top">Designs to rank, &gt;= 1.</param>
    /// <param name="log">Receives warnings (a torn last line, an unreadable older <c>selection.json</c> that is replaced, a search beside the run
    /// folder that is not read) and writer failures; null: none.</param>
    /// <param name="enumeratedOnly">Leave out the per-slice designs: the candidates are the run's points only.</param>
    /// <returns>The record, the ranked points and the page written.</returns>
    /// <exception cref="InputException">A budget out of range, <paramref name="top"/> &lt; 1, no run in the folder (or an invalid run.json /
    /// points.jsonl / search-designs.jsonl, or per-slice designs of another run), an objective other than energy, area or latency, or an
    /// accuracy budget on a cost-only run.</exception>
    public static SelectOutcome Run(string runDir, SelectionConstraints constraints, Objective minimise, int top, Action<string>? log, bool enumeratedOnly = false)
    {
        var inv = CultureInfo.InvariantCulture;
        var errors = new List<InputError>();
        foreach (var b in constraints.Active)
        {
            double v = b.BoundOf(constraints)!.Value;
            bool ok = b.IsLowerBound ? v is >= 0 and <= 1 : v > 0 && !double.IsInfinity(v);
            if (!ok) errors.Add(new InputError("command line", b.Option, null, b.IsLowerBound ? "a fraction in [0, 1]" : $"a positive {b.Quantity} in {b.Unit}", v.ToString(inv)));
        }
        if (top < 1) errors.Add(new InputError("command line", "--top", null, "an integer >= 1", top.ToString(inv)));
        if (!Directory.Exists(runDir)) errors.Add(new InputError(runDir, null, null, "a sweep output folder", File.Exists(runDir) ? "a file" : "no such folder"));
        if (errors.Count > 0) throw new InputException(errors);

        // A selection.json of an older dse (single answer, mandatory budgets) cannot be read back; this selection replaces it.
        var selectionPath = Path.Combine(runDir, RunStore.SelectionFile);
        try { RunStore.ReadRecord<SelectionRecord>(selectionPath); }
        catch (InputException)
        {
            log?.Invoke($"warning: {selectionPath} is not a selection record of this dse; it is replaced by this selection.");
            File.Delete(selectionPath);
        }
        var stored = RunStore.Open(runDir, warning => log?.Invoke($"warning: {warning}"));
        var points = stored.Points.ReadAll();
        if (stored.Spec.Mc.CostOnly && constraints.Active.Where(b => b.IsLowerBound).ToArray() is { Length: > 0 } accuracyBudgets)
            throw new InputException(accuracyBudgets.Select(b => new InputError("command line", b.Option, null,
                "cost budgets only (--max-energy-j, --max-area-mm2, --max-latency-s): this run is a cost-only screen (mc.trials = 0), accuracy was not simulated",
                b.BoundOf(constraints)!.Value.ToString(inv))).ToList());
        if (constraints.Active.Where(b => b.NeedsTaskScore).ToArray() is { Length: > 0 } taskBudgets && points.Any(p => p.TaskScore is null))
            throw new InputException(taskBudgets.Select(b => new InputError("command line", b.Option, null,
                "a run with task scores (workload.taskScores in the sweep file): this run's points have none", b.BoundOf(constraints)!.Value.ToString(inv))).ToList());
        var perSlice = enumeratedOnly ? [] : PerSliceDesigns(runDir, points, log);
        if (perSlice.Count > 0 && constraints.Active.Any(b => b.NeedsTaskScore))
        {
            log?.Invoke("note: the per-slice designs have no task score (the search scores accuracy only); with a task-score budget only the run's points are weighed");
            perSlice = [];
        }
        IReadOnlyList<PointResult> candidates = [.. points, .. perSlice.Select(v => v.Result)];
        var ranked = DesignSelector.SelectTop(candidates, constraints, minimise, top);
        var record = SelectionRecords.Of(candidates, constraints, minimise, ranked, perSlice);
        string folder = Path.GetFullPath(runDir);
        RunStore.WriteRecord(Path.Combine(folder, RunStore.SelectionFile), record);
        IReadOnlyList<IReportWriter> index = stored.Spec.Mc.CostOnly ? [ReportSet.Index] : [ReportSet.Index, ReportSet.Confusion];
        var written = ReportSet.Write(ReportSet.Read(stored with { Points = PointSource.Of(points), Selection = record }, index), folder, log, index);
        return new SelectOutcome(folder, points.Count, record, ranked.Select(r => r.Chosen).OfType<PointResult>().ToArray(), written, perSlice);
    }

    /// <summary>
    /// The verified per-slice designs of a search in <paramref name="runDir"/> (<see cref="PerSliceDesignFile"/>; none when absent), each
    /// checked to be of a base design of <paramref name="points"/>. A search written beside the run folder (<c>dse search</c>'s default
    /// <c>RUN_DIR-search</c>) is not read; the log says so.
    /// </summary>
    /// <exception cref="InputException">An invalid file, or a design whose base design is not among the run's points (a search of another run).</exception>
    private static IReadOnlyList<PerSliceVerified> PerSliceDesigns(string runDir, IReadOnlyList<PointResult> points, Action<string>? log)
    {
        string path = Path.Combine(runDir, PerSliceDesignFile.FileName);
        if (!File.Exists(path))
        {
            string beside = Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDir)) + "-search";
            if (File.Exists(Path.Combine(beside, PerSliceDesignFile.FileName)))
                log?.Invoke($"note: {beside} holds a per-slice search whose designs are not candidates; to weigh them, search into the run folder: dse search {runDir} --out {runDir}");
            return [];
        }
        var designs = PerSliceDesignFile.Read(path);
        var bases = points.Select(p => PerSliceKeys.Base(p.Key, p.Coordinates.Get(DesignAxes.AdcBits))).ToHashSet(StringComparer.Ordinal);
        var foreign = designs.Where(d => !bases.Contains(d.BaseKey)).Select(d => d.Result.Key).ToList();
        if (foreign.Count > 0)
            throw new InputException(new InputError(path, null, null, "per-slice designs of this run's base designs (written by dse search on this run; run it again, or select with --enumerated-only)",
                $"{foreign.Count} designs of other base designs, e.g. {foreign[0]}"));
        return designs;
    }
}
