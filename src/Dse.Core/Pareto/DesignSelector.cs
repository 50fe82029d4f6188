using System.Globalization;
using Dse.Diagnostics;
using Dse.Exploration;
using Google.OrTools.Sat;
using LinearExpr = Google.OrTools.Sat.LinearExpr;

namespace Dse.Pareto;

/// <summary>
/// Budgets a selected design must meet; every one is optional (null: no budget) and inclusive. The accuracy-like bounds are
/// fractions in [0, 1]; the cost bounds are positive. A run with labels reads accuracy, one without reads agreement, as
/// <see cref="PointResult.ObjectiveAccuracy"/> does.
/// </summary>
/// <param name="MinAccuracy">Lowest accuracy (agreement without labels), mean over chips, fraction.</param>
/// <param name="MaxAreaMm2">Largest chip area, mm^2.</param>
/// <param name="MaxEnergyJ">Largest energy per query search, joules.</param>
/// <param name="MaxLatencyS">Largest latency per query search, seconds.</param>
/// <param name="MinAccuracyP5">Lowest 5th percentile over chips of accuracy (agreement without labels), fraction: the yield view.</param>
/// <param name="MinAgreement">Lowest agreement with the exact SSA pick, mean over chips, fraction.</param>
/// <param name="MinTaskScore">Lowest task score (workload.taskScores), mean over chips, in the metric's unit.</param>
/// <param name="MinTaskScoreP5">Lowest 5th percentile over chips of the task score.</param>
public sealed record SelectionConstraints(double? MinAccuracy = null, double? MaxAreaMm2 = null, double? MaxEnergyJ = null, double? MaxLatencyS = null,
    double? MinAccuracyP5 = null, double? MinAgreement = null, double? MinTaskScore = null, double? MinTaskScoreP5 = null)
{
    /// <summary>The budgets that are set, in the order <see cref="Budget.All"/> lists them.</summary>
    public IReadOnlyList<Budget> Active => Budget.All.Where(b => b.BoundOf(this) is not null).ToArray();

    /// <summary>These constraints without <paramref name="budget"/>.</summary>
    public SelectionConstraints Without(Budget budget) => budget.Name switch
    {
        "minAccuracy" => this with { MinAccuracy = null },
        "maxAreaMm2" => this with { MaxAreaMm2 = null },
        "maxEnergyJ" => this with { MaxEnergyJ = null },
        "maxLatencyS" => this with { MaxLatencyS = null },
        "minAccuracyP5" => this with { MinAccuracyP5 = null },
        "minAgreement" => this with { MinAgreement = null },
        "minTaskScore" => this with { MinTaskScore = null },
        "minTaskScoreP5" => this with { MinTaskScoreP5 = null },
        _ => throw new ArgumentException($"Unknown budget {budget.Name}.", nameof(budget)),
    };

    /// <summary>True when <paramref name="point"/> meets every set budget (NaN values fail).</summary>
    public bool Admit(PointResult point) => Active.All(b => b.Admits(point, b.BoundOf(this)!.Value));
}

/// <summary>One kind of budget of <see cref="SelectionConstraints"/>: what it bounds, in which direction, and the command-line option that sets it.</summary>
/// <param name="Name">Name in <c>selection.json</c> and in <see cref="SelectionResult.Excluded"/>, e.g. <c>minAccuracyP5</c>.</param>
/// <param name="Option">Command-line option, e.g. <c>--min-accuracy-p5</c>.</param>
/// <param name="Quantity">What is bounded, for people, e.g. <c>accuracy P5 over chips</c>.</param>
/// <param name="Unit">Unit of the bound: <c>fraction</c>, <c>J</c>, <c>s</c> or <c>mm^2</c>.</param>
/// <param name="IsLowerBound">True for a minimum (value &gt;= bound), false for a maximum (value &lt;= bound).</param>
public sealed record Budget(string Name, string Option, string Quantity, string Unit, bool IsLowerBound)
{
    private Func<PointResult, double> _value = null!;
    private Func<SelectionConstraints, double?> _bound = null!;

