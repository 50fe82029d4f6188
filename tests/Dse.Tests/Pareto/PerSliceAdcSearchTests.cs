using Dse.Costs;
using Dse.Pareto;
using Xunit.Abstractions;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Pareto;

/// <summary>
/// <see cref="PerSliceAdcSearch"/> against brute force: 4-slice problems (random tables and the fixture cost model) at several
/// epsilons, both objectives and with budgets; an infeasible epsilon; determinism; the epsilon sweep; a 7-slice case at 3..9 bits
/// (7^7 assignments), whose solve times the test prints.
/// </summary>
public class PerSliceAdcSearchTests(ITestOutputHelper output)
{
    /// <summary>A random problem: errors falling with resolution and growing with significance, costs rising with resolution.</summary>
    private static PerSliceAdcProblem RandomProblem(int slices, int[] resolutions, int seed)
    {
        var rng = new Random(seed);
        int k = resolutions.Length;
        var error = new double[slices, k];
        var energy = new double[slices, k];
        var area = new double[slices, k];
        for (int s = 0; s < slices; s++)
            for (int j = 0; j < k; j++)
            {
                error[s, j] = Math.Pow(4, 2 * (slices - 1 - s)) * Math.Pow(4, -resolutions[j]) * (0.5 + rng.NextDouble());
                energy[s, j] = 1e-12 * resolutions[j] * (1 + rng.NextDouble());
                area[s, j] = 1e-9 * Math.Pow(1.3, resolutions[j]) * (1 + rng.NextDouble());
            }
        var shared = resolutions.Select(b => 5e-12 + 1e-13 * b).ToArray();
        var sharedArea = resolutions.Select(b => 2e-8 + 1e-10 * b).ToArray();
        var latency = resolutions.Select(b => 1e-7 * (b + 1)).ToArray();
        return new PerSliceAdcProblem(resolutions, error, energy, area, shared, sharedArea, latency);
    }

    private static IEnumerable<int[]> Choices(int slices, int k)
    {
        var c = new int[slices];
        while (true)
        {
            yield return (int[])c.Clone();
            int s = slices - 1;
            while (s >= 0 && ++c[s] == k) c[s--] = 0;
            if (s < 0) yield break;
        }
    }

    /// <summary>Epsilons midway between consecutive distinct achievable error sums at the given quantiles (never at a knife edge).</summary>
    private static double[] Epsilons(IReadOnlyList<PerSliceAdcPoint> all, params double[] quantiles)
    {
        var sums = all.Select(p => p.Error).Distinct().Order().ToArray();
        return quantiles.Select(q => { int i = (int)(q * (sums.Length - 2)); return (sums[i] + sums[i + 1]) / 2; }).ToArray();
    }

    private static void AssertMatchesBruteForce(PerSliceAdcProblem problem, IReadOnlyList<PerSliceAdcPoint> all, double epsilon, PerSliceAdcSearchOptions options)
    {
        var admitted = all.Where(p => p.Error <= epsilon
            && (options.AreaBudgetM2 is not double a || p.AreaM2 <= a) && (options.LatencyBudgetS is not double l || p.LatencyS <= l)).ToArray();
        var solve = PerSliceAdcSearch.Solve(problem, epsilon, options);
        if (admitted.Length == 0)
        {
            Assert.Equal(PerSliceSolveStatus.Infeasible, solve.Status);
            return;
        }
        var best = admitted.MinBy(p => p.Cost(options.Objective))!;
        Assert.Equal(PerSliceSolveStatus.Optimal, solve.Status);
        Assert.Equal(0, solve.RelativeGap);
        var found = solve.Point!;
        Assert.True(found.Error <= epsilon, $"error {found.Error:R} > epsilon {epsilon:R}");
        // optimal up to the objective's rounding, (S + 1) / 2 units of 2^-30 of the largest possible objective
        double max = all.Max(p => p.Cost(options.Objective));
        Assert.True(Math.Abs(found.Cost(options.Objective) - best.Cost(options.Objective)) <= 1e-8 * max,
            $"eps {epsilon:R}: CP-SAT {found.Assignment} {found.Cost(options.Objective):R}, brute force {best.Assignment} {best.Cost(options.Objective):R}");
    }

