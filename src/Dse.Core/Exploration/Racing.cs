using MathNet.Numerics.Distributions;

namespace Dse.Exploration;

/// <summary>
/// Racing of design points (<c>mc.racing</c>, docs/models.md#racing): every point starts with <c>mc.minTrials</c> chips; after
/// each rung a point is retired when another point, at most as costly in every cost objective, is confidently at most
/// <see cref="RacingSpec.Tolerance"/> less accurate; survivors go on to the next rung, up to <c>mc.trials</c>.
/// </summary>
/// <remarks>
/// <para>The statistic is the report's: Student t over the per-chip accuracies (chips are the independent units; every chip
/// answers the same queries), one-sided at <see cref="OneSidedMiss"/>, widened where it is narrower than the Clopper-Pearson
/// interval of the pooled answers (a chip set with no error in <c>trials x queries</c> answers is not proven perfect: a zero
/// sample spread would otherwise give a zero-width interval). Each bound misses on its side with probability at most the miss
/// rate (the union of the two intervals misses only where both do).</para>
/// <para>Multiple comparisons: a retirement of p by q needs <c>lower(q) &gt; upper(p) - tolerance</c>; if in truth p is more than
/// the tolerance more accurate than q, that needs q's lower bound above its mean or p's upper bound below its own. With both at
/// <see cref="OneSidedMiss"/> = errorRate / (2 x decisions) (Bonferroni over the rungs at which decisions are taken), the chance
/// that q ever wrongly retires p is at most the error rate. This is a per-pair guarantee (as F-race's is per step): a design with
/// k cheaper challengers within reach can be retired wrongly with probability up to k times it; the property tests measure the
/// per-design rate on fronts shaped like the shipped sweeps'.</para>
/// </remarks>
public static class Racing
{
    /// <summary>The trial counts after which points are compared: <c>minTrials, 2 minTrials, 4 minTrials, ...</c> (a point's
    /// chips double per rung, as in successive halving), ending at <paramref name="maxTrials"/>.</summary>
    /// <param name="minTrials">The first rung. Range: &gt;= 2 (a single chip has no spread).</param>
    /// <param name="maxTrials">The last rung. Range: &gt;= <paramref name="minTrials"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When a range is violated.</exception>
    public static IReadOnlyList<int> Rungs(int minTrials, int maxTrials)
    {
        if (minTrials < 2) throw new ArgumentOutOfRangeException(nameof(minTrials), minTrials, "Range: minTrials >= 2.");
        if (maxTrials < minTrials) throw new ArgumentOutOfRangeException(nameof(maxTrials), maxTrials, "Range: maxTrials >= minTrials.");
        var rungs = new List<int>();
        for (int t = minTrials; t < maxTrials; t *= 2) rungs.Add(t);
        rungs.Add(maxTrials);
        return rungs;
    }

    /// <summary>The one-sided miss rate of each bound: <c>errorRate / (2 x decisions)</c>.</summary>
    /// <param name="errorRate">The per-pair error rate over the whole race. Range: (0, 1).</param>
    /// <param name="decisions">Rungs after which points are retired (all but the last). Range: &gt;= 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">When a range is violated.</exception>
    public static double OneSidedMiss(double errorRate, int decisions)
    {
        if (!(errorRate > 0 && errorRate < 1)) throw new ArgumentOutOfRangeException(nameof(errorRate), errorRate, "Range: 0 < errorRate < 1.");
        if (decisions < 1) throw new ArgumentOutOfRangeException(nameof(decisions), decisions, "Range: decisions >= 1.");
        return errorRate / (2.0 * decisions);
    }

    /// <summary>
    /// The racing bounds of a point's accuracy from its per-chip fractions: the Student-t bounds <c>mean -+ t(1 - miss, T - 1) sd / sqrt(T)</c>
    /// widened to the Clopper-Pearson bounds of the pooled answers (<c>round(mean T Q)</c> right of <c>T Q</c>) where those are wider,
    /// clipped to [0, 1].
    /// </summary>
    /// <param name="perTrial">Accuracy (or agreement) of each chip, fractions of <paramref name="queries"/>; at least 2.</param>
    /// <param name="queries">Queries each chip answers. Range: &gt;= 1.</param>
    /// <param name="miss">One-sided miss rate of each bound. Range: (0, 0.5).</param>
    /// <exception cref="ArgumentException">When fewer than 2 chips are given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="queries"/> or <paramref name="miss"/> is out of range.</exception>
    public static RaceBounds Bounds(IReadOnlyList<double> perTrial, int queries, double miss)
    {
        if (perTrial.Count < 2) throw new ArgumentException("Racing bounds need at least 2 chips.", nameof(perTrial));
        if (queries < 1) throw new ArgumentOutOfRangeException(nameof(queries), queries, "Range: queries >= 1.");
        if (!(miss > 0 && miss < 0.5)) throw new ArgumentOutOfRangeException(nameof(miss), miss, "Range: 0 < miss < 0.5.");
        int n = perTrial.Count;
        double mean = MathNet.Numerics.Statistics.Statistics.Mean(perTrial);
        double sd = MathNet.Numerics.Statistics.Statistics.StandardDeviation(perTrial);
        double half = sd == 0 ? 0 : StudentTUpper(n - 1, miss) * sd / Math.Sqrt(n);
        long answers = (long)n * queries, right = (long)Math.Round(mean * answers);
        double cpLow = right == 0 ? 0 : Beta.InvCDF(right, answers - right + 1, miss);
        double cpHigh = right == answers ? 1 : Beta.InvCDF(right + 1, answers - right, 1 - miss);
        return new RaceBounds(Math.Max(0, Math.Min(mean - half, cpLow)), Math.Min(1, Math.Max(mean + half, cpHigh)));
    }

