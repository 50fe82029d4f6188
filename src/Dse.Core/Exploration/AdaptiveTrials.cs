namespace Dse.Exploration;

/// <summary>
/// The stopping rule of adaptive trials (<c>mc.targetCiHalfWidth</c>): trials are added in a fixed order in batches of
/// <c>minTrials</c>; after each batch, a point whose accuracy's 95% CI half-width is at most the target stops, and keeps
/// the statistics of the trials it had then.
/// </summary>
/// <remarks>
/// Trial t's draws depend only on the sweep seed, the mapped store and t, and the checkpoints only on
/// <c>minTrials</c> and <c>maxTrials</c>, so the trials a point gets, and its numbers, do not depend on which other points
/// share its Monte-Carlo group, on the thread count, the shard or on resuming. The group stops adding trials when every
/// point has stopped.
/// </remarks>
public static class AdaptiveTrials
{
    /// <summary>The trial counts after which the rule is checked: <c>minTrials, 2 minTrials, ...</c>, ending at <paramref name="maxTrials"/>.</summary>
    /// <param name="minTrials">First checkpoint and batch size. Range: &gt;= 1.</param>
    /// <param name="maxTrials">Last checkpoint. Range: &gt;= <paramref name="minTrials"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the range is violated.</exception>
    public static IReadOnlyList<int> Checkpoints(int minTrials, int maxTrials)
    {
        if (minTrials < 1) throw new ArgumentOutOfRangeException(nameof(minTrials), minTrials, "Range: minTrials >= 1.");
        if (maxTrials < minTrials) throw new ArgumentOutOfRangeException(nameof(maxTrials), maxTrials, "Range: maxTrials >= minTrials.");
        var result = new List<int>();
        for (int t = minTrials; t < maxTrials; t += minTrials) result.Add(t);
        result.Add(maxTrials);
        return result;
    }

    /// <summary>
    /// True when a point with these per-trial accuracies stops at this checkpoint: its 95% CI half-width
    /// (<see cref="Statistics.HalfWidth95"/>) is at most <paramref name="targetHalfWidth"/>, or no trials are left.
    /// </summary>
    /// <param name="perTrial">Accuracy (or agreement, without labels) of each trial run so far.</param>
    /// <param name="targetHalfWidth">The target half-width, a fraction of queries.</param>
    /// <param name="maxTrials">The most trials a point gets.</param>
    public static bool Stops(IReadOnlyList<double> perTrial, double targetHalfWidth, int maxTrials)
        => perTrial.Count >= maxTrials || Statistics.HalfWidth95(perTrial) <= targetHalfWidth;
}