    /// <summary>Lowest accuracy (agreement without labels), mean over chips.</summary>
    public static Budget MinAccuracy { get; } = new("minAccuracy", "--min-accuracy", "accuracy (mean over chips)", "fraction", true) { _value = p => p.ObjectiveAccuracy, _bound = c => c.MinAccuracy };
    /// <summary>Lowest accuracy (agreement without labels), 5th percentile over chips.</summary>
    public static Budget MinAccuracyP5 { get; } = new("minAccuracyP5", "--min-accuracy-p5", "accuracy (5th percentile over chips)", "fraction", true) { _value = p => p.AccuracyStats.P5, _bound = c => c.MinAccuracyP5 };
    /// <summary>Lowest agreement with the exact SSA pick, mean over chips.</summary>
    public static Budget MinAgreement { get; } = new("minAgreement", "--min-agreement", "agreement with exact SSA (mean over chips)", "fraction", true) { _value = p => p.Agreement!.Mean, _bound = c => c.MinAgreement };
    /// <summary>Lowest task score (workload.taskScores), mean over chips.</summary>
    public static Budget MinTaskScore { get; } = new("minTaskScore", "--min-task-score", "task score (mean over chips)", "score", true) { _value = p => p.TaskScore!.Mean, _bound = c => c.MinTaskScore };
    /// <summary>Lowest task score, 5th percentile over chips.</summary>
    public static Budget MinTaskScoreP5 { get; } = new("minTaskScoreP5", "--min-task-score-p5", "task score (5th percentile over chips)", "score", true) { _value = p => p.TaskScore!.P5, _bound = c => c.MinTaskScoreP5 };
    /// <summary>Largest chip area.</summary>
    public static Budget MaxAreaMm2 { get; } = new("maxAreaMm2", "--max-area-mm2", "chip area", "mm^2", false) { _value = p => p.AreaMm2, _bound = c => c.MaxAreaMm2 };
    /// <summary>Largest energy per query search.</summary>
    public static Budget MaxEnergyJ { get; } = new("maxEnergyJ", "--max-energy-j", "energy per query search", "J", false) { _value = p => p.EnergyJ, _bound = c => c.MaxEnergyJ };
    /// <summary>Largest latency per query search.</summary>
    public static Budget MaxLatencyS { get; } = new("maxLatencyS", "--max-latency-s", "latency per query search", "s", false) { _value = p => p.LatencyS, _bound = c => c.MaxLatencyS };

    /// <summary>Every budget kind, in the order they are listed.</summary>
    public static IReadOnlyList<Budget> All { get; } = [MinAccuracy, MinAccuracyP5, MinAgreement, MinTaskScore, MinTaskScoreP5, MaxAreaMm2, MaxEnergyJ, MaxLatencyS];

    /// <summary>True for the budgets on the task score, which need a run with a task-score matrix.</summary>
    public bool NeedsTaskScore => Name is "minTaskScore" or "minTaskScoreP5";

    /// <summary>The point's value of the bounded quantity, in <see cref="Unit"/>.</summary>
    public double Value(PointResult point) => _value(point);

    /// <summary>The bound set in <paramref name="constraints"/>, or null.</summary>
    public double? BoundOf(SelectionConstraints constraints) => _bound(constraints);

    /// <summary>True when <paramref name="point"/> meets <paramref name="bound"/> in exact double arithmetic (NaN fails).</summary>
    public bool Admits(PointResult point, double bound) => IsLowerBound ? Value(point) >= bound : Value(point) <= bound;

    /// <summary>How far the point is inside the bound, in <see cref="Unit"/>: value - bound for a minimum, bound - value for a maximum (&gt;= 0 when met).</summary>
    public double Slack(PointResult point, double bound) => IsLowerBound ? Value(point) - bound : bound - Value(point);
}

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
/// <param name="Name">Variable name with its unit, e.g. <c>energyFj</c>, <c>areaUm2</c>, <c>latencyPs</c>, or a rank: <c>accuracyP5Rank</c>, <c>accuracyRank</c> (0 for the highest value), <c>keyRank</c> (ordinal order).</param>
/// <param name="UnitsPerSi">Units of the named unit per unit of the reported value (1e15 fJ per J, 1e6 um^2 per mm^2, 1e12 ps per s; 1 for ranks).</param>
/// <param name="Resolution">Size of one integer step, in the named unit (1 unless coarsened to keep the model free of overflow).</param>
/// <param name="Offset">Integer subtracted from every coefficient (the smallest one), so the model's sums stay small.</param>
/// <param name="MaxCoefficient">Largest coefficient after the offset.</param>
public sealed record ScaledMetric(string Name, double UnitsPerSi, long Resolution, long Offset, long MaxCoefficient);

