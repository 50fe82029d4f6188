using Dse.Exploration;
using MathNet.Numerics.Distributions;
using Xunit.Abstractions;

namespace Dse.Tests.Exploration;

/// <summary>
/// Racing of design points (<see cref="Racing"/>): rungs, miss rate, bounds and retirements by hand, and the property: on
/// synthetic tables whose true accuracies are known, a design of the true front is retired no more often than the error rate.
/// </summary>
public class RacingTests(ITestOutputHelper output)
{
    private const double Tolerance = 0.005, ErrorRate = 0.05;

    // ---- Rungs and miss rate ----

    [Fact]
    public void Rungs_double_from_the_minimum_and_end_at_the_maximum()
    {
        Assert.Equal([4, 8, 16], Racing.Rungs(4, 16));
        Assert.Equal([2, 4, 8, 16], Racing.Rungs(2, 16));
        Assert.Equal([3, 6, 12, 16], Racing.Rungs(3, 16));
        Assert.Equal([4], Racing.Rungs(4, 4));
        Assert.Equal([5, 6], Racing.Rungs(5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Rungs(1, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Rungs(0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Rungs(8, 4));
    }

    [Fact]
    public void One_sided_miss_splits_the_error_rate_over_both_sides_and_every_decision()
    {
        // 0.05 / (2 sides x 2 decisions) = 0.0125.
        Assert.Equal(0.0125, Racing.OneSidedMiss(0.05, 2), 15);
        Assert.Equal(0.025, Racing.OneSidedMiss(0.05, 1), 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.OneSidedMiss(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.OneSidedMiss(1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.OneSidedMiss(-0.1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.OneSidedMiss(double.NaN, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.OneSidedMiss(0.05, 0));
    }

    // ---- Bounds ----

    [Fact]
    public void Bounds_are_the_wider_of_Student_t_and_Clopper_Pearson_by_hand()
    {
        // Chips 0.5, 0.75, 0.625, 0.625 of 8 queries, miss 0.025. Mean 0.625; sample sd = sqrt((0.125^2 + 0.125^2 + 0 + 0) / 3)
        // = sqrt(0.03125 / 3) = 0.1020621; t(0.975, 3) = 3.182446305; half-width = 3.182446305 x 0.1020621 / 2 = 0.1624035:
        // t bounds [0.4625965, 0.7874035]. Pooled: 4 x 8 = 32 answers, 20 right; Clopper-Pearson one-sided 0.025 bounds
        // Beta^-1(0.025; 20, 13) and Beta^-1(0.975; 21, 12) (MathNet as the reference).
        double[] chips = [0.5, 0.75, 0.625, 0.625];
        double half = 3.182446305284263 * Math.Sqrt(0.03125 / 3) / 2;
        Assert.Equal(0.1624035, half, 6);
        double tLow = 0.625 - half, tHigh = 0.625 + half;
        double cpLow = Beta.InvCDF(20, 13, 0.025), cpHigh = Beta.InvCDF(21, 12, 0.975);
        Assert.InRange(cpLow, 0.40, 0.48);
        Assert.InRange(cpHigh, 0.76, 0.82);
        var bounds = Racing.Bounds(chips, 8, 0.025);
        Assert.Equal(Math.Min(tLow, cpLow), bounds.Lower, 9);
        Assert.Equal(Math.Max(tHigh, cpHigh), bounds.Upper, 9);
        output.WriteLine($"t [{tLow:F6}, {tHigh:F6}], Clopper-Pearson [{cpLow:F6}, {cpHigh:F6}]");
    }

    [Fact]
    public void Bounds_take_Student_t_where_the_chips_spread_more_than_the_pooled_answers_suggest()
    {
        // Chips 0.25, 0.75, 0.25, 0.75 of 64 queries, miss 0.025: sd = sqrt(4 x 0.0625 / 3) = 0.2886751, half-width
        // 3.182446305 x 0.2886751 / 2 = 0.4593462: t bounds [0.0406538, 0.9593462]; the pooled 128 of 256 answers give
        // Clopper-Pearson bounds within 0.5 -+ 0.07, narrower: the t bounds stand.
        double half = 3.182446305284263 * Math.Sqrt(0.25 / 3) / 2;
        var bounds = Racing.Bounds([0.25, 0.75, 0.25, 0.75], 64, 0.025);
        Assert.Equal(0.5 - half, bounds.Lower, 9);
        Assert.Equal(0.5 + half, bounds.Upper, 9);
        Assert.True(Beta.InvCDF(128, 129, 0.025) > bounds.Lower && Beta.InvCDF(129, 128, 0.975) < bounds.Upper);
    }

    [Fact]
    public void Bounds_are_clipped_to_the_unit_interval()
    {
        // Two chips 0 and 1: t(1 - 0.025, 1) = 12.7 sd / sqrt(2) reaches far beyond [0, 1].
        Assert.Equal(new RaceBounds(0, 1), Racing.Bounds([0.0, 1.0], 64, 0.025));
    }

    [Theory]
    [InlineData(0.0125)]
    [InlineData(0.025)]
    [InlineData(0.001)]
    public void A_perfect_sample_is_not_proven_perfect(double miss)
    {
        // 4 chips x 64 queries all right: zero spread (t bounds of zero width at 1), and the Clopper-Pearson lower bound with all
        // n = 256 answers right solves x^n = miss: miss^(1/256). Mirrored for all wrong: upper 1 - miss^(1/256).
        var perfect = Racing.Bounds([1.0, 1.0, 1.0, 1.0], 64, miss);
        Assert.Equal(1.0, perfect.Upper);
        Assert.Equal(Math.Pow(miss, 1.0 / 256), perfect.Lower, 9);
        Assert.True(perfect.Lower < 1);
        var hopeless = Racing.Bounds([0.0, 0.0, 0.0, 0.0], 64, miss);
        Assert.Equal(0.0, hopeless.Lower);
        Assert.Equal(1 - Math.Pow(miss, 1.0 / 256), hopeless.Upper, 9);
    }

    [Theory]
    [InlineData(0.025)]
    [InlineData(0.0125)]
    [InlineData(1e-4)]
    [InlineData(1e-6)]
    [InlineData(1e-9)]
    public void The_t_quantile_holds_in_the_far_tail_the_rungs_reach(double upperTail)
    {
        // MathNet's StudentT.InvCDF stops converging at 1 degree of freedom below 1e-4 (and at 1-3 below 1e-9): a race with
        // minTrials 2 and a small error rate crashed. Each quantile must give back its tail through the t distribution's CDF (whose
        // own cancellation limits the check to about 1e-4 relative at 1e-9).
        double tolerance = upperTail >= 1e-6 ? 1e-6 : 1e-3;
        for (int df = 1; df <= 31; df++)
        {
            double t = Racing.StudentTUpper(df, upperTail);
            double tail = MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, -t);
            Assert.True(Math.Abs(tail / upperTail - 1) < tolerance, $"df {df}: t = {t}, tail {tail} against {upperTail}");
        }
        // Table values (Student t, one-sided): t(0.975, 3) = 3.182446, t(0.9875, 7) = 2.841244.
        if (upperTail == 0.025) Assert.Equal(3.182446, Racing.StudentTUpper(3, upperTail), 6);
        if (upperTail == 0.0125) Assert.Equal(2.841244, Racing.StudentTUpper(7, upperTail), 6);
    }

    [Fact]
    public void Bounds_at_a_tiny_miss_rate_and_two_chips_are_finite_or_the_whole_interval()
    {
        var spread = Racing.Bounds([0.5, 0.75], 64, 1e-8);
        Assert.Equal(new RaceBounds(0, 1), spread);
        var equal = Racing.Bounds([0.75, 0.75], 64, 1e-8);   // no spread: the Clopper-Pearson bounds of 96 right of 128
        Assert.True(equal.Lower > 0 && equal.Lower < 0.75 && equal.Upper > 0.75 && equal.Upper < 1, equal.ToString());
    }

    [Fact]
    public void Bounds_reject_too_few_chips_no_queries_and_a_miss_rate_out_of_range()
    {
        Assert.Throws<ArgumentException>(() => Racing.Bounds([0.5], 8, 0.025));
        Assert.Throws<ArgumentException>(() => Racing.Bounds([], 8, 0.025));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Bounds([0.5, 0.6], 0, 0.025));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Bounds([0.5, 0.6], 8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Bounds([0.5, 0.6], 8, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Bounds([0.5, 0.6], 8, double.NaN));
    }

    // ---- Retire ----

    private static RaceEntry E(double cost1, double cost2, double lower, double upper, bool running = true, string? accuracyClass = null)
        => new([cost1, cost2], new RaceBounds(lower, upper), running, accuracyClass);

    [Fact]
    public void A_cheaper_point_confidently_within_the_tolerance_retires_a_costlier_one_and_never_the_reverse()
    {
        // p costs (2, 2), upper 0.90; q costs (1, 2): retires p when lower(q) > 0.90 - 0.005 = 0.895.
        Assert.Equal([1, -1], Racing.Retire([E(2, 2, 0.80, 0.90), E(1, 2, 0.8951, 0.95)], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.80, 0.90), E(1, 2, 0.8949, 0.95)], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.80, 0.90), E(1, 2, 0.8951, 0.95)], 0));
        Assert.Equal([1, -1], Racing.Retire([E(2, 2, 0.80, 0.90), E(1, 2, 0.8001, 0.95)], 0.1));
        // The costlier point, however accurate, never retires the cheaper one.
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.99, 1.0), E(1, 1, 0.1, 0.2)], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(1, 1, 0.1, 0.2), E(2, 2, 0.99, 1.0)], Tolerance));
    }

    [Fact]
    public void Equal_costs_need_a_strictly_higher_lower_bound_without_tolerance()
    {
        Assert.Equal([1, -1], Racing.Retire([E(2, 2, 0.80, 0.90), E(2, 2, 0.901, 0.95)], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.80, 0.90), E(2, 2, 0.899, 0.95)], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.80, 0.90), E(2, 2, 0.90, 0.95)], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.5, 0.6), E(2, 2, 0.5, 0.6)], 0.5));
    }

    [Fact]
    public void Two_points_of_equal_cost_never_retire_each_other()
    {
        // Property over random bounds, with a large tolerance that would let them if it applied to equal costs.
        var rng = new Random(32);
        for (int i = 0; i < 2000; i++)
        {
            RaceEntry Draw()
            {
                double a = rng.NextDouble(), b = rng.NextDouble();
                return E(3, 5, Math.Min(a, b), Math.Max(a, b));
            }
            var retiredBy = Racing.Retire([Draw(), Draw()], 0.3);
            Assert.False(retiredBy[0] == 1 && retiredBy[1] == 0);
        }
    }

    [Fact]
    public void The_same_accuracy_class_and_a_lower_cost_retire_whatever_the_bounds()
    {
        Assert.Equal([1, -1], Racing.Retire([E(2, 2, 0.9, 0.95, accuracyClass: "a"), E(1, 2, 0.1, 0.2, accuracyClass: "a")], Tolerance));
        // Not at equal cost (there the bounds decide), not across classes, not without a class.
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.5, 0.6, accuracyClass: "a"), E(2, 2, 0.5, 0.6, accuracyClass: "a")], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.9, 0.95, accuracyClass: "a"), E(1, 2, 0.1, 0.2, accuracyClass: "b")], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.9, 0.95), E(1, 2, 0.1, 0.2)], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.9, 0.95, accuracyClass: "a"), E(1, 2, 0.1, 0.2)], Tolerance));
        // Nor by a class mate that is costlier in one objective.
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.9, 0.95, accuracyClass: "a"), E(1, 3, 0.1, 0.2, accuracyClass: "a")], Tolerance));
    }

    [Fact]
    public void A_point_costlier_in_one_objective_never_retires()
    {
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.1, 0.2), E(1, 3, 0.99, 1.0)], Tolerance));
        Assert.Equal([-1, -1], Racing.Retire([E(2, 2, 0.1, 0.2), E(3, 1, 0.99, 1.0)], Tolerance));
    }

    [Fact]
    public void Retired_points_are_not_retired_again_but_still_retire_others()
    {
        // Entry 0 was retired (its frozen bounds 0.90..0.95); entry 2, cheaper and surely better, would retire it if it ran; entry 0
        // still retires entry 1.
        var retiredBy = Racing.Retire([E(1, 1, 0.90, 0.95, running: false), E(2, 2, 0.5, 0.6), E(0.5, 0.5, 0.99, 1.0)], Tolerance);
        Assert.Equal(-1, retiredBy[0]);
        Assert.Equal(2, retiredBy[1]);
        var withoutBest = Racing.Retire([E(1, 1, 0.90, 0.95, running: false), E(2, 2, 0.5, 0.6)], Tolerance);
        Assert.Equal([-1, 0], withoutBest);
    }

    [Fact]
    public void Of_several_retirers_the_highest_lower_bound_then_the_lowest_index_is_named()
    {
        // p (3, 3) up to 0.6; retirers with lower bounds 0.7, 0.8, 0.8 and 0.75, none of which retires another.
        RaceEntry p = E(3, 3, 0.5, 0.6);
        RaceEntry[] table = [p, E(1, 1, 0.7, 0.99), E(2, 2, 0.8, 0.99), E(1, 2, 0.8, 0.99), E(2, 1, 0.75, 0.99)];
        Assert.Equal([2, -1, -1, -1, -1], Racing.Retire(table, Tolerance));
        RaceEntry[] reordered = [E(1, 2, 0.8, 0.99), E(1, 1, 0.7, 0.99), p, E(2, 2, 0.8, 0.99)];
        Assert.Equal([-1, -1, 0, -1], Racing.Retire(reordered, Tolerance));
        // A class mate retires regardless of bounds, but is named only if its lower bound is the highest.
        RaceEntry[] withClass = [E(3, 3, 0.5, 0.6, accuracyClass: "a"), E(1, 1, 0.2, 0.3, accuracyClass: "a"), E(2, 2, 0.8, 0.99)];
        Assert.Equal([2, -1, -1], Racing.Retire(withClass, Tolerance));
        Assert.Equal([1, -1], Racing.Retire(withClass.Take(2).ToList(), Tolerance));
    }

    [Fact]
    public void Retire_rejects_mismatched_costs_and_a_tolerance_out_of_range()
    {
        Assert.Throws<ArgumentException>(() => Racing.Retire([E(1, 1, 0.5, 0.6), new RaceEntry([1.0], new RaceBounds(0.5, 0.6), true)], Tolerance));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Retire([E(1, 1, 0.5, 0.6)], -0.001));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Retire([E(1, 1, 0.5, 0.6)], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Racing.Retire([E(1, 1, 0.5, 0.6)], double.NaN));
        Assert.Empty(Racing.Retire([], 0));
        Assert.Equal([-1], Racing.Retire([E(1, 1, 0.5, 0.6)], 0));
    }

    // ---- The property: the true front survives the race ----

    /// <summary>A synthetic design: two cost objectives (smaller is better) and its true mean accuracy.</summary>
    private sealed record Design(double Cost1, double Cost2, double Accuracy);

    private const int Queries = 64, MaxTrials = 16;
    private const double ChipSd = 0.02;

    /// <summary>The scale of a 4-chip mean's standard error at accuracy <paramref name="mu"/>: chip effect and binomial answers.</summary>
    private static double Scale(double mu) => Math.Sqrt(ChipSd * ChipSd + mu * (1 - mu) / Queries) / 2;

    /// <summary>
    /// A true front of 8 designs on a cost chain (costs 10 + 10 i in both objectives, accuracy 0.60 + 0.045 i); design i has the
    /// challengers <paramref name="gaps"/>(i) (cheaper in both objectives by 1..5, mutually incomparable, true accuracy lower by
    /// the gap) and two clearly dominated designs (costlier by 2..3, accuracy lower by 0.2 and 0.35).
    /// </summary>
    private static List<Design> Table(Func<int, double[]> gaps)
    {
        var designs = new List<Design>();
        for (int i = 0; i < 8; i++)
        {
            double c = 10 + 10 * i, mu = 0.60 + 0.045 * i;
            designs.Add(new Design(c, c, mu));
            var g = gaps(i);
            for (int k = 0; k < g.Length; k++) designs.Add(new Design(c - 1 - k, c - (5 - k), mu - g[k]));
            designs.Add(new Design(c + 3, c + 3, mu - 0.2));
            designs.Add(new Design(c + 2, c + 3, mu - 0.35));
        }
        return designs;
    }

    /// <summary>The true tolerance-front: designs more accurate by more than the tolerance than every other design at most as costly
    /// in both objectives.</summary>
    private static bool[] TrueFront(List<Design> designs) => designs
        .Select((p, i) => designs.Where((q, j) => j != i && q.Cost1 <= p.Cost1 && q.Cost2 <= p.Cost2).All(q => p.Accuracy - q.Accuracy > Tolerance))
        .ToArray();

    /// <summary>Per chip: the mean of <see cref="Queries"/> Bernoulli answers at the design's accuracy plus a chip effect
    /// N(0, <paramref name="chipSd"/>) clipped to [0, 1].</summary>
    private static double Chip(double mu, Random rng, double chipSd = ChipSd)
    {
        double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        double p = Math.Clamp(mu + chipSd * z, 0, 1);
        int right = 0;
        for (int q = 0; q < Queries; q++) right += rng.NextDouble() < p ? 1 : 0;
        return (double)right / Queries;
    }

    /// <summary>One race as the explorer runs it: rungs 4, 8, 16; after every rung but the last, bounds of the running designs from
    /// their first chips at the Bonferroni miss rate, then retirements (retired designs keep the bounds they were retired with).</summary>
    /// <returns>Per design, the index of the rung after which it was retired, or -1.</returns>
    private static int[] Race(List<Design> designs, Random rng)
    {
        var rungs = Racing.Rungs(4, MaxTrials);
        double miss = Racing.OneSidedMiss(ErrorRate, rungs.Count - 1);
        var chips = designs.Select(d => Enumerable.Range(0, MaxTrials).Select(_ => Chip(d.Accuracy, rng)).ToArray()).ToArray();
        var entries = designs.Select(d => new RaceEntry([d.Cost1, d.Cost2], default, true)).ToArray();
        var retiredAt = Enumerable.Repeat(-1, designs.Count).ToArray();
        for (int rung = 0; rung < rungs.Count - 1; rung++)
        {
            for (int i = 0; i < entries.Length; i++)
                if (entries[i].Running) entries[i] = entries[i] with { Bounds = Racing.Bounds(chips[i].AsSpan(0, rungs[rung]).ToArray(), Queries, miss) };
            var retiredBy = Racing.Retire(entries, Tolerance);
            for (int i = 0; i < entries.Length; i++)
            {
                if (retiredBy[i] < 0) continue;
                entries[i] = entries[i] with { Running = false };
                retiredAt[i] = rung;
            }
        }
        return retiredAt;
    }

    /// <summary>Races <paramref name="designs"/> <paramref name="replications"/> times (seed per replication) and returns, per design, how
    /// often it was retired after each decision rung.</summary>
    private static int[,] RetirementCounts(List<Design> designs, int replications, int seed)
    {
        var counts = new int[designs.Count, 2];
        for (int rep = 0; rep < replications; rep++)
        {
            var retiredAt = Race(designs, new Random(seed + rep));
            for (int i = 0; i < designs.Count; i++)
                if (retiredAt[i] >= 0) counts[i, retiredAt[i]]++;
        }
        return counts;
    }

    private void AssertFrontSurvives(List<Design> designs, int replications, int seed, string name)
    {
        var front = TrueFront(designs);
        var counts = RetirementCounts(designs, replications, seed);
        double Rate(int i) => (double)(counts[i, 0] + counts[i, 1]) / replications;
        var frontIndices = Enumerable.Range(0, designs.Count).Where(i => front[i]).ToList();
        int worst = frontIndices.MaxBy(Rate);
        output.WriteLine($"{name}: {designs.Count} designs, {frontIndices.Count} on the true front; highest front retirement rate {Rate(worst):F4} " +
            $"(design {worst}: costs {designs[worst].Cost1}/{designs[worst].Cost2}, accuracy {designs[worst].Accuracy:F4}), " +
            $"mean {frontIndices.Average(Rate):F4}");
        foreach (int i in frontIndices)
            Assert.True(Rate(i) <= ErrorRate,
                $"{name}: true-front design {i} (costs {designs[i].Cost1}/{designs[i].Cost2}, accuracy {designs[i].Accuracy:F4}) retired in {Rate(i):P1} of {replications} races");

        // Sanity: racing retires the clearly dominated designs (worse by 0.2 or 0.35 than a cheaper one), so the property cannot hold
        // by retiring nothing.
        var dominated35 = Enumerable.Range(0, designs.Count).Where(i => designs.Any(q => q.Cost1 < designs[i].Cost1 && q.Cost2 < designs[i].Cost2 && q.Accuracy - designs[i].Accuracy >= 0.35 - 1e-9)).ToList();
        var dominated20 = Enumerable.Range(0, designs.Count).Where(i => designs.Any(q => q.Cost1 < designs[i].Cost1 && q.Cost2 < designs[i].Cost2 && q.Accuracy - designs[i].Accuracy >= 0.2 - 1e-9)).ToList();
        double firstRung35 = dominated35.Average(i => (double)counts[i, 0]) / replications;
        double firstRung20 = dominated20.Average(i => (double)counts[i, 0]) / replications;
        double anyRung20 = dominated20.Average(i => (double)(counts[i, 0] + counts[i, 1])) / replications;
        output.WriteLine($"{name}: retired at the first rung: {firstRung35:P1} of designs 0.35 below a cheaper one, {firstRung20:P1} of those 0.2 below; " +
            $"by the last decision {anyRung20:P1} of those 0.2 below");
        Assert.True(firstRung35 >= 0.8, $"{name}: only {firstRung35:P1} of the designs 0.35 below a cheaper one retired at the first rung");
        Assert.True(anyRung20 >= 0.8, $"{name}: only {anyRung20:P1} of the designs 0.2 below a cheaper one retired before the last rung");
    }

    [Theory]
    [InlineData(0.60, 0.02, 4)]
    [InlineData(0.90, 0.02, 4)]
    [InlineData(0.60, 0.06, 4)]
    [InlineData(0.75, 0.06, 8)]
    [InlineData(0.97, 0.005, 4)]
    public void Each_bound_misses_the_true_mean_on_its_side_at_most_at_the_miss_rate(double mu, double chipSd, int chips)
    {
        // What the retirement rule's guarantee rests on. Chips as in the race below, with a chip effect of chipSd; the true mean of a
        // chip's accuracy is E[clip(mu + chipSd z, 0, 1)] (= mu but for the clipping, integrated numerically). A chip effect larger
        // than the binomial spread of the pooled answers (chipSd 0.06) needs the Student-t part; a near-perfect design with few
        // errors (0.97) the Clopper-Pearson part.
        const double miss = 0.0125;
        const int replications = 4000;
        double truth = ClippedMean(mu, chipSd);
        var rng = new Random(77);
        int low = 0, high = 0;
        for (int rep = 0; rep < replications; rep++)
        {
            var bounds = Racing.Bounds(Enumerable.Range(0, chips).Select(_ => Chip(mu, rng, chipSd)).ToArray(), Queries, miss);
            if (bounds.Lower > truth) low++;
            if (bounds.Upper < truth) high++;
        }
        double lowRate = (double)low / replications, highRate = (double)high / replications;
        output.WriteLine($"mu {mu}, chip sd {chipSd}, {chips} chips: lower bound above the truth in {lowRate:F4}, upper below in {highRate:F4} (miss {miss})");
        // Three standard errors of a rate at the miss rate (0.0053) allow for the sampling of the check itself.
        double allowed = miss + 3 * Math.Sqrt(miss * (1 - miss) / replications);
        Assert.True(lowRate <= allowed, $"lower bound above the true mean {truth:F4} in {lowRate:P2} of {replications} samples");
        Assert.True(highRate <= allowed, $"upper bound below the true mean {truth:F4} in {highRate:P2} of {replications} samples");
    }

    /// <summary>E[clip(mu + sd z, 0, 1)], z standard normal, by the trapezoid rule over +-8 sd.</summary>
    private static double ClippedMean(double mu, double sd)
    {
        const int steps = 20000;
        double sum = 0, h = 16.0 / steps;
        for (int i = 0; i <= steps; i++)
        {
            double z = -8 + i * h, w = (i == 0 || i == steps ? 0.5 : 1) * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
            sum += w * Math.Clamp(mu + sd * z, 0, 1);
        }
        return sum * h;
    }

    [Fact]
    public void Racing_retires_a_design_of_the_true_front_no_more_often_than_the_error_rate()
    {
        // 8 front designs with 3, 4 or 5 cheaper challengers each, below by the tolerance plus 0.5 .. 3 standard errors of a
        // 4-chip mean, and 16 clearly dominated designs: 55 designs.
        double[] steps = [0.5, 1, 1.5, 2, 3];
        var designs = Table(i =>
        {
            double mu = 0.60 + 0.045 * i;
            return steps.Take(3 + i % 3).Select(a => Tolerance + a * Scale(mu)).ToArray();
        });
        AssertFrontSurvives(designs, 400, 1000, "challengers 0.5..3 standard errors beyond the tolerance");
    }

    [Fact]
    public void Racing_keeps_the_true_front_against_challengers_just_beyond_the_tolerance()
    {
        // Three challengers per front design, below it by the tolerance plus 0.001, 0.003 and 0.005 (far less than a standard
        // error): each is itself on the true front, and the race must tell the pairs apart only rarely.
        var designs = Table(_ => [Tolerance + 0.001, Tolerance + 0.003, Tolerance + 0.005]);
        AssertFrontSurvives(designs, 400, 5000, "challengers 0.001..0.005 beyond the tolerance");
    }
}
