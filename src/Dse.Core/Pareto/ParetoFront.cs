using Dse.Exploration;

namespace Dse.Pareto;

/// <summary>The exact set of non-dominated design points (see docs/models.md#pareto-front).</summary>
public static class ParetoFront
{
    /// <summary>
    /// Whether <paramref name="a"/> dominates <paramref name="b"/>: no worse in every objective and
    /// strictly better in at least one. Identical objective vectors do not dominate each other.
    /// </summary>
    /// <param name="a">Candidate dominating point.</param>
    /// <param name="b">Candidate dominated point.</param>
    /// <param name="objectives">Objectives compared, at least one.</param>
    public static bool Dominates(PointResult a, PointResult b, IReadOnlyList<Objective> objectives) =>
        DominatesCosts(objectives.Select(o => o.Cost(a)).ToArray(), objectives.Select(o => o.Cost(b)).ToArray());

    /// <summary>
    /// Computes the non-dominated subset of <paramref name="points"/> under <paramref name="objectives"/>.
    /// Points with identical objective vectors are all kept when one of them is non-dominated.
    /// </summary>
    /// <remarks>
    /// Sorts the points lexicographically by their oriented objective vectors (smaller cost first), so
    /// a point can only be dominated by points before it, then sweeps once comparing each point with
    /// the front found so far (dominance is transitive, so checking the front suffices).
    /// Cost O(n log n + n f k) for n points, f front points and k objectives.
    /// </remarks>
    /// <param name="points">All evaluated points.</param>
    /// <param name="objectives">Objectives, at least one; the first one orders the result.</param>
    /// <returns>
    /// The front, best first in the first objective (then the next objectives, then
    /// <see cref="PointResult.Key"/> in ordinal order).
    /// </returns>
    /// <exception cref="ArgumentException">When <paramref name="objectives"/> is empty or an objective value is NaN.</exception>
    public static IReadOnlyList<PointResult> Compute(IReadOnlyList<PointResult> points, IReadOnlyList<Objective> objectives)
    {
        if (objectives.Count == 0) throw new ArgumentException("At least one objective is required.", nameof(objectives));
        int k = objectives.Count;
        var costs = new double[points.Count][];
        for (int i = 0; i < points.Count; i++)
        {
            costs[i] = new double[k];
            for (int j = 0; j < k; j++)
            {
                var c = objectives[j].Cost(points[i]);
                if (double.IsNaN(c))
                    throw new ArgumentException($"Point {points[i].Key}: objective {objectives[j].Name} is NaN.", nameof(points));
                costs[i][j] = c;
            }
        }

        var order = Enumerable.Range(0, points.Count).ToArray();
        Array.Sort(order, (x, y) =>
        {
            for (int j = 0; j < k; j++)
            {
                int c = costs[x][j].CompareTo(costs[y][j]);
                if (c != 0) return c;
            }
            return string.CompareOrdinal(points[x].Key, points[y].Key);
        });

        var front = new List<int>();
        foreach (var i in order)
        {
            var dominated = false;
            foreach (var f in front)
            {
                if (DominatesCosts(costs[f], costs[i])) { dominated = true; break; }
            }
            if (!dominated) front.Add(i);
        }
        return front.Select(i => points[i]).ToArray();
    }

    internal static bool DominatesCosts(double[] a, double[] b)
    {
        var strictlyBetter = false;
        for (int j = 0; j < a.Length; j++)
        {
            if (a[j] > b[j]) return false;
            if (a[j] < b[j]) strictlyBetter = true;
        }
        return strictlyBetter;
    }
}