/// <summary>The answer of <see cref="DesignSelector.Select"/>.</summary>
/// <param name="Chosen">The selected point; null when <paramref name="Status"/> is <see cref="SelectionStatus.Infeasible"/>.</param>
/// <param name="Status">Whether the answer is proven optimal, only feasible, or there is none.</param>
/// <param name="Scaling">The integer scaling of each stage's objective, in solve order (primary objective, then tie-breaks).</param>
/// <param name="Excluded">Points failing each budget, by <see cref="Budget.Name"/> (every name of <see cref="Budget.All"/>, 0 for unset budgets); a point failing several budgets is counted under each.</param>
public sealed record SelectionResult(PointResult? Chosen, SelectionStatus Status, IReadOnlyList<ScaledMetric> Scaling, IReadOnlyDictionary<string, int> Excluded);

/// <summary>How one budget holds at a selected design.</summary>
/// <param name="Budget">The budget.</param>
/// <param name="Bound">Its bound, in <see cref="Budget.Unit"/>.</param>
/// <param name="Value">The design's value, in <see cref="Budget.Unit"/>.</param>
/// <param name="Slack">How far inside the bound the design is (&gt;= 0), in <see cref="Budget.Unit"/>.</param>
/// <param name="Binds">True when dropping this budget alone changes the selected design.</param>
public sealed record BudgetCheck(Budget Budget, double Bound, double Value, double Slack, bool Binds);

/// <summary>
/// Constrained selection with OR-Tools CP-SAT: "the lowest-energy design with accuracy &gt;= a and
/// area &lt;= A", never a design another feasible one beats (see docs/models.md#constrained-selection).
/// </summary>
/// <remarks>
/// Candidates: the points meeting every budget, checked in exact double arithmetic against the reported values (not after
/// rounding, which could admit a point just below the minimum accuracy), reduced to their non-dominated set
/// (<see cref="ParetoFront.Compute"/>, exact doubles) under energy, area and latency (minimised) and, for a Monte-Carlo run,
/// mean accuracy, accuracy P5 over chips and mean agreement (maximised). A point another feasible point equals or beats in all
/// of these and strictly beats in one is never a candidate, whatever the minimised metric or the tie-breaks say.
/// Model: one <see cref="BoolVar"/> per candidate, exactly one true. The objective is minimised lexicographically in stages,
/// each solved with <c>num_workers:1</c> and then fixed to its optimum: the chosen metric (energyFj, areaUm2 or latencyPs),
/// then, among candidates tied on it, the highest accuracy P5 (stage accuracyP5Rank), then the highest mean accuracy (stage
/// accuracyRank), then the rank of <see cref="PointResult.Key"/> in ordinal order, so the answer is deterministic. A cost-only
/// run (no accuracy simulated) has no accuracy stages: its ties go to the key. The accuracy stages minimise dense ranks (0 for
/// the highest value among the candidates, equal values equal ranks), so the tie-break is exact with no scaling of fractions.
/// Restricting the candidates, rather than adding the other costs as further stages, is what makes every answer
/// non-dominated: stages alone would rank a design that is worse in area but better in latency by whichever comes first.
/// Values of the minimised metric equal at the stated resolution (1 fJ, 1 um^2, 1 ps unless coarsened, see
/// <see cref="ScaledMetric"/>) count as ties. Coefficients are offset by their minimum and coarsened by powers of ten until
/// their sum is at most 2^53, so neither the model's int64 bounds nor the solver's double objective can overflow or round.
/// Source: the CP-SAT samples' pattern (data, model, named variables, solve, explicit status check).
/// </remarks>
public static class DesignSelector
{
    /// <summary>Largest sum of coefficients allowed in one objective: 2^53, exact in a double.</summary>
    private const double MaxCoefficientSum = 9007199254740992d;

    /// <summary>What a candidate must not be dominated in, for a Monte-Carlo run: every cost and every accuracy statistic (and the
    /// task score when every feasible point has one, <see cref="TaskScoredCriteria"/>).</summary>
    private static readonly IReadOnlyList<Objective> SimulatedCriteria =
        [Objective.Energy, Objective.Area, Objective.Latency, Objective.Accuracy, Objective.AccuracyP5, Objective.Agreement];

