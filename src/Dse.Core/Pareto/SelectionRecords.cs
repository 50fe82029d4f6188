using Dse.Exploration;
using Dse.Runs;

namespace Dse.Pareto;

/// <summary>Turns the answer of <see cref="DesignSelector.SelectTop"/> into the <see cref="SelectionRecord"/> written to <c>selection.json</c>.</summary>
public static class SelectionRecords
{
    /// <summary>How the designs are chosen and ranks after the first found, as recorded in <see cref="SelectionRecord.Method"/>.</summary>
    public const string Method = "OR-Tools CP-SAT over the feasible designs no other feasible design dominates (in energy, area, latency and, when simulated, accuracy, accuracy P5 and agreement), " +
        "lexicographic (objective, then accuracy P5, then accuracy, when simulated, then key); ranks 2..K by successive no-good cuts (each ranked design removed, the non-dominated set of the rest recomputed, model solved again)";

    /// <summary>The record of a selection.</summary>
    /// <param name="points">The candidates: the run's points and the per-slice designs of <paramref name="perSlice"/>.</param>
    /// <param name="constraints">The budgets.</param>
    /// <param name="minimise">The objective minimised.</param>
    /// <param name="ranked">The answer of <see cref="DesignSelector.SelectTop"/> for these inputs.</param>
    /// <param name="perSlice">The verified per-slice designs among the candidates; null or empty: none. Their ranked designs are marked
    /// <see cref="SelectedDesign.PerSliceAdc"/> with their assignment.</param>
    public static SelectionRecord Of(IReadOnlyList<PointResult> points, SelectionConstraints constraints, Objective minimise, IReadOnlyList<SelectionResult> ranked,
        IReadOnlyList<PerSliceVerified>? perSlice = null)
    {
        var bitsOf = (perSlice ?? []).ToDictionary(v => v.Result.Key, v => v.Bits, StringComparer.Ordinal);
        var budgets = constraints.Active.Select(b => new SelectionBudget(b.Name, b.Quantity, b.Unit, b.IsLowerBound ? ">=" : "<=", b.BoundOf(constraints)!.Value)).ToArray();
        var designs = ranked.Where(r => r.Chosen is not null).Select((r, i) =>
        {
            var p = r.Chosen!;
            IReadOnlyList<BudgetSlack> checks = i == 0
                ? DesignSelector.Explain(points, constraints, minimise, p).Select(c => new BudgetSlack(c.Budget.Name, c.Value, c.Slack, c.Binds)).ToArray()
                : constraints.Active.Select(b => new BudgetSlack(b.Name, b.Value(p), b.Slack(p, b.BoundOf(constraints)!.Value), null)).ToArray();
            var bits = bitsOf.GetValueOrDefault(p.Key);
            return new SelectedDesign(i + 1, p.Key, p.IsSimulated ? p.ObjectiveAccuracy : null, p.IsSimulated ? p.AccuracyStats.P5 : null, p.Agreement?.Mean,
                p.EnergyJ, p.LatencyS, p.AreaMm2, checks, bits is null ? SelectedDesign.Enumerated : SelectedDesign.PerSliceAdc, bits?.ToString());
        }).ToArray();
        return new SelectionRecord(minimise.Name, Method, budgets, ranked[0].Status.ToString(), designs, ranked[0].Excluded, bitsOf.Count);
    }
}
