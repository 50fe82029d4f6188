using Dse.Exploration;
using Dse.Pareto;

namespace Dse.Tests.Shared;

/// <summary>
/// The selection rule of <c>dse select</c> by brute force, written independently of <see cref="DesignSelector"/>: filter by the
/// budgets in doubles; rank r is, among the feasible points not ranked above it that no other such point dominates, the lowest
/// in the minimised metric (at 1 fJ, 1 um^2 or 1 ps), then the highest accuracy P5, then the highest mean accuracy, then the
/// first key (ordinal).
/// </summary>
public static class SelectionOracle
{
    /// <summary>True when <paramref name="a"/> beats <paramref name="b"/>: at least as good in energy, area, latency and (simulated
    /// points) mean accuracy, accuracy P5 and mean agreement, and strictly better in one.</summary>
    public static bool Dominates(PointResult a, PointResult b)
    {
        var (x, y) = (Criteria(a), Criteria(b));
        return x.Zip(y).All(p => p.First >= p.Second) && x.Zip(y).Any(p => p.First > p.Second);
    }

    /// <summary>The <paramref name="k"/> designs the rule ranks, best first (fewer when fewer are feasible).</summary>
    /// <param name="points">The candidates.</param>
    /// <param name="constraints">The budgets.</param>
    /// <param name="minimise">Energy, area or latency.</param>
    /// <param name="k">Designs wanted.</param>
    public static IReadOnlyList<PointResult> Ranked(IReadOnlyList<PointResult> points, SelectionConstraints constraints, Objective minimise, int k)
    {
        var left = points.Where(constraints.Admit).ToList();
        var ranked = new List<PointResult>();
        while (ranked.Count < k && left.Count > 0)
        {
            var best = left.Where(p => !left.Any(q => Dominates(q, p))).OrderBy(p => p, TieOrder(minimise)).First();
            ranked.Add(best);
            left.Remove(best);
        }
        return ranked;
    }

    /// <summary>The order among non-dominated points: the minimised metric at 1 fJ / 1 um^2 / 1 ps, then P5 and mean accuracy (higher first), then the key.</summary>
    public static IComparer<PointResult> TieOrder(Objective minimise)
    {
        double perSi = minimise.Name switch { "energy" => 1e15, "area" => 1e6, _ => 1e12 };
        return Comparer<PointResult>.Create((a, b) =>
        {
            int c = Math.Round(minimise.Value(a) * perSi, MidpointRounding.AwayFromZero).CompareTo(Math.Round(minimise.Value(b) * perSi, MidpointRounding.AwayFromZero));
            if (c == 0 && a.IsSimulated) c = b.AccuracyStats.P5.CompareTo(a.AccuracyStats.P5);
            if (c == 0 && a.IsSimulated) c = b.ObjectiveAccuracy.CompareTo(a.ObjectiveAccuracy);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
    }

    /// <summary>Every criterion oriented so that larger is better.</summary>
    private static double[] Criteria(PointResult p) => p.IsSimulated
        ? [-p.EnergyJ, -p.AreaMm2, -p.LatencyS, p.ObjectiveAccuracy, p.AccuracyStats.P5, p.Agreement!.Mean]
        : [-p.EnergyJ, -p.AreaMm2, -p.LatencyS];
}