    /// <summary><see cref="SimulatedCriteria"/> and the mean task score: a design that loses on accuracy but serves the LLM better stays a candidate.</summary>
    private static readonly IReadOnlyList<Objective> TaskScoredCriteria = [.. SimulatedCriteria, Objective.TaskScore];

    /// <summary>
    /// Selects the best point meeting <paramref name="constraints"/>: among the feasible points no other feasible point dominates,
    /// the one lowest in <paramref name="minimise"/>, ties to the highest accuracy P5, then the highest mean accuracy, then the
    /// first key in ordinal order.
    /// </summary>
    /// <param name="points">Candidate points; keys must be distinct; all simulated or all cost-only.</param>
    /// <param name="constraints">Budgets to meet.</param>
    /// <param name="minimise">Objective to minimise: <see cref="Objective.Energy"/>, <see cref="Objective.Area"/> or <see cref="Objective.Latency"/>.</param>
    /// <param name="maxTimeS">Solver time limit per stage, seconds; when reached the answer has status <see cref="SelectionStatus.Feasible"/>.</param>
    /// <returns>The chosen point with the solve status, the scaling used and the exclusion counts.</returns>
    /// <exception cref="InputException">When <paramref name="minimise"/> is not energy, area or latency.</exception>
    /// <exception cref="ArgumentException">When a feasible point's minimised cost is negative, NaN, infinite or too large to scale (over
    /// about 1e20 units), another of its costs or accuracy statistics is NaN, keys repeat, or simulated and cost-only points are mixed.</exception>
    /// <exception cref="InvalidOperationException">When CP-SAT reports the model invalid or ends without a solution (status Unknown).</exception>
    public static SelectionResult Select(IReadOnlyList<PointResult> points, SelectionConstraints constraints, Objective minimise, double maxTimeS = 60)
        => Solve(points, constraints, minimise, maxTimeS, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>
    /// The <paramref name="k"/> best points meeting <paramref name="constraints"/>, best first, by successive no-good cuts: each
    /// round removes the points already ranked, recomputes the non-dominated set of the feasible points left and solves the same
    /// lexicographic CP-SAT model as <see cref="Select"/> over it, so rank r is the best point the first r - 1 ranks left and no
    /// feasible point outside those ranks dominates it, under the same tie-breaks (deterministic). Fewer than
    /// <paramref name="k"/> points come back when fewer are feasible.
    /// </summary>
    /// <param name="points">Candidate points; keys must be distinct; all simulated or all cost-only.</param>
    /// <param name="constraints">Budgets to meet.</param>
    /// <param name="minimise">Objective to minimise (energy, area or latency).</param>
    /// <param name="k">Designs wanted, &gt;= 1.</param>
    /// <param name="maxTimeS">Solver time limit per stage, seconds.</param>
    /// <returns>One <see cref="SelectionResult"/> per rank found (the first is <see cref="Select"/>'s answer); a single infeasible result when nothing fits.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="k"/> &lt; 1.</exception>
    /// <exception cref="InputException">When <paramref name="minimise"/> is not energy, area or latency.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Select"/>.</exception>
    public static IReadOnlyList<SelectionResult> SelectTop(IReadOnlyList<PointResult> points, SelectionConstraints constraints, Objective minimise, int k, double maxTimeS = 60)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var forbidden = new HashSet<string>(StringComparer.Ordinal);
        var ranked = new List<SelectionResult>();
        while (ranked.Count < k)
        {
            var result = Solve(points, constraints, minimise, maxTimeS, forbidden);
            if (result.Chosen is not { } chosen) break;
            ranked.Add(result);
            forbidden.Add(chosen.Key);
        }
        return ranked.Count > 0 ? ranked : [Solve(points, constraints, minimise, maxTimeS, forbidden)];
    }