    /// <summary>
    /// The Student-t quantile exceeded with probability <paramref name="upperTail"/> at <paramref name="df"/> degrees of freedom, exact in the far
    /// tail that the rungs' small miss rates reach (MathNet's <c>StudentT.InvCDF</c> stops converging there, e.g. below 1e-4 at 1 degree of
    /// freedom): closed forms at 1 and 2 degrees of freedom, otherwise <c>P(|T| &gt; t) = I(df / (df + t^2); df / 2, 1 / 2)</c> inverted with
    /// MathNet's Beta quantile (Abramowitz and Stegun 26.7.1). Positive infinity where the tail is too thin to resolve in doubles.
    /// </summary>
    internal static double StudentTUpper(int df, double upperTail) => df switch
    {
        1 => 1 / Math.Tan(Math.PI * upperTail),
        2 => (1 - 2 * upperTail) / Math.Sqrt(2 * upperTail * (1 - upperTail)),
        _ => Beta.InvCDF(df / 2.0, 0.5, 2 * upperTail) is double x and > 0 ? Math.Sqrt(df * (1 - x) / x) : double.PositiveInfinity,
    };

    /// <summary>
    /// The retirements after one rung: for each running entry, the index of the entry that retires it, or -1. Entry q retires p
    /// when q is at most as costly as p in every cost objective and either (a) q's cost is lower in at least one and
    /// <c>lower(q) &gt; upper(p) - tolerance</c>, (b) their costs are equal and <c>lower(q) &gt; upper(p)</c> (no tolerance, so
    /// two points never retire each other), or (c) they have the same <see cref="RaceEntry.AccuracyClass"/> (identical accuracy
    /// numbers by construction) and q's cost is lower in at least one objective. Of several, the one with the highest lower
    /// bound (then the lowest index) is named. Retired entries still retire others, with the bounds they were retired with.
    /// </summary>
    /// <param name="entries">Every point of the race: running and retired.</param>
    /// <param name="tolerance">Accuracy difference the race treats as a tie (<see cref="RacingSpec.Tolerance"/>). Range: [0, 1).</param>
    /// <exception cref="ArgumentException">When the entries' cost vectors differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="tolerance"/> is out of range.</exception>
    public static int[] Retire(IReadOnlyList<RaceEntry> entries, double tolerance)
    {
        if (!(tolerance >= 0 && tolerance < 1)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Range: 0 <= tolerance < 1.");
        int objectives = entries.Count == 0 ? 0 : entries[0].Costs.Length;
        if (entries.Any(e => e.Costs.Length != objectives)) throw new ArgumentException("Every entry needs the same cost objectives.", nameof(entries));
        var retiredBy = new int[entries.Count];
        for (int p = 0; p < entries.Count; p++)
        {
            retiredBy[p] = -1;
            if (!entries[p].Running) continue;
            double best = double.NegativeInfinity;
            for (int q = 0; q < entries.Count; q++)
            {
                if (q == p || !Beats(entries[q], entries[p], tolerance) || entries[q].Bounds.Lower <= best) continue;
                best = entries[q].Bounds.Lower;
                retiredBy[p] = q;
            }
        }
        return retiredBy;
    }

    private static bool Beats(in RaceEntry q, in RaceEntry p, double tolerance)
    {
        bool cheaper = false;
        for (int o = 0; o < q.Costs.Length; o++)
        {
            if (q.Costs[o] > p.Costs[o]) return false;
            cheaper |= q.Costs[o] < p.Costs[o];
        }
        if (cheaper && q.AccuracyClass is not null && q.AccuracyClass == p.AccuracyClass) return true;
        return cheaper ? q.Bounds.Lower > p.Bounds.Upper - tolerance : q.Bounds.Lower > p.Bounds.Upper;
    }
}

/// <summary>What racing is asked to do (<c>mc.racing</c>).</summary>
/// <param name="ErrorRate">Chance, over the whole race, that a given design is retired by a given cheaper design that is in truth
/// more than <paramref name="Tolerance"/> less accurate (<c>mc.racingErrorRate</c>, default 0.05). Range: (0, 1).</param>
/// <param name="Tolerance">Accuracy difference treated as a tie, the indifference zone of ranking and selection (Bechhofer 1954):
/// a design is retired by a cheaper one that is confidently at most this much less accurate (<c>mc.racingTolerance</c>, default
/// 0.01, one percentage point: about the 95% CI half-width of 16 chips of 64 queries on sweeps/default.json). Range: [0, 1).</param>
public sealed record RacingSpec(double ErrorRate, double Tolerance)
{
    /// <summary>The defaults: error rate 0.05, tolerance 0.01.</summary>
    public static RacingSpec Default { get; } = new(0.05, 0.01);
}

/// <summary>A point's racing bounds on its accuracy (<see cref="Racing.Bounds"/>), fractions in [0, 1].</summary>
public readonly record struct RaceBounds(double Lower, double Upper);

/// <summary>One point in a race.</summary>
/// <param name="Costs">Its cost objectives, oriented so that smaller is better (<see cref="Objective.Cost"/>).</param>
/// <param name="Bounds">Its accuracy bounds now (a retired point: those it was retired with).</param>
/// <param name="Running">True while it is still getting chips.</param>
/// <param name="AccuracyClass">Its accuracy-relevant settings (<see cref="DesignPoint.AccuracyClass"/>): points of one class
/// read the same counts; null: not compared so.</param>
public readonly record struct RaceEntry(double[] Costs, RaceBounds Bounds, bool Running, string? AccuracyClass = null);
