using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Pareto;
using Dse.Tests.Shared;

namespace Dse.Tests.Pareto;

public class ParetoFrontTests
{
    private static readonly Objective[] AccEnergy = [Objective.Accuracy, Objective.Energy];

    [Fact]
    public void DominatedPointIsExcluded()
    {
        var a = FakeResults.Point("a", 0.9, 1e-12, 1);
        var b = FakeResults.Point("b", 0.8, 2e-12, 1); // worse in both
        var c = FakeResults.Point("c", 0.95, 3e-12, 1); // better accuracy, more energy
        var front = ParetoFront.Compute([a, b, c], AccEnergy);
        Assert.Equal(["c", "a"], front.Select(p => p.Key));
    }

    [Fact]
    public void NoWorseEverywhereAndBetterInOneDominates()
    {
        var a = FakeResults.Point("a", 0.9, 1e-12, 1);
        var b = FakeResults.Point("b", 0.9, 2e-12, 1); // equal accuracy, more energy
        Assert.True(ParetoFront.Dominates(a, b, AccEnergy));
        Assert.False(ParetoFront.Dominates(b, a, AccEnergy));
        Assert.Equal(["a"], ParetoFront.Compute([b, a], AccEnergy).Select(p => p.Key));
    }

    [Fact]
    public void IdenticalObjectiveVectorsAreAllKept()
    {
        var a = FakeResults.Point("a", 0.9, 1e-12, 1);
        var b = FakeResults.Point("b", 0.9, 1e-12, 5); // same (accuracy, energy), area not an objective
        var c = FakeResults.Point("c", 0.9, 1e-12, 1);
        var d = FakeResults.Point("d", 0.85, 1e-12, 1);
        Assert.False(ParetoFront.Dominates(a, c, AccEnergy));
        var front = ParetoFront.Compute([c, d, b, a], AccEnergy);
        Assert.Equal(["a", "b", "c"], front.Select(p => p.Key));
    }

    [Fact]
    public void AccuracyFallsBackToAgreementWithoutLabels()
    {
        var a = FakeResults.Point("a", null, 1e-12, 1, agreement: 0.7);
        var b = FakeResults.Point("b", null, 2e-12, 1, agreement: 0.8);
        var c = FakeResults.Point("c", null, 3e-12, 1, agreement: 0.75);
        Assert.Equal(["b", "a"], ParetoFront.Compute([a, b, c], AccEnergy).Select(p => p.Key));
    }

    [Fact]
    public void ThreeObjectivesKeepTradeOffs()
    {
        var a = FakeResults.Point("a", 0.9, 1e-12, 3);
        var b = FakeResults.Point("b", 0.9, 3e-12, 1);
        var c = FakeResults.Point("c", 0.9, 2e-12, 2);
        var d = FakeResults.Point("d", 0.9, 3e-12, 3);
        var front = ParetoFront.Compute([a, b, c, d], Objective.Default);
        Assert.Equal(["a", "b", "c"], front.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EmptyInputGivesEmptyFront() =>
        Assert.Empty(ParetoFront.Compute([], AccEnergy));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 200)]
    [InlineData(3, 500)]
    [InlineData(4, 1000)]
    [InlineData(5, 300)]
    public void FrontIsExactlyTheNonDominatedSet(int seed, int n)
    {
        var random = new Random(seed);
        foreach (var objectives in new[] { AccEnergy, Objective.Default, Objective.All.ToArray() })
        {
            var points = FakeResults.Random(n, random, withLabels: seed % 2 == 1);
            var front = ParetoFront.Compute(points, objectives);
            var onFront = front.Select(p => p.Key).ToHashSet();
            Assert.Equal(front.Count, onFront.Count);
            foreach (var f in front)
                Assert.DoesNotContain(points, p => ParetoFront.Dominates(p, f, objectives));
            foreach (var p in points.Where(p => !onFront.Contains(p.Key)))
                Assert.Contains(front, f => ParetoFront.Dominates(f, p, objectives));
            // Best first in the first objective.
            var first = front.Select(p => objectives[0].Cost(p)).ToArray();
            Assert.Equal(first.Order(), first);
        }
    }

    [Fact]
    public void ParseKnowsEveryObjective()
    {
        foreach (var o in Objective.All) Assert.Same(o, Objective.Parse(o.Name));
        Assert.Equal(Sense.Maximise, Objective.Parse("accuracy").Sense);
        Assert.Equal(Sense.Minimise, Objective.Parse("latency").Sense);
    }

    [Fact]
    public void ParseRejectsUnknownNameListingValidOnes()
    {
        var ex = Assert.Throws<InputException>(() => Objective.Parse("power", "sweeps/x.json", "$.objectives[1]"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("sweeps/x.json", error.File);
        Assert.Equal("$.objectives[1]", error.Path);
        Assert.Contains("accuracy, agreement, accuracyP5, agreementP5, taskScore, energy, area, latency", error.Expected);
        Assert.Contains("power", error.Found);
    }
}
