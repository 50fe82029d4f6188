using System.Globalization;
using Dse.Diagnostics;
using Dse.Exploration;
using Google.OrTools.Sat;
using LinearExpr = Google.OrTools.Sat.LinearExpr;

namespace Dse.Pareto;

/// <summary>Budgets a selected design must meet. Each bound is inclusive.</summary>
/// <param name="MinAccuracy">Lowest acceptable <see cref="PointResult.ObjectiveAccuracy"/> (accuracy, else agreement), fraction. Range: 0 &lt;= MinAccuracy &lt;= 1.</param>
/// <param name="MaxAreaMm2">Largest acceptable chip area, mm^2. Range: &gt; 0.</param>
/// <param name="MaxEnergyJ">Largest acceptable energy per query search, joules; null for no energy budget.</param>
/// <param name="MaxLatencyS">Largest acceptable latency per query search, seconds; null for no latency budget.</param>
public sealed record SelectionConstraints(double MinAccuracy, double MaxAreaMm2, double? MaxEnergyJ = null, double? MaxLatencyS = null);

/// <summary>How the solver ended.</summary>
public enum SelectionStatus
{
    /// <summary>The chosen point is proven best (objective, then tie-breaks).</summary>
    Optimal,
    /// <summary>A point meeting the budgets was found but the time limit stopped the proof or a tie-break stage.</summary>
    Feasible,
    /// <summary>No point meets the budgets.</summary>
    Infeasible,
}

/// <summary>
/// How one metric was turned into the integer coefficients CP-SAT needs:
/// <c>coefficient = round(value * UnitsPerSi / Resolution) - Offset</c>.
/// </summary>
/// <param name="Name">Variable name with its unit, e.g. <c>energyFj</c>, <c>areaUm2</c>, <c>latencyPs</c>, <c>keyRank</c>.</param>
/// <param name="UnitsPerSi">Units of the named unit per unit of the reported value (1e15 fJ per J, 1e6 um^2 per mm^2, 1e12 ps per s; 1 for ranks).</param>
/// <param name="Resolution">Size of one integer step, in the named unit (1 unless coarsened to keep the model free of overflow).</param>
/// <param name="Offset">Integer subtracted from every coefficient (the smallest one), so the model's sums stay small.</param>
/// <param name="MaxCoefficient">Largest coefficient after the offset.</param>
public sealed record ScaledMetric(string Name, double UnitsPerSi, long Resolution, long Offset, long MaxCoefficient);

/// <summary>The answer of <see cref="DesignSelector.Select"/>.</summary>
/// <param name="Chosen">The selected point; null when <paramref name="Status"/> is <see cref="SelectionStatus.Infeasible"/>.</param>
/// <param name="Status">Whether the answer is proven optimal, only feasible, or there is none.</param>
/// <param name="Scaling">The integer scaling of each stage's objective, in solve order (primary objective, then tie-breaks).</param>
/// <param name="Excluded">Points failing each budget, by budget name (<c>minAccuracy</c>, <c>maxAreaMm2</c>, <c>maxEnergyJ</c>, <c>maxLatencyS</c>); a point failing several budgets is counted under each.</param>
public sealed record SelectionResult(PointResult? Chosen, SelectionStatus Status, IReadOnlyList<ScaledMetric> Scaling, IReadOnlyDictionary<string, int> Excluded);

/// <summary>
/// Constrained selection with OR-Tools CP-SAT: "the lowest-energy design with accuracy &gt;= a and
/// area &lt;= A" (see docs/models.md#pareto-front).
/// </summary>
/// <remarks>
/// Model: one <see cref="BoolVar"/> per point, exactly one true. Budgets are checked in exact
/// double arithmetic against the reported values (not after rounding, which could admit a point
/// just below the minimum accuracy), and the variable of a point failing any budget is fixed to 0.
/// The objective is minimised lexicographically in stages, each solved with <c>num_workers:1</c> and
/// then fixed to its optimum: the chosen metric (energyFj, areaUm2 or latencyPs), then areaUm2 (when
/// not already the objective), then the rank of <see cref="PointResult.Key"/> in ordinal order, so
/// the answer is deterministic. Values equal at the stated resolution (1 fJ, 1 um^2, 1 ps unless
/// coarsened, see <see cref="ScaledMetric"/>) count as ties. Coefficients are offset by their
/// minimum and coarsened by powers of ten until their sum is at most 2^53, so neither the model's
/// int64 bounds nor the solver's double objective can overflow or round.
/// Source: the CP-SAT samples' pattern (data, model, named variables, solve, explicit status check).
/// </remarks>
public static class DesignSelector
{
    /// <summary>Largest sum of coefficients allowed in one objective: 2^53, exact in a double.</summary>
    private const double MaxCoefficientSum = 9007199254740992d;

