using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Pareto;
using Dse.Tests.Shared;

namespace Dse.Tests.Pareto;

public class DesignSelectorTests
{
    [Fact]
    public void PicksLowestEnergyWithinBudgets()
    {
        PointResult[] points =
        [
            FakeResults.Point("cheap-but-bad", 0.5, 1e-12, 0.1),
            FakeResults.Point("too-big", 0.95, 2e-12, 10),
            FakeResults.Point("ok-expensive", 0.92, 5e-12, 0.5),
            FakeResults.Point("ok-cheap", 0.91, 3e-12, 0.5),
        ];
        var result = DesignSelector.Select(points, new SelectionConstraints(0.9, 1.0), Objective.Energy);
        Assert.Equal(SelectionStatus.Optimal, result.Status);
        Assert.Equal("ok-cheap", result.Chosen!.Key);
        Assert.Equal(1, result.Excluded["minAccuracy"]);
        Assert.Equal(1, result.Excluded["maxAreaMm2"]);
        Assert.Equal("energyFj", result.Scaling[0].Name);
        Assert.Equal(1e15, result.Scaling[0].UnitsPerSi);
        Assert.Equal(1, result.Scaling[0].Resolution);
        Assert.Equal(3000, result.Scaling[0].Offset); // 3e-12 J = 3000 fJ, the cheapest feasible
    }

    [Fact]
    public void BoundaryValuesAreInclusiveAndNotRounded()
    {
        PointResult[] points =
        [
            FakeResults.Point("just-below", 0.8999996, 1e-12, 1.0),
            FakeResults.Point("at-limit", 0.9, 2e-12, 1.0),
        ];
        var result = DesignSelector.Select(points, new SelectionConstraints(0.9, 1.0), Objective.Energy);
        Assert.Equal("at-limit", result.Chosen!.Key);
    }

    [Fact]
    public void TiesGoToLowerAreaThenKey()
    {
        PointResult[] points =
        [
            FakeResults.Point("c", 0.95, 1e-12, 0.3),
            FakeResults.Point("b", 0.95, 1e-12, 0.2),
            FakeResults.Point("a", 0.95, 1e-12, 0.4),
            FakeResults.Point("d", 0.95, 1e-12, 0.2),
        ];
        var result = DesignSelector.Select(points, new SelectionConstraints(0.9, 1.0), Objective.Energy);
        Assert.Equal("b", result.Chosen!.Key);
        Assert.Equal(["energyFj", "areaUm2", "keyRank"], result.Scaling.Select(s => s.Name));
    }

    [Fact]
    public void NoFeasiblePointGivesNullAndInfeasible()
    {
        PointResult[] points = [FakeResults.Point("a", 0.5, 1e-12, 0.1)];
        var result = DesignSelector.Select(points, new SelectionConstraints(0.9, 1.0, MaxEnergyJ: 1e-9), Objective.Energy);
        Assert.Equal(SelectionStatus.Infeasible, result.Status);
        Assert.Null(result.Chosen);
    }

    [Fact]
    public void MaximisedObjectiveIsRejected()
    {
        var ex = Assert.Throws<InputException>(() =>
            DesignSelector.Select([FakeResults.Point("a", 0.5, 1e-12, 0.1)], new SelectionConstraints(0, 1), Objective.Accuracy));
        Assert.Contains("energy, area, latency", ex.Errors[0].Expected);
    }

    [Fact]
    public void HugeValuesAreCoarsenedNotOverflowed()
    {
        // 1e4 points of ~1 J each: 1e15 fJ x 1e4 would exceed 2^53, so the resolution must grow.
        var random = new Random(7);
        var points = Enumerable.Range(0, 10_000)
            .Select(i => FakeResults.Point($"p{i:D5}", 0.95, 0.5 + random.NextDouble(), 1)).ToArray();
        var result = DesignSelector.Select(points, new SelectionConstraints(0.9, 2), Objective.Energy);
        Assert.Equal(SelectionStatus.Optimal, result.Status);
        Assert.True(result.Scaling[0].Resolution > 1);
        Assert.Equal(points.Min(p => p.EnergyJ), result.Chosen!.EnergyJ, 1e-6);
    }

    /// <summary>Brute force: filter by the budgets in doubles, then min by (objective at its resolution, area in um^2, key).</summary>
    private static PointResult? BruteForce(PointResult[] points, SelectionConstraints c, Objective o, double unitsPerSi) =>
        points
            .Where(p => p.ObjectiveAccuracy >= c.MinAccuracy && p.AreaMm2 <= c.MaxAreaMm2
                        && (c.MaxEnergyJ is not double e || p.EnergyJ <= e)
                        && (c.MaxLatencyS is not double l || p.LatencyS <= l))
            .OrderBy(p => Math.Round(o.Value(p) * unitsPerSi, MidpointRounding.AwayFromZero))
            .ThenBy(p => Math.Round(p.AreaMm2 * 1e6, MidpointRounding.AwayFromZero))
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .FirstOrDefault();

    [Fact]
    public void AgreesWithBruteForceOnRandomSets()
    {
        var random = new Random(20250101);
        var objectives = new[] { (Objective.Energy, 1e15), (Objective.Area, 1e6), (Objective.Latency, 1e12) };
        int infeasible = 0;
        for (int trial = 0; trial < 50; trial++)
        {
            var points = FakeResults.Random(random.Next(1, 120), random, withLabels: trial % 3 != 0);
            var c = new SelectionConstraints(
                MinAccuracy: random.Next(0, 11) / 10.0,
                MaxAreaMm2: random.Next(1, 26) * 0.01,
                MaxEnergyJ: random.Next(2) == 0 ? null : random.Next(1, 31) * 1e-12,
                MaxLatencyS: random.Next(2) == 0 ? null : random.Next(1, 11) * 1e-7);
            var (objective, perSi) = objectives[trial % 3];
            var expected = BruteForce(points, c, objective, perSi);
            var result = DesignSelector.Select(points, c, objective);
            Assert.Equal(expected?.Key, result.Chosen?.Key);
            Assert.Equal(expected is null ? SelectionStatus.Infeasible : SelectionStatus.Optimal, result.Status);
            if (expected is null) infeasible++;
        }
        Assert.InRange(infeasible, 1, 40); // both outcomes exercised
    }
}