    [Theory]
    [InlineData(PerSliceObjective.Energy, 11)]
    [InlineData(PerSliceObjective.Area, 11)]
    [InlineData(PerSliceObjective.Energy, 12)]
    [InlineData(PerSliceObjective.Area, 13)]
    public void FourSlices_EqualsBruteForce(PerSliceObjective objective, int seed)
    {
        var problem = RandomProblem(4, [3, 4, 5, 6, 7, 8], seed);
        var all = Choices(4, 6).Select(problem.Evaluate).ToArray();
        var options = new PerSliceAdcSearchOptions(objective);
        foreach (var eps in Epsilons(all, 0, 0.02, 0.1, 0.3, 0.6, 0.95))
            AssertMatchesBruteForce(problem, all, eps, options);
    }

    [Fact]
    public void FourSlices_WithAreaAndLatencyBudgets_EqualsBruteForce()
    {
        var problem = RandomProblem(4, [3, 4, 5, 6, 7, 8], 21);
        var all = Choices(4, 6).Select(problem.Evaluate).ToArray();
        var areas = all.Select(p => p.AreaM2).Order().ToArray();
        foreach (var eps in Epsilons(all, 0.05, 0.4))
        {
            AssertMatchesBruteForce(problem, all, eps, new PerSliceAdcSearchOptions(PerSliceObjective.Energy, AreaBudgetM2: (areas[300] + areas[301]) / 2));
            AssertMatchesBruteForce(problem, all, eps, new PerSliceAdcSearchOptions(PerSliceObjective.Energy, LatencyBudgetS: 6.5e-7));
            AssertMatchesBruteForce(problem, all, eps, new PerSliceAdcSearchOptions(PerSliceObjective.Area, AreaBudgetM2: (areas[600] + areas[601]) / 2, LatencyBudgetS: 8.5e-7));
        }
    }

    /// <summary>The fixture design's cost split with a quantisation-noise surrogate <c>4^(cellBits (S - 1 - s)) 4^-b</c>.</summary>
    private static PerSliceAdcProblem FixtureProblem(CostDesign design, int[] resolutions)
    {
        var costs = PerSliceAdcCosts.Build(Device, Periphery, design, resolutions);
        var error = new double[costs.Slices, resolutions.Length];
        for (int s = 0; s < costs.Slices; s++)
            for (int j = 0; j < resolutions.Length; j++)
                error[s, j] = Math.Pow(4, design.CellBits * (costs.Slices - 1 - s)) * Math.Pow(4, -resolutions[j]);
        return PerSliceAdcProblem.FromCosts(costs, error);
    }

    [Fact]
    public void CostModelProblem_EqualsBruteForceAndTheCostModel()
    {
        var problem = FixtureProblem(Design, [3, 4, 5, 6, 7, 8]);
        var all = Choices(4, 6).Select(problem.Evaluate).ToArray();
        foreach (var objective in new[] { PerSliceObjective.Energy, PerSliceObjective.Area })
            foreach (var eps in Epsilons(all, 0.01, 0.2, 0.5, 0.9))
                AssertMatchesBruteForce(problem, all, eps, new PerSliceAdcSearchOptions(objective));
        // the problem's costs are the cost model's
        var p = problem.Evaluate([4, 2, 1, 0]);
        var direct = CostModel.Evaluate(Device, Periphery, Design.WithAdcBitsPerSlice(p.Assignment));
        Assert.Equal("7-5-4-3", p.Assignment.ToString());
        Assert.True(Math.Abs(direct.EnergyJ - p.EnergyJ) <= 1e-12 * direct.EnergyJ);
        Assert.True(Math.Abs(direct.AreaM2 - p.AreaM2) <= 1e-12 * direct.AreaM2);
    }

    [Fact]
    public void EpsilonBelowTheAllMaxError_IsInfeasible()
    {
        var problem = RandomProblem(4, [3, 4, 5, 6], 5);
        double allMax = problem.Evaluate([3, 3, 3, 3]).Error;
        var solve = PerSliceAdcSearch.Solve(problem, allMax * 0.999, new PerSliceAdcSearchOptions());
        Assert.Equal(PerSliceSolveStatus.Infeasible, solve.Status);
        Assert.Null(solve.Point);
        Assert.Null(solve.RelativeGap);
        Assert.Equal(PerSliceSolveStatus.Infeasible, PerSliceAdcSearch.Solve(problem, -1, new PerSliceAdcSearchOptions()).Status);
        Assert.Equal(PerSliceSolveStatus.Infeasible,
            PerSliceAdcSearch.Solve(problem, double.MaxValue / 2, new PerSliceAdcSearchOptions(LatencyBudgetS: 1e-9)).Status);
    }