    /// <summary>
    /// How each set budget holds at <paramref name="chosen"/>: its slack, and whether it binds, i.e. whether dropping that budget
    /// alone (the others kept) changes the answer of <see cref="Select"/>.
    /// </summary>
    /// <param name="points">The candidates <paramref name="chosen"/> was selected from.</param>
    /// <param name="constraints">The budgets it was selected under.</param>
    /// <param name="minimise">The objective it was selected for.</param>
    /// <param name="chosen">The selected point.</param>
    /// <returns>One entry per set budget, in <see cref="Budget.All"/> order.</returns>
    public static IReadOnlyList<BudgetCheck> Explain(IReadOnlyList<PointResult> points, SelectionConstraints constraints, Objective minimise, PointResult chosen)
        => constraints.Active.Select(b =>
        {
            double bound = b.BoundOf(constraints)!.Value;
            var relaxed = Select(points, constraints.Without(b), minimise).Chosen;
            return new BudgetCheck(b, bound, b.Value(chosen), b.Slack(chosen, bound), relaxed is not null && relaxed.Key != chosen.Key);
        }).ToArray();

    private static SelectionResult Solve(IReadOnlyList<PointResult> points, SelectionConstraints constraints, Objective minimise, double maxTimeS, HashSet<string> forbidden)
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

        var excluded = Budget.All.ToDictionary(b => b.Name, _ => 0);
        var active = constraints.Active;
        var feasible = new List<PointResult>();
        foreach (var p in points)
        {
            var ok = true;
            foreach (var b in active)
                if (!b.Admits(p, b.BoundOf(constraints)!.Value)) { excluded[b.Name]++; ok = false; }
            if (ok && !forbidden.Contains(p.Key)) feasible.Add(p);
        }
        foreach (var p in feasible)
            if (minimise.Value(p) is var v && (!double.IsFinite(v) || v < 0))
                throw new ArgumentException($"{name}: every value must be finite and >= 0; point {p.Key} has {v.ToString("R", CultureInfo.InvariantCulture)}.", nameof(points));
        int simulated = feasible.Count(p => p.IsSimulated);
        if (simulated != 0 && simulated != feasible.Count)
            throw new ArgumentException($"Points must be all simulated or all cost-only; {simulated} of {feasible.Count} feasible points are simulated.", nameof(points));
        var candidates = ParetoFront.Compute(feasible, simulated == 0 ? Objective.CostOnlyDefault
            : feasible.All(p => p.TaskScore is not null) ? TaskScoredCriteria : SimulatedCriteria);

        var model = new CpModel();
        var pick = candidates.Select(p => model.NewBoolVar($"pick[{p.Key}]")).ToArray();
        model.AddExactlyOne(pick);
        var stages = new List<ScaledMetric>();
        var stageCoefficients = new List<long[]>();
        AddStage(name, unitsPerSi, candidates.Select(minimise.Value).ToArray());
        if (simulated > 0)
        {
            AddStage("accuracyP5Rank", 1, DescendingRanks(candidates.Select(p => p.AccuracyStats.P5).ToArray()));
            AddStage("accuracyRank", 1, DescendingRanks(candidates.Select(p => p.ObjectiveAccuracy).ToArray()));
        }
        var keyRank = new double[candidates.Count];
        var byKey = Enumerable.Range(0, candidates.Count).OrderBy(i => candidates[i].Key, StringComparer.Ordinal).ToArray();
        for (int r = 0; r < byKey.Length; r++) keyRank[byKey[r]] = r;
        AddStage("keyRank", 1, keyRank);

        var status = SelectionStatus.Optimal;
        int chosen = -1;
        for (int s = 0; s < stages.Count; s++)
        {
            var expr = LinearExpr.WeightedSum(pick, stageCoefficients[s]);
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

            chosen = Array.FindIndex(pick, v => solver.BooleanValue(v));
            if (cpStatus == CpSolverStatus.Feasible)
            {
                status = SelectionStatus.Feasible;
                break;
            }
            model.Add(expr == stageCoefficients[s][chosen]);
        }
        return new SelectionResult(candidates[chosen], status, stages, excluded);

        void AddStage(string metric, double perSi, double[] values)
        {
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

    /// <summary>Dense ranks of <paramref name="values"/>, highest first: 0 for the largest value, equal values equal ranks.</summary>
    private static double[] DescendingRanks(double[] values)
    {
        var rankOf = values.Distinct().OrderDescending().Select((v, r) => (v, r)).ToDictionary(x => x.v, x => (double)x.r);
        return values.Select(v => rankOf[v]).ToArray();
    }
}