    /// <summary>Selects the best point meeting <paramref name="constraints"/>.</summary>
    /// <param name="points">Candidate points; keys must be distinct.</param>
    /// <param name="constraints">Budgets to meet.</param>
    /// <param name="minimise">Objective to minimise: <see cref="Objective.Energy"/>, <see cref="Objective.Area"/> or <see cref="Objective.Latency"/>.</param>
    /// <param name="maxTimeS">Solver time limit per stage, seconds; when reached the answer has status <see cref="SelectionStatus.Feasible"/>.</param>
    /// <returns>The chosen point with the solve status, the scaling used and the exclusion counts.</returns>
    /// <exception cref="InputException">When <paramref name="minimise"/> is not energy, area or latency.</exception>
    /// <exception cref="ArgumentException">When a point's cost is negative, NaN, infinite or too large to scale (over about 1e20 units), or keys repeat.</exception>
    /// <exception cref="InvalidOperationException">When CP-SAT reports the model invalid or ends without a solution (status Unknown).</exception>
    public static SelectionResult Select(IReadOnlyList<PointResult> points, SelectionConstraints constraints, Objective minimise, double maxTimeS = 60)
    {
        var (name, unitsPerSi) = minimise.Name switch
        {
            "energy" => ("energyFj", 1e15),
            "area" => ("areaUm2", 1e6),
            "latency" => ("latencyPs", 1e12),
            _ => throw new InputException(new InputError("command line", "minimise", null,
                "one of energy, area, latency", $"\"{minimise.Name}\"")),
        };
        if (points.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count() != points.Count)
            throw new ArgumentException("Point keys must be distinct.", nameof(points));

        var excluded = new Dictionary<string, int>
        {
            ["minAccuracy"] = 0, ["maxAreaMm2"] = 0, ["maxEnergyJ"] = 0, ["maxLatencyS"] = 0,
        };
        var feasible = new List<int>();
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var ok = true;
            if (!(p.ObjectiveAccuracy >= constraints.MinAccuracy)) { excluded["minAccuracy"]++; ok = false; }
            if (!(p.AreaMm2 <= constraints.MaxAreaMm2)) { excluded["maxAreaMm2"]++; ok = false; }
            if (constraints.MaxEnergyJ is double e && !(p.EnergyJ <= e)) { excluded["maxEnergyJ"]++; ok = false; }
            if (constraints.MaxLatencyS is double l && !(p.LatencyS <= l)) { excluded["maxLatencyS"]++; ok = false; }
            if (ok) feasible.Add(i);
        }

        var model = new CpModel();
        var pick = new BoolVar[points.Count];
        for (int i = 0; i < points.Count; i++) pick[i] = model.NewBoolVar($"pick[{points[i].Key}]");
        model.AddExactlyOne(pick);
        var feasibleSet = new HashSet<int>(feasible);
        for (int i = 0; i < points.Count; i++)
            if (!feasibleSet.Contains(i)) model.Add(pick[i] == 0);

        var chosenVars = feasible.Select(i => pick[i]).ToArray();
        var chosenPoints = feasible.Select(i => points[i]).ToArray();
        var stages = new List<ScaledMetric>();
        var stageCoefficients = new List<long[]>();
        AddStage(name, unitsPerSi, chosenPoints.Select(p => minimise.Value(p)).ToArray());
        if (minimise.Name != "area") AddStage("areaUm2", 1e6, chosenPoints.Select(p => p.AreaMm2).ToArray());
        var keyRank = new double[chosenPoints.Length];
        var byKey = Enumerable.Range(0, chosenPoints.Length).OrderBy(i => chosenPoints[i].Key, StringComparer.Ordinal).ToArray();
        for (int r = 0; r < byKey.Length; r++) keyRank[byKey[r]] = r;
        AddStage("keyRank", 1, keyRank);

        var status = SelectionStatus.Optimal;
        int chosen = -1;
        for (int s = 0; s < stages.Count; s++)
        {
            var expr = LinearExpr.WeightedSum(chosenVars, stageCoefficients[s]);
            model.Minimize(expr);
            var solver = new CpSolver
            {
                StringParameters = string.Create(CultureInfo.InvariantCulture, $"num_workers:1 max_time_in_seconds:{maxTimeS}"),
            };
            var cpStatus = solver.Solve(model);
            if (cpStatus == CpSolverStatus.Infeasible)
            {
                if (s == 0) return new SelectionResult(null, SelectionStatus.Infeasible, stages, excluded);
                throw new InvalidOperationException($"CP-SAT found stage {stages[s].Name} infeasible after stage {stages[s - 1].Name} was solved.");
            }
            if (cpStatus is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
                throw new InvalidOperationException($"CP-SAT ended stage {stages[s].Name} with status {cpStatus}: {solver.SolutionInfo()}");

            chosen = Array.FindIndex(chosenVars, v => solver.BooleanValue(v));
            if (cpStatus == CpSolverStatus.Feasible)
            {
                status = SelectionStatus.Feasible;
                break;
            }
            model.Add(expr == stageCoefficients[s][chosen]);
        }
        return new SelectionResult(chosenPoints[chosen], status, stages, excluded);

        void AddStage(string metric, double perSi, double[] values)
        {
            foreach (var v in values)
                if (!double.IsFinite(v) || v < 0)
                    throw new ArgumentException($"{metric}: every value must be finite and >= 0; found {v.ToString("R", CultureInfo.InvariantCulture)}.", nameof(points));
            long resolution = 1;
            while (true)
            {
                var scaled = values.Select(v => Math.Round(v * perSi / resolution, MidpointRounding.AwayFromZero)).ToArray();
                double offset = scaled.Length == 0 ? 0 : scaled.Min();
                double sum = scaled.Sum(q => q - offset);
                if (sum <= MaxCoefficientSum && offset <= MaxCoefficientSum)
                {
                    var coefficients = scaled.Select(q => (long)(q - offset)).ToArray();
                    stages.Add(new ScaledMetric(metric, perSi, resolution, (long)offset, coefficients.Length == 0 ? 0 : coefficients.Max()));
                    stageCoefficients.Add(coefficients);
                    return;
                }
                if (resolution >= 100_000_000_000_000_000L)
                    throw new ArgumentException($"{metric}: values up to {values.Max().ToString("R", CultureInfo.InvariantCulture)} are too large to scale to integers.", nameof(points));
                resolution *= 10;
            }
        }
    }
}
