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
            .Where(p => (c.MinAccuracy is not double a || p.ObjectiveAccuracy >= a) && (c.MaxAreaMm2 is not double x || p.AreaMm2 <= x)
                        && (c.MaxEnergyJ is not double e || p.EnergyJ <= e)
                        && (c.MaxLatencyS is not double l || p.LatencyS <= l)
                        && (c.MinAccuracyP5 is not double q || (p.Accuracy ?? p.Agreement)!.P5 >= q)
                        && (c.MinAgreement is not double g || p.Agreement!.Mean >= g))
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
                MinAccuracy: random.Next(3) == 0 ? null : random.Next(0, 11) / 10.0,
                MaxAreaMm2: random.Next(3) == 0 ? null : random.Next(1, 26) * 0.01,
                MaxEnergyJ: random.Next(2) == 0 ? null : random.Next(1, 31) * 1e-12,
                MaxLatencyS: random.Next(2) == 0 ? null : random.Next(1, 11) * 1e-7,
                MinAccuracyP5: random.Next(2) == 0 ? null : random.Next(0, 11) / 10.0,
                MinAgreement: random.Next(3) == 0 ? null : random.Next(0, 11) / 10.0);
            var (objective, perSi) = objectives[trial % 3];
            var expected = BruteForce(points, c, objective, perSi);
            var result = DesignSelector.Select(points, c, objective);
            Assert.Equal(expected?.Key, result.Chosen?.Key);
            Assert.Equal(expected is null ? SelectionStatus.Infeasible : SelectionStatus.Optimal, result.Status);
            if (expected is null) infeasible++;
        }
        Assert.InRange(infeasible, 1, 40); // both outcomes exercised
    }

    [Fact]
    public void TopKIsTheBruteForceOrderWithoutRepeats()
    {
        var random = new Random(42);
        for (int trial = 0; trial < 20; trial++)
        {
            var points = FakeResults.Random(random.Next(5, 60), random, withLabels: true);
            var c = new SelectionConstraints(MinAccuracyP5: random.Next(0, 6) / 10.0, MaxAreaMm2: random.Next(5, 26) * 0.01);
            var expected = points.Where(c.Admit)
                .OrderBy(p => Math.Round(p.EnergyJ * 1e15, MidpointRounding.AwayFromZero))
                .ThenBy(p => Math.Round(p.AreaMm2 * 1e6, MidpointRounding.AwayFromZero))
                .ThenBy(p => p.Key, StringComparer.Ordinal).Take(5).Select(p => p.Key).ToArray();
            var ranked = DesignSelector.SelectTop(points, c, Objective.Energy, 5);
            Assert.Equal(expected, ranked.Where(r => r.Chosen is not null).Select(r => r.Chosen!.Key));
            if (expected.Length == 0) Assert.Equal(SelectionStatus.Infeasible, Assert.Single(ranked).Status);
        }
    }

    [Fact]
    public void TheYieldBudgetExcludesDesignsWhoseMeanIsFineButP5IsNot()
    {
        PointResult[] points =
        [
            FakeResults.Point("mean-ok-p5-bad", 0.95, 1e-12, 0.1) with { Accuracy = new TrialStats(0.95, 0.9, 0.99, 0.70) },
            FakeResults.Point("both-ok", 0.93, 2e-12, 0.1) with { Accuracy = new TrialStats(0.93, 0.9, 0.96, 0.91) },
        ];
        Assert.Equal("mean-ok-p5-bad", DesignSelector.Select(points, new SelectionConstraints(MinAccuracy: 0.9), Objective.Energy).Chosen!.Key);
        var result = DesignSelector.Select(points, new SelectionConstraints(MinAccuracy: 0.9, MinAccuracyP5: 0.9), Objective.Energy);
        Assert.Equal("both-ok", result.Chosen!.Key);
        Assert.Equal(1, result.Excluded["minAccuracyP5"]);
    }

    [Fact]
    public void NoBudgetsPicksTheCheapestAndExplainSaysWhichBudgetsBind()
    {
        PointResult[] points =
        [
            FakeResults.Point("cheapest", 0.5, 1e-12, 0.1),
            FakeResults.Point("accurate", 0.95, 3e-12, 0.1),
            FakeResults.Point("accurate-big", 0.99, 2e-12, 5),
        ];
        Assert.Equal("cheapest", DesignSelector.Select(points, new SelectionConstraints(), Objective.Energy).Chosen!.Key);
        var c = new SelectionConstraints(MinAccuracy: 0.9, MaxAreaMm2: 1, MaxLatencyS: 1);
        var chosen = DesignSelector.Select(points, c, Objective.Energy).Chosen!;
        Assert.Equal("accurate", chosen.Key);
        var checks = DesignSelector.Explain(points, c, Objective.Energy, chosen).ToDictionary(x => x.Budget.Name);
        Assert.True(checks["minAccuracy"].Binds);   // without it: "cheapest"
        Assert.True(checks["maxAreaMm2"].Binds);    // without it: "accurate-big"
        Assert.False(checks["maxLatencyS"].Binds);
        Assert.Equal(0.05, checks["minAccuracy"].Slack, 1e-12);
        Assert.Equal(0.9, checks["maxAreaMm2"].Slack, 1e-12);
    }
}
