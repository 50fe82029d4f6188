using CsCheck;
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
    public void EnergyTiesGoToP5ThenMeanAccuracyThenKeyAmongTheNonDominated()
    {
        var c = new SelectionConstraints(0.5, 1.0);
        PointResult[] p5 =
        [
            FakeResults.Point("a", 0.95, 1e-12, 0.3) with { Accuracy = new TrialStats(0.95, 0.93, 0.97, 0.90) },
            FakeResults.Point("b", 0.93, 1e-12, 0.3) with { Accuracy = new TrialStats(0.93, 0.91, 0.95, 0.91) },
        ];
        Assert.Equal("b", DesignSelector.Select(p5, c, Objective.Energy).Chosen!.Key); // higher P5 first, although its mean is lower
        PointResult[] mean =
        [
            FakeResults.Point("a", 0.95, 1e-12, 0.3) with { Accuracy = new TrialStats(0.95, 0.93, 0.97, 0.90) },
            FakeResults.Point("b", 0.96, 1e-12, 0.4) with { Accuracy = new TrialStats(0.96, 0.94, 0.98, 0.90) },
        ];
        Assert.Equal("b", DesignSelector.Select(mean, c, Objective.Energy).Chosen!.Key); // equal P5: higher mean, although its area is larger
        PointResult[] key =
        [
            FakeResults.Point("c", 0.95, 1e-12, 0.2, latencyS: 2e-6),
            FakeResults.Point("b", 0.95, 1e-12, 0.3, latencyS: 1e-6),
            FakeResults.Point("a", 0.95, 1e-12, 0.5, latencyS: 2e-6), // dominated by c: never chosen, although its key comes first
        ];
        var result = DesignSelector.Select(key, c, Objective.Energy);
        Assert.Equal("b", result.Chosen!.Key);
        Assert.Equal(["energyFj", "accuracyP5Rank", "accuracyRank", "keyRank"], result.Scaling.Select(s => s.Name));
        Assert.Equal(["b", "c"], DesignSelector.SelectTop(key, c, Objective.Energy, 2).Select(r => r.Chosen!.Key));
    }

    /// <summary>
    /// The default sweep's case: fefet3 and fefet6 at 256x256, 2 bits per cell, 8-bit ADC cost the same energy, area and latency, but
    /// fefet6 is more accurate (mean 0.967 against 0.951, P5 0.938 against 0.909). The key alone once broke the tie and chose fefet3,
    /// which fefet6 dominates.
    /// </summary>
    [Fact]
    public void AnEnergyTieGoesToTheDesignThatDominatesNotToTheFirstKey()
    {
        PointResult[] points =
        [
            FakeResults.Point("fefet3/256x256/c2/a8/n8", 0.951171875, 1.540112643185734E-08, 0.09641953736, 6.5902608E-06, agreement: 0.951171875)
                with { Accuracy = new TrialStats(0.951171875, 0.9391, 0.9633, 0.90859375) },
            FakeResults.Point("fefet6/256x256/c2/a8/n8", 0.966796875, 1.540112643185734E-08, 0.09641953736, 6.5902608E-06, agreement: 0.966796875)
                with { Accuracy = new TrialStats(0.966796875, 0.9560, 0.9776, 0.9375) },
            FakeResults.Point("fefet3/256x256/c1/a5/n8", 0.9541015625, 2.4179981785916753E-08, 0.1080216388, 5.0542608E-06, agreement: 0.9541015625)
                with { Accuracy = new TrialStats(0.9541015625, 0.943, 0.965, 0.92421875) },
        ];
        var constraints = new SelectionConstraints(MinAccuracy: 0.95, MinAccuracyP5: 0.9);
        Assert.Equal("fefet6/256x256/c2/a8/n8", DesignSelector.Select(points, constraints, Objective.Energy).Chosen!.Key);
        Assert.Equal(["fefet6/256x256/c2/a8/n8", "fefet3/256x256/c2/a8/n8", "fefet3/256x256/c1/a5/n8"],
            DesignSelector.SelectTop(points, constraints, Objective.Energy, 3).Select(r => r.Chosen!.Key));
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
        // 1e4 non-dominated points (accuracy rises with energy) of ~1 J each: 1e15 fJ x 1e4 would exceed 2^53, so the resolution must grow.
        var random = new Random(7);
        var points = Enumerable.Range(0, 10_000).Select(i => 0.5 + random.NextDouble())
            .Select((e, i) => FakeResults.Point($"p{i:D5}", e - 0.5, e, 1)).ToArray();
        var result = DesignSelector.Select(points, new SelectionConstraints(MaxAreaMm2: 2), Objective.Energy);
        Assert.Equal(SelectionStatus.Optimal, result.Status);
        Assert.True(result.Scaling[0].Resolution > 1);
        Assert.Equal(points.Min(p => p.EnergyJ), result.Chosen!.EnergyJ, 1e-6);
    }

    /// <summary>A random table: values on small grids, so exact ties and dominance are common; labelled, unlabelled or cost-only.</summary>
    private static readonly Gen<PointResult[]> Tables =
        Gen.Select(Gen.Int[0, 2], Gen.Select(Gen.Int[1, 6], Gen.Int[1, 5], Gen.Int[1, 4], Gen.Int[0, 10], Gen.Int[0, 3], Gen.Int[0, 5]).Array[0, 40])
            .Select((kind, rows) => rows.Select((r, i) =>
            {
                var (energy, area, latency, mean, p5Drop, agreement) = r;
                var point = FakeResults.Point($"p{(i * 7919) % 1000:D3}", mean / 10.0, energy * 1e-12, area * 0.01, latency * 1e-7, agreement / 5.0)
                    with { Accuracy = new TrialStats(mean / 10.0, 0, 1, Math.Max(0, mean / 10.0 - p5Drop * 0.05)) };
                return kind switch
                {
                    0 => point,
                    1 => point with { Accuracy = null, MipsAccuracy = null, DigitalAccuracy = null },
                    _ => point with { Agreement = null, Accuracy = null, MipsAgreement = null, MipsAccuracy = null, DigitalAgreement = null, DigitalAccuracy = null },
                };
            }).ToArray());

    /// <summary>Random budgets (each set or not); the accuracy budgets only on simulated tables.</summary>
    private static readonly Gen<(double? MinAccuracy, double? MinAccuracyP5, double? MinAgreement, double? MaxArea, double? MaxEnergy, double? MaxLatency)> Budgets =
        Gen.Select(Gen.Int[-1, 10], Gen.Int[-1, 10], Gen.Int[-1, 5], Gen.Int[-1, 5], Gen.Int[-1, 6], Gen.Int[-1, 4])
            .Select(b => (Set(b.Item1, 0.1), Set(b.Item2, 0.1), Set(b.Item3, 0.2), Set(b.Item4, 0.01), Set(b.Item5, 1e-12), Set(b.Item6, 1e-7)));

    private static double? Set(int steps, double step) => steps < 0 ? null : steps * step;

    [Fact]
    public void EveryRankedDesignIsFeasibleNotDominatedAndFollowsTheTieRule()
    {
        Objective[] objectives = [Objective.Energy, Objective.Area, Objective.Latency];
        int infeasible = 0, ranked = 0;
        Gen.Select(Tables, Budgets, Gen.Int[0, 2], Gen.Int[1, 4]).Sample((points, b, o, k) =>
        {
            bool simulated = points.Length > 0 && points[0].IsSimulated;
            var c = simulated
                ? new SelectionConstraints(b.MinAccuracy, b.MaxArea, b.MaxEnergy, b.MaxLatency, b.MinAccuracyP5, b.MinAgreement)
                : new SelectionConstraints(MaxAreaMm2: b.MaxArea, MaxEnergyJ: b.MaxEnergy, MaxLatencyS: b.MaxLatency);
            var results = DesignSelector.SelectTop(points, c, objectives[o], k);
            var feasible = points.Where(c.Admit).ToList();
            var chosen = results.Where(r => r.Chosen is not null).Select(r => r.Chosen!).ToList();
            if (feasible.Count == 0)
            {
                Assert.Equal(SelectionStatus.Infeasible, Assert.Single(results).Status);
                infeasible++;
                return;
            }
            Assert.Equal(Math.Min(k, feasible.Count), chosen.Count);
            Assert.All(results, r => Assert.Equal(SelectionStatus.Optimal, r.Status));
            for (int r = 0; r < chosen.Count; r++)
            {
                var left = feasible.Where(p => !chosen.Take(r).Contains(p)).ToList();
                Assert.Contains(chosen[r], left); // feasible, not ranked twice
                Assert.DoesNotContain(left, p => SelectionOracle.Dominates(p, chosen[r]));
                var tieOrder = SelectionOracle.TieOrder(objectives[o]);
                Assert.All(left.Where(p => p != chosen[r] && !left.Any(q => SelectionOracle.Dominates(q, p))), p => Assert.True(tieOrder.Compare(chosen[r], p) < 0));
            }
            ranked++;
        }, iter: 600, threads: 1, print: t => $"{t.Item1.Length} points, budgets {t.Item2}, minimise {objectives[t.Item3].Name}, top {t.Item4}: " +
            string.Join("; ", t.Item1.Select(p => $"{p.Key} E{p.EnergyJ:G3} A{p.AreaMm2:G3} L{p.LatencyS:G3}" + (p.IsSimulated ? $" acc{p.ObjectiveAccuracy:G3} p5 {p.AccuracyStats.P5:G3} agr{p.Agreement!.Mean:G3}" : ""))));
        Assert.True(infeasible > 10 && ranked > 100, $"{infeasible} infeasible, {ranked} ranked");
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
