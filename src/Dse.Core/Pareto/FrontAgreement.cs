using Dse.Exploration;

namespace Dse.Pareto;

/// <summary>
/// How one Pareto front covers another (a raced run's against the full run's, <c>dse bench --race</c>): each design of the first
/// front is on the second, or within its confidence interval of a design there (one at most as costly in every cost objective
/// whose accuracy reaches the design's lower 95% bound), or missing.
/// </summary>
/// <param name="Designs">Designs of the first front.</param>
/// <param name="OnOther">Of those, the designs (by key) also on the second front.</param>
/// <param name="WithinCi">Of those, the designs not on the second front that a design there matches within their CI.</param>
/// <param name="Missing">The keys of the rest: neither on the second front nor matched within their CI.</param>
public sealed record FrontAgreement(int Designs, int OnOther, int WithinCi, IReadOnlyList<string> Missing)
{
    /// <summary>Compares <paramref name="front"/> against <paramref name="other"/>.</summary>
    /// <param name="front">A front (simulated points).</param>
    /// <param name="other">The front to find its designs on.</param>
    /// <param name="objectives">The objectives of both fronts: one accuracy-like objective with a CI (accuracy or agreement) and the cost objectives.</param>
    /// <exception cref="InvalidOperationException">When a point of either front was not simulated.</exception>
    public static FrontAgreement Of(IReadOnlyList<PointResult> front, IReadOnlyList<PointResult> other, IReadOnlyList<Objective> objectives)
    {
        var costs = objectives.Where(o => !o.NeedsMonteCarlo).ToArray();
        var accuracy = objectives.FirstOrDefault(o => o.NeedsMonteCarlo) ?? Objective.Accuracy;
        var keys = other.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        int on = 0, within = 0;
        var missing = new List<string>();
        foreach (var d in front)
        {
            if (keys.Contains(d.Key)) { on++; continue; }
            double low = (accuracy == Objective.Agreement ? d.Agreement! : d.AccuracyStats).CiLow;
            if (other.Any(e => costs.All(o => o.Cost(e) <= o.Cost(d)) && accuracy.Value(e) >= low)) within++;
            else missing.Add(d.Key);
        }
        return new FrontAgreement(front.Count, on, within, missing);
    }
}
