using Dse.Costs;
using Dse.Exploration;
using Dse.Runs;
using Dse.Pareto;
using Dse.Tests.Shared;
using Dse.Reports;
using Dse.Pipeline;

namespace Dse.Tests.PerSlice;

public class PerSliceExplorationTests
{
    private sealed class ListSink(List<PointResult> into) : IPointSink
    {
        public void Add(PointResult point) => into.Add(point);
    }

    private static readonly int[] Candidates = [3, 4, 5, 6, 7];

    /// <summary>Two devices, 64x64, 2 bits per cell (4 slices), ADC 4 and 6 bits, 4 chips: the run and its search.</summary>
    private static (RunPoints Run, PerSliceSearchResult Search) Searched(int sample = 0)
        => Searched(TestSweeps.Write(TestSweeps.TinySynthetic()), [("crossbar", "[\"64x64\"]"), ("cellBits", "[2]"), ("adcBits", "[4, 6]"), ("virtualTokens", "[4]")],
            Candidates, sample);

    /// <summary>The run of <paramref name="specPath"/> with <paramref name="overrides"/> and its search over <paramref name="candidates"/>.</summary>
    private static (RunPoints Run, PerSliceSearchResult Search) Searched(string specPath, IReadOnlyList<(string, string)> overrides, int[] candidates, int sample = 0)
    {
        var spec = SweepSpecLoader.Load(specPath, overrides);
        var prepared = TestSweeps.Prepare(spec);
        var points = new List<PointResult>();
        Explorer.Run(prepared, new ListSink(points), new RunOptions(2));
        var run = new RunPoints(prepared.Spec, points);
        var search = PerSliceExploration.Run(prepared, points,
            new PerSliceSearchSpec(candidates, 6, [PerSliceObjective.Energy, PerSliceObjective.Area], 2, sample, 5, new PerSliceAdcSearchOptions()), 2);
        return (run, search);
    }

    [Fact]
    public void Search_reproduces_the_run_and_verifies_what_CP_SAT_chose_at_the_solver_cost()
    {
        var (run, search) = Searched();
        // The verification pass is the run's Monte Carlo: every homogeneous point of the run comes out identical.
        Assert.Equal(run.Points.Count, search.RunPointsChecked);
        Assert.Equal(0, search.RunPointsDiffering);
        // Two base designs, 2 objectives x 6 epsilons each, all proven optimal.
        Assert.Equal(2, search.Verified.Select(v => v.BaseKey).Distinct().Count());
        Assert.Equal(2 * 2 * 6, search.Solves.Count);
        Assert.All(search.Solves, s => Assert.Equal(PerSliceSolveStatus.Optimal, s.Solve.Status));
        // Every candidate resolution read homogeneously, and every assignment a solve chose verified, at the cost the solver optimised.
        foreach (var baseKey in search.Verified.Select(v => v.BaseKey).Distinct())
        {
            var verified = search.Verified.Where(v => v.BaseKey == baseKey).ToDictionary(v => v.Bits);
            Assert.All(Candidates, b => Assert.Contains(AdcBitsPerSlice.Homogeneous(b, 4), verified.Keys));
            foreach (var solve in search.Solves.Where(s => s.BaseKey == baseKey))
            {
                var v = verified[solve.Solve.Point!.Assignment];
                Assert.Equal(solve.Solve.Point.EnergyJ, v.Result.EnergyJ, 1e-9 * v.Result.EnergyJ);
                Assert.Equal(solve.Solve.Point.AreaM2 * 1e6, v.Result.AreaMm2, 1e-9 * v.Result.AreaMm2);
                Assert.Equal(solve.Solve.Point.Error, v.SurrogateError, 1e-9 * Math.Max(1, v.SurrogateError));
                Assert.True(v.Origin.HasFlag(solve.Objective == PerSliceObjective.Energy ? PerSliceOrigin.EnergySolve : PerSliceOrigin.AreaSolve));
            }
        }
        Assert.Contains(search.Verified, v => !v.Bits.IsHomogeneous);
    }

    [Fact]
    public void Final_front_weakly_dominates_the_homogeneous_front_and_gains_are_never_negative()
        => FrontWeaklyDominatesAndGainsHold(Searched());

