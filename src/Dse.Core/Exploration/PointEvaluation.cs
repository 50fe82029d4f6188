using Dse.Costs;
using Dse.Crossbar;
using Dse.Exploration.Axes;
using Dse.Search;

namespace Dse.Exploration;

/// <summary>The closed-form costs of one point: the search on the arrays, a store update, the CPU+DRAM baseline, and the store's
/// lifetime under tuning (null unless the point sets <c>updatesPerDay</c>).</summary>
internal sealed record PointCosts(CostBreakdown Cost, StoreUpdateCost Write, BaselineCost Cpu, StoreLifetime? Lifetime);

/// <summary>Turns one evaluated point into its <see cref="PointResult"/>: the closed-form costs plus, when simulated, the Monte-Carlo statistics.</summary>
internal static class PointEvaluation
{
    /// <summary>The closed-form costs of <paramref name="point"/> on a store described by <paramref name="inputs"/>.</summary>
    /// <param name="point">The design point.</param>
    /// <param name="inputs">Its mapped store's statistics.</param>
    /// <param name="referenceColumnSpan">Columns per array sharing one dummy reference column (the gcd of the sweep's column counts).</param>
    /// <param name="prepared">The sweep (periphery, baseline).</param>
    /// <param name="adcBitsPerSlice">An ADC resolution per bit slice (a heterogeneous design), or null: every slice at the point's ADC bits.</param>
    public static PointCosts Costs(DesignPoint point, CostInputs inputs, int referenceColumnSpan, PreparedSweep prepared, AdcBitsPerSlice? adcBitsPerSlice = null)
    {
        var design = point.ToCostDesign(inputs, referenceColumnSpan, prepared.Periphery);
        if (adcBitsPerSlice is not null) design = design.WithAdcBitsPerSlice(adcBitsPerSlice);
        var problem = inputs.Problem;
        var cost = CostModel.Evaluate(point.Device, prepared.Periphery, design);
        var write = StoreUpdateCost.Evaluate(point.Device, prepared.Periphery, design, point.WriteVerify);
        var lifetime = point.UpdatesPerDay is double updates
            ? StoreLifetime.Evaluate(write, point.Device, problem.OvtCount, updates, point.UpdateFraction, point.QueriesPerDay, cost.EnergyJ) : null;
        return new PointCosts(cost, write, BaselineCost.Evaluate(prepared.Baseline, design), lifetime);
    }

    /// <summary>
    /// The result of a point whose accuracy is not simulated (a cost-only screen): coordinates, costs, zero trials and no
    /// accuracy, agreement or digital reference fields.
    /// </summary>
    public static PointResult CostOnly(DesignPoint point, PointCosts costs, RetrievalProblem problem, PreparedSweep prepared)
    {
        var (cost, write, cpu, lifetime) = costs;
        var breakdown = new Dictionary<string, ComponentTotals>(cost.Components.Count);
        foreach (var c in cost.Components) breakdown[c.Name] = new ComponentTotals(c.EnergyJ, c.LatencyS, c.AreaM2 * 1e6);
        return new PointResult
        {
            Key = point.Key,
            Coordinates = point.VirtualTokens is null ? point.Coordinates.With(DesignAxes.VirtualTokens, prepared.MaxNativeTokens) : point.Coordinates,
            Dim = problem.Dim, Trials = 0, Queries = problem.QueryCount,
            EnergyJ = cost.EnergyJ, LatencyS = cost.LatencyS, AreaMm2 = cost.AreaMm2, Crossbars = cost.Crossbars,
            WriteEnergyJ = write.WriteEnergyJ, WriteLatencyS = write.WriteLatencyS, WritesBeforeWearOut = write.WritesBeforeWearOut,
            WriteEnergyPerDayJ = lifetime?.WriteEnergyPerDayJ, LifetimeYears = lifetime?.LifetimeYears, AmortisedEnergyPerQueryJ = lifetime?.AmortisedEnergyPerQueryJ,
            Speedup = cpu.SpeedupOver(cost), EnergyRatio = cpu.EnergyRatioOver(cost),
            Breakdown = breakdown,
        };
    }

    /// <summary>The result of point <paramref name="i"/> of <paramref name="group"/>: its costs and its Monte-Carlo statistics; its cost estimators go to the context's log.</summary>
    /// <param name="point">The design point.</param>
    /// <param name="i">Its index in the group.</param>
    /// <param name="trials">Trials it kept.</param>
    /// <param name="group">Its Monte-Carlo group, already run.</param>
    /// <param name="context">The sweep (periphery, baseline, workload, reference span, estimator log).</param>
    public static PointResult Evaluate(DesignPoint point, int i, int trials, MonteCarloGroup group, SweepContext context)
    {
        var ops = group.Operands;
        var prepared = context.Prepared;
        var costs = Costs(point, new CostInputs(ops.Problem, ops.InputActiveFraction, group.MeanLevelFraction), context.ReferenceColumnSpan, prepared);
        context.Estimators.Record(costs.Cost);
        bool labels = ops.Problem.Labels is not null;
        TrialStats Stats(RetrievalOutcome outcome) => Statistics.Of(group.Fractions(i, outcome, trials));
        var picks = group.Picks(i, trials).ToArray();
        var result = CostOnly(point, costs, ops.Problem, prepared) with
        {
            Trials = trials,
            Agreement = Stats(RetrievalOutcome.SsaAgreement),
            Accuracy = labels ? Stats(RetrievalOutcome.SsaAccuracy) : null,
            MipsAgreement = Stats(RetrievalOutcome.MipsAgreement),
            MipsAccuracy = labels ? Stats(RetrievalOutcome.MipsAccuracy) : null,
            DigitalAgreement = ops.DigitalAgreement, DigitalAccuracy = ops.DigitalAccuracy,
            Confusion = MonteCarloGroup.Confusion(picks),
        };
        return prepared.TaskScores is { } matrix ? WithTaskScore(result, matrix, ops, picks) : result;
    }

    /// <summary><paramref name="result"/> with its task score: per chip (<paramref name="picks"/>, true OVT = label) the mean over queries
    /// of <c>S[label, noisy pick]</c>, and the exact retrieval's <c>S[label, exact pick]</c> (<see cref="PointResult.TaskScore"/>).</summary>
    private static PointResult WithTaskScore(PointResult result, Dse.Workloads.TaskScoreMatrix matrix, QuantizedOperands ops, IReadOnlyList<(int True, int Picked)[]> picks)
    {
        var labels = ops.Problem.Labels ?? throw new InvalidOperationException("A task score needs labelled queries.");
        var perChip = picks.Select(chip => chip.Average(p => matrix.Score(p.True, p.Picked))).ToArray();
        double exact = labels.Select((label, q) => matrix.Score(label, ops.ExactSsa[q])).Average();
        var stats = Statistics.Of(perChip);
        return result with { TaskScore = stats, TaskScoreExact = exact, TaskScoreLoss = exact - stats.Mean };
    }
}
