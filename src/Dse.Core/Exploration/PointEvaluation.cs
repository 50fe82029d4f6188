using Dse.Costs;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Exploration.Axes;

namespace Dse.Exploration;

/// <summary>Turns one evaluated point into its <see cref="PointResult"/>: the Monte-Carlo statistics plus the closed-form costs.</summary>
internal static class PointEvaluation
{
    /// <summary>The result of point <paramref name="i"/> of <paramref name="group"/>.</summary>
    /// <param name="point">The design point.</param>
    /// <param name="i">Its index in the group.</param>
    /// <param name="trials">Trials it kept.</param>
    /// <param name="group">Its Monte-Carlo group, already run.</param>
    /// <param name="ops">The group's quantised operands.</param>
    /// <param name="prepared">The sweep (periphery, baseline, workload).</param>
    /// <param name="estimators">Receives each cost estimator's name and its formula and source (the first seen).</param>
    /// <param name="componentModels">Receives, per breakdown component, the estimators that costed it.</param>
    public static PointResult Evaluate(DesignPoint point, int i, int trials, MonteCarloGroup group, QuantizedOperands ops, PreparedSweep prepared,
        IDictionary<string, string> estimators, IDictionary<string, SortedSet<string>> componentModels)
    {
        var problem = ops.Problem;
        double meanInputs = problem.InputCount / (double)problem.QueryCount;
        var design = new CostDesign(point.Rows, point.Cols, point.CellBits, point.AdcBits, point.ColsPerAdc,
            point.WeightBits, point.InputBits, point.SignedMapping, problem.StoredCount, problem.Dim,
            (int)Math.Round(meanInputs), ops.InputActiveFraction, group.MeanLevelFraction, problem.ScoreOpsPerQuery, problem.OvtCount)
        { AdcModel = point.AdcModel, ReferenceColumnsPerCrossbar = group.Job.ReferenceColumns > 0 ? (point.Cols + group.Job.ReferenceColumnSpan!.Value - 1) / group.Job.ReferenceColumnSpan.Value : 0 };
        var cost = CostModel.Evaluate(point.Device, prepared.Periphery, design);
        foreach (var c in cost.Components)
        {
            estimators.TryAdd(c.Model, c.Source);
            if (!componentModels.TryGetValue(c.Name, out var models)) componentModels[c.Name] = models = new SortedSet<string>(StringComparer.Ordinal);
            models.Add(c.Model);
        }
        var write = StoreUpdateCost.Evaluate(point.Device, prepared.Periphery, design, point.WriteVerify);
        var lifetime = point.UpdatesPerDay is double updates
            ? StoreLifetime.Evaluate(write, point.Device, problem.OvtCount, updates, point.UpdateFraction, point.QueriesPerDay, cost.EnergyJ) : null;
        var cpu = BaselineCost.Evaluate(prepared.Baseline, design);
        bool labels = problem.Labels is not null;
        TrialStats Stats(RetrievalOutcome outcome) => Statistics.Of(group.Fractions(i, outcome, trials));
        return new PointResult
        {
            Key = point.Key,
            Coordinates = point.Coordinates.With(DesignAxes.VirtualTokens, point.VirtualTokens ?? prepared.MaxNativeTokens),
            Dim = problem.Dim, Trials = trials, Queries = problem.QueryCount,
            Agreement = Stats(RetrievalOutcome.SsaAgreement),
            Accuracy = labels ? Stats(RetrievalOutcome.SsaAccuracy) : null,
            MipsAgreement = Stats(RetrievalOutcome.MipsAgreement),
            MipsAccuracy = labels ? Stats(RetrievalOutcome.MipsAccuracy) : null,
            DigitalAgreement = ops.DigitalAgreement, DigitalAccuracy = ops.DigitalAccuracy,
            EnergyJ = cost.EnergyJ, LatencyS = cost.LatencyS, AreaMm2 = cost.AreaMm2, Crossbars = cost.Crossbars,
            WriteEnergyJ = write.WriteEnergyJ, WriteLatencyS = write.WriteLatencyS, WritesBeforeWearOut = write.WritesBeforeWearOut,
            WriteEnergyPerDayJ = lifetime?.WriteEnergyPerDayJ, LifetimeYears = lifetime?.LifetimeYears, AmortisedEnergyPerQueryJ = lifetime?.AmortisedEnergyPerQueryJ,
            Speedup = cpu.SpeedupOver(cost), EnergyRatio = cpu.EnergyRatioOver(cost),
            Breakdown = cost.Components.ToDictionary(c => c.Name, c => new ComponentTotals(c.EnergyJ, c.LatencyS, c.AreaM2 * 1e6)),
        };
    }
}