    [Fact]
    [Trait("Category", "Long")]
    public void On_the_default_sweep_with_IR_drop_the_final_front_weakly_dominates_the_homogeneous_front()
        // The default sweep's whole design space (5 devices, 3 crossbars with the periphery's wires, 1 and 2 bits per cell, ADC 4..8,
        // 8 and 16 tokens) at 4 chips x 32 queries to keep the test short; candidate resolutions 3..9.
        => FrontWeaklyDominatesAndGainsHold(Searched(Path.Combine(TestPaths.RepoRoot, "sweeps", "default.json"),
            [("mc.trials", "4"), ("mc.queries", "32")], [3, 4, 5, 6, 7, 8, 9]));

    private static void FrontWeaklyDominatesAndGainsHold((RunPoints Run, PerSliceSearchResult Search) searched)
    {
        var (run, search) = searched;
        var objectives = run.Spec.Objectives;
        bool WeaklyDominates(PointResult a, PointResult b) => objectives.All(o => o.Cost(a) <= o.Cost(b));
        Assert.All(ParetoFront.Compute(run.Points, objectives), h => Assert.Contains(search.Front, p => WeaklyDominates(p, h)));
        // The front is exactly the non-dominated set of the run's points and the verified points.
        var pool = run.Points.Concat(search.Verified.Select(v => v.Result)).DistinctBy(p => p.Key).ToList();
        Assert.Equal(ParetoFront.Compute(pool, objectives).Select(p => p.Key).Order(), search.Front.Select(p => p.Key).Order());
        var gains = PerSliceSearchFiles.Gains(search.Verified, [0.5, 0.9]);
        Assert.Equal(run.Points.Select(p => p.DeviceName).Distinct().Count() * 2 * 2, gains.Count);
        Assert.All(gains.Where(g => g.Homogeneous is not null), g => Assert.True(g.Saving >= 0));
        Assert.All(gains.Where(g => g.Heterogeneous is not null), g => Assert.True(g.Heterogeneous!.Result.ObjectiveAccuracy >= g.Target));
    }

    [Fact]
    public void Sample_gives_a_rank_correlation_per_base_design_and_the_tables_are_written()
    {
        var (_, search) = Searched(sample: 12);
        Assert.Equal(2, search.Correlations.Count);
        Assert.All(search.Correlations, c => Assert.InRange(c.Assignments, 3, 12));
        // The chosen assignments are ranked too (on this 4-chip store accuracy against the labels is too noisy to require a sign).
        Assert.All(search.Correlations, c => Assert.True(c.ChosenAssignments >= 3 && c.ChosenWithAccuracy is >= -1 and <= 1, $"{c.BaseKey}: {c.ChosenAssignments} chosen, rho {c.ChosenWithAccuracy}"));
        // A larger surrogate error means lower agreement: the ranking is negatively correlated.
        Assert.All(search.Correlations, c => Assert.True(c.WithAgreement < 0, $"{c.BaseKey}: rho {c.WithAgreement}"));
        var dir = TestPaths.NewTempDir();
        var files = PerSliceSearchFiles.Write(dir, search, PerSliceSearchFiles.Gains(search.Verified, [0.9]));
        Assert.Equal(PerSliceSearchFiles.Files, files);
        Assert.Equal(search.Verified.Where(v => !v.Bits.IsHomogeneous).Select(v => v.Result.Key),
            Dse.Runs.PerSliceDesignFile.Read(Path.Combine(dir, Dse.Runs.PerSliceDesignFile.FileName)).Select(d => d.Result.Key));
        var lines = File.ReadAllLines(Path.Combine(dir, PerSliceSearchFiles.PointsFile));
        Assert.Equal(search.Verified.Count + 1, lines.Length);
        Assert.Contains("adcBitsPerSlice", lines[0].Split(','));
        Assert.Contains(lines, l => l.Split(',')[9] is var bits && bits.Contains('-') && AdcBitsPerSlice.TryParse(bits) is { IsHomogeneous: false });
        Assert.Equal(search.Solves.Count + 1, File.ReadAllLines(Path.Combine(dir, PerSliceSearchFiles.SolvesFile)).Length);
        Assert.Equal(search.Front.Count + 1, File.ReadAllLines(Path.Combine(dir, PerSliceSearchFiles.FrontFile)).Length);
    }
}

/// <summary>A run held in memory for these tests: its sweep and its points.</summary>
internal sealed record RunPoints(SweepSpec Spec, IReadOnlyList<PointResult> Points);
