namespace Dse.Exploration;

/// <summary>What the screen before the Monte Carlo (<c>"screen": true</c>) saved.</summary>
/// <param name="PointsScreened">Points whose costs were screened (this invocation's points to compute).</param>
/// <param name="PointsSimulated">Points left for the Monte Carlo.</param>
/// <param name="PointsDropped">Points not simulated: their costs are dominated by a point with the same accuracy-relevant settings.</param>
/// <param name="McGroups">Monte-Carlo groups (shared cell draws) of the screened points.</param>
/// <param name="McGroupsSkipped">Groups none of whose points survived (their Monte Carlo would not run). 0 by construction for this
/// screen: every accuracy class keeps a survivor and a class lies inside one group, so a group's engine work is unchanged.</param>
/// <param name="PointsSavedFraction">PointsDropped / PointsScreened, in [0, 1] (0 when nothing was screened).</param>
/// <param name="McGroupsSavedFraction">McGroupsSkipped / McGroups, in [0, 1] (0 when nothing was screened).</param>
/// <param name="CostObjectives">The objectives the screen compared (the sweep's cost objectives).</param>
public sealed record ScreenSummary(int PointsScreened, int PointsSimulated, int PointsDropped, int McGroups, int McGroupsSkipped,
    double PointsSavedFraction, double McGroupsSavedFraction, IReadOnlyList<string> CostObjectives)
{
    /// <summary>The screens of a run's parts (shards, or the invocations of a resumed run) added up; null when no part was screened.</summary>
    public static ScreenSummary? Total(IEnumerable<ScreenSummary?> parts)
    {
        var screens = parts.OfType<ScreenSummary>().ToArray();
        if (screens.Length == 0) return null;
        int screened = screens.Sum(s => s.PointsScreened), dropped = screens.Sum(s => s.PointsDropped), groups = screens.Sum(s => s.McGroups), skipped = screens.Sum(s => s.McGroupsSkipped);
        return new ScreenSummary(screened, screens.Sum(s => s.PointsSimulated), dropped, groups, skipped,
            screened == 0 ? 0 : dropped / (double)screened, groups == 0 ? 0 : skipped / (double)groups, screens[0].CostObjectives);
    }
}
