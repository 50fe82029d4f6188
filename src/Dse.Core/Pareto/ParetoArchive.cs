using Dse.Exploration;

namespace Dse.Pareto;

/// <summary>
/// A Pareto front kept up to date as points stream in (a cost-only screen never holds all its points): each offered point is
/// compared with the current front only, so memory grows with the front, not with the number of points. After any sequence of
/// offers, <see cref="Front"/> equals <see cref="ParetoFront.Compute"/> over every point offered.
/// </summary>
/// <remarks>
/// Dominance is transitive, so a point dominated by a discarded point is also dominated by a member. The member that last
/// rejected a point is moved to the front of the list (most points of a large sweep are dominated by a few cheap designs),
/// which makes a rejection cost O(k) in the common case and O(f k) at worst for f members and k objectives.
/// </remarks>
public sealed class ParetoArchive
{
    private readonly IReadOnlyList<Objective> _objectives;
    private readonly List<(double[] Costs, PointResult Point)> _members = [];

    /// <summary>An empty front under <paramref name="objectives"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="objectives"/> is empty.</exception>
    public ParetoArchive(IReadOnlyList<Objective> objectives)
    {
        if (objectives.Count == 0) throw new ArgumentException("At least one objective is required.", nameof(objectives));
        _objectives = objectives;
    }

    /// <summary>Points currently on the front.</summary>
    public int Count => _members.Count;

    /// <summary>Offers <paramref name="point"/>: kept when no member dominates it; members it dominates are dropped.</summary>
    /// <returns>True when the point joined the front.</returns>
    /// <exception cref="ArgumentException">When an objective value is NaN.</exception>
    public bool Offer(PointResult point)
    {
        var costs = new double[_objectives.Count];
        for (int j = 0; j < costs.Length; j++)
        {
            costs[j] = _objectives[j].Cost(point);
            if (double.IsNaN(costs[j])) throw new ArgumentException($"Point {point.Key}: objective {_objectives[j].Name} is NaN.", nameof(point));
        }
        for (int i = 0; i < _members.Count; i++)
        {
            if (!ParetoFront.DominatesCosts(_members[i].Costs, costs)) continue;
            if (i > 0) (_members[0], _members[i]) = (_members[i], _members[0]);
            return false;
        }
        _members.RemoveAll(m => ParetoFront.DominatesCosts(costs, m.Costs));
        _members.Add((costs, point));
        return true;
    }

    /// <summary>Offers every point of <paramref name="other"/>'s front (to join fronts built in parallel).</summary>
    public void Merge(ParetoArchive other)
    {
        foreach (var (_, point) in other._members) Offer(point);
    }

    /// <summary>The front, ordered as <see cref="ParetoFront.Compute"/> orders it (best first in the first objective, then key).</summary>
    public IReadOnlyList<PointResult> Front => ParetoFront.Compute(_members.Select(m => m.Point).ToArray(), _objectives);
}