    [Fact]
    public void SameProblemTwice_SameAnswers()
    {
        var problem = RandomProblem(5, [3, 4, 5, 6, 7], 8);
        var first = PerSliceAdcSearch.EpsilonSweep(problem, 6, new PerSliceAdcSearchOptions());
        var second = PerSliceAdcSearch.EpsilonSweep(problem, 6, new PerSliceAdcSearchOptions());
        Assert.Equal(first.Select(s => (s.Epsilon, s.Status, s.Point)), second.Select(s => (s.Epsilon, s.Status, s.Point)));
    }

    [Fact]
    public void EpsilonSweep_SpansAllMaxToAllMin()
    {
        var problem = FixtureProblem(Design, [3, 4, 5, 6, 7, 8]);
        var sweep = PerSliceAdcSearch.EpsilonSweep(problem, 8, new PerSliceAdcSearchOptions());
        Assert.Equal(8, sweep.Count);
        Assert.All(sweep, s => Assert.Equal(PerSliceSolveStatus.Optimal, s.Status));
        Assert.All(sweep, s => Assert.True(s.Point!.Error <= s.Epsilon));
        // tightest: only every slice at 8 bits meets it; loosest: every slice at 3 bits, the cheapest
        Assert.Equal("8-8-8-8", sweep[0].Point!.Assignment.ToString());
        Assert.Equal("3-3-3-3", sweep[^1].Point!.Assignment.ToString());
        for (int i = 1; i < sweep.Count; i++) Assert.True(sweep[i].Point!.EnergyJ <= sweep[i - 1].Point!.EnergyJ);
        var front = PerSliceAdcSearch.Front(sweep, PerSliceObjective.Energy);
        Assert.True(front.Count >= 3);
        for (int i = 1; i < front.Count; i++) Assert.True(front[i].Error > front[i - 1].Error && front[i].EnergyJ < front[i - 1].EnergyJ);
        Assert.Throws<ArgumentOutOfRangeException>(() => PerSliceAdcSearch.EpsilonSweep(problem, 1, new PerSliceAdcSearchOptions()));
    }

    [Fact]
    public void SevenSlices_ThreeToNineBits_EqualsBruteForce()
    {
        // 1 bit per cell: 7 slices; resolutions 3..9: 7^7 = 823,543 assignments.
        int[] bits = [3, 4, 5, 6, 7, 8, 9];
        var problem = FixtureProblem(Design with { CellBits = 1, ColsPerAdc = 4 }, bits);
        Assert.Equal(7, problem.Slices);
        // brute force without allocations: errors and energies of all assignments
        int n = (int)Math.Pow(7, 7);
        var error = new double[n];
        var energy = new double[n];
        var c = new int[7];
        for (int i = 0; i < n; i++)
        {
            int widest = c.Max();
            double e = 0, en = problem.SharedCost(PerSliceObjective.Energy, widest);
            for (int s = 0; s < 7; s++) { e += problem.Error(s, c[s]); en += problem.SliceCost(PerSliceObjective.Energy, s, c[s]); }
            (error[i], energy[i]) = (e, en);
            int t = 6;
            while (t >= 0 && ++c[t] == 7) c[t--] = 0;
        }
        var sweep = PerSliceAdcSearch.EpsilonSweep(problem, 10, new PerSliceAdcSearchOptions());
        double maxEnergy = energy.Max();
        foreach (var solve in sweep)
        {
            double best = double.PositiveInfinity;
            for (int i = 0; i < n; i++) if (error[i] <= solve.Epsilon && energy[i] < best) best = energy[i];
            Assert.Equal(PerSliceSolveStatus.Optimal, solve.Status);
            Assert.True(solve.Point!.Error <= solve.Epsilon);
            Assert.True(Math.Abs(solve.Point.EnergyJ - best) <= 1e-8 * maxEnergy, $"eps {solve.Epsilon:R}: {solve.Point.EnergyJ:R} vs brute force {best:R}");
            output.WriteLine($"eps {solve.Epsilon:E3}: {solve.Status} {solve.Point.Assignment} energy {solve.Point.EnergyJ:E4} J area {solve.Point.AreaM2 * 1e6:E4} mm^2 in {solve.WallTimeS * 1e3:F1} ms");
        }
    }
}
