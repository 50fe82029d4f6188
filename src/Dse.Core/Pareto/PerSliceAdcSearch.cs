using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace Dse.Pareto;

/// <summary>Options of a per-slice ADC search.</summary>
/// <param name="Objective">Energy or area to minimise.</param>
/// <param name="AreaBudgetM2">Largest admitted area, m^2; null: none.</param>
/// <param name="LatencyBudgetS">Largest admitted latency per query search, s; null: none.</param>
/// <param name="NumWorkers">CP-SAT <c>num_workers</c>. Range: &gt;= 1 (1: deterministic).</param>
/// <param name="Seed">CP-SAT <c>random_seed</c>.</param>
/// <param name="MaxTimeS">CP-SAT <c>max_time_in_seconds</c> per solve. Range: &gt; 0.</param>
public sealed record PerSliceAdcSearchOptions(
    PerSliceObjective Objective = PerSliceObjective.Energy,
    double? AreaBudgetM2 = null,
    double? LatencyBudgetS = null,
    int NumWorkers = 1,
    int Seed = 1,
    double MaxTimeS = 10);

/// <summary>How a CP-SAT solve ended.</summary>
public enum PerSliceSolveStatus
{
    /// <summary>Proven optimal (on the integer-scaled model).</summary>
    Optimal,

    /// <summary>A solution, not proven optimal within the time limit; see <see cref="PerSliceAdcSolve.RelativeGap"/>.</summary>
    Feasible,

    /// <summary>Proven infeasible: no assignment meets epsilon and the budgets (after conservative scaling).</summary>
    Infeasible,

    /// <summary>No solution and no proof within the time limit.</summary>
    Unknown,
}

/// <summary>One epsilon-constrained solve.</summary>
/// <param name="Epsilon">Error bound <c>sum_s e[s, b_s] &lt;= Epsilon</c> (the surrogate's unit).</param>
/// <param name="Status">How the solve ended.</param>
/// <param name="Point">The assignment found with its exact (double) error and costs; null when <see cref="PerSliceSolveStatus.Infeasible"/> or <see cref="PerSliceSolveStatus.Unknown"/>.</param>
/// <param name="RelativeGap">(objective - best bound) / objective of the scaled model: 0 when optimal; null without a solution.</param>
/// <param name="WallTimeS">Wall time of building and solving the model, s.</param>
public sealed record PerSliceAdcSolve(double Epsilon, PerSliceSolveStatus Status, PerSliceAdcPoint? Point, double? RelativeGap, double WallTimeS);

/// <summary>
/// Finds per-slice ADC assignments with Google OR-Tools CP-SAT (docs/models.md, 'Per-slice ADC resolution'): minimise energy or
/// area subject to the summed surrogate error <c>&lt;= epsilon</c> and optional area and latency budgets, and trace the front by
/// sweeping epsilon (epsilon-constraint method).
/// </summary>
/// <remarks>
/// <para>Model: a boolean <c>x[s, j]</c> per slice and resolution, exactly one per slice; a boolean <c>y[j]</c>, exactly one, for
/// the widest resolution, tied exactly to the maximum by <c>x[s, j] &lt;= sum_{j' &gt;= j} y[j']</c> and <c>y[j] &lt;= sum_s x[s, j]</c>;
/// the shared cost and the latency are functions of <c>y</c>. A latency budget removes the <c>y[j]</c> whose latency exceeds it.</para>
/// <para>Integer scaling: errors in units <c>uE = (sum_s max_j e[s, j]) / </c><see cref="ErrorUnits"/>, each <c>e[s, j]</c>
/// rounded up and epsilon down, so every assignment CP-SAT admits meets the real bound (conservative; an assignment within
/// <c>S uE</c> of the bound may be refused). The area budget is scaled the same way. The objective is in units
/// <c>(max shared + sum_s max slice cost) / </c><see cref="ObjectiveUnits"/>, rounded to nearest, so the optimum is exact to
/// <c>(S + 1) / 2</c> units.</para>
/// </remarks>
public static class PerSliceAdcSearch
{
    /// <summary>
    /// Integer units spanning the largest possible error sum (and area), 2^30. Every coefficient and every partial sum stays below
    /// 2^31: OR-Tools 9.15's presolve sums the activity of boolean terms in 32-bit integers and silently returns a wrong
    /// "optimal" answer above that (google/or-tools issue #5293; at 2^40 units a 4-slice test here got a non-optimal assignment
    /// reported OPTIMAL).
    /// </summary>
    public const long ErrorUnits = 1L << 30;

    /// <summary>Integer units spanning the largest possible objective, 2^30 (below 2^31 for the reason of <see cref="ErrorUnits"/>).</summary>
    public const long ObjectiveUnits = 1L << 30;

    /// <summary>Minimises the objective subject to the error bound <paramref name="epsilon"/> and the budgets of <paramref name="options"/>.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="epsilon">Error bound, the surrogate's unit. Range: finite.</param>
    /// <param name="options">Objective, budgets and CP-SAT parameters.</param>
    /// <exception cref="ArgumentException">When epsilon is not finite or an option is out of range.</exception>
    /// <exception cref="InvalidOperationException">When CP-SAT reports an invalid model.</exception>
    public static PerSliceAdcSolve Solve(PerSliceAdcProblem problem, double epsilon, PerSliceAdcSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        if (!double.IsFinite(epsilon)) throw new ArgumentException($"Epsilon must be finite; found {epsilon:R}.", nameof(epsilon));
        if (options.NumWorkers < 1 || !(options.MaxTimeS > 0))
            throw new ArgumentException($"Range: NumWorkers >= 1 and MaxTimeS > 0; found {options.NumWorkers}, {options.MaxTimeS:R}.", nameof(options));
        var clock = Stopwatch.StartNew();
        int slices = problem.Slices, k = problem.Resolutions.Count;
        var objective = options.Objective;

        var model = new CpModel();
        var x = new BoolVar[slices, k];
        var y = new BoolVar[k];
        for (int j = 0; j < k; j++) y[j] = model.NewBoolVar($"widest[{problem.Resolutions[j]}]");
        model.AddExactlyOne(y);
        for (int s = 0; s < slices; s++)
        {
            for (int j = 0; j < k; j++) x[s, j] = model.NewBoolVar($"slice{s}[{problem.Resolutions[j]}]");
            model.AddExactlyOne(Enumerable.Range(0, k).Select(j => x[s, j]));
            for (int j = 0; j < k; j++) model.Add(x[s, j] <= LinearExpr.Sum(y[j..]));
        }
        for (int j = 0; j < k; j++)
        {
            model.Add(y[j] <= LinearExpr.Sum(Enumerable.Range(0, slices).Select(s => x[s, j])));
            if (options.LatencyBudgetS is double budget && problem.LatencyS(j) > budget) model.Add(y[j] == 0);
        }

        AddBudget((s, j) => problem.Error(s, j), _ => 0, epsilon);
        if (options.AreaBudgetM2 is double areaBudget)
            AddBudget((s, j) => problem.SliceCost(PerSliceObjective.Area, s, j), j => problem.SharedCost(PerSliceObjective.Area, j), areaBudget);

        double objectiveUnit = Unit((s, j) => problem.SliceCost(objective, s, j), j => problem.SharedCost(objective, j), ObjectiveUnits);
        var terms = new List<LinearExpr>();
        for (int s = 0; s < slices; s++)
            for (int j = 0; j < k; j++) terms.Add(x[s, j] * (long)Math.Round(problem.SliceCost(objective, s, j) / objectiveUnit, MidpointRounding.AwayFromZero));
        for (int j = 0; j < k; j++) terms.Add(y[j] * (long)Math.Round(problem.SharedCost(objective, j) / objectiveUnit, MidpointRounding.AwayFromZero));
        model.Minimize(LinearExpr.Sum(terms));

        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"num_workers:{options.NumWorkers} random_seed:{options.Seed} max_time_in_seconds:{options.MaxTimeS:R}"),
        };
        var status = solver.Solve(model);
        if (status == CpSolverStatus.ModelInvalid)
            throw new InvalidOperationException($"CP-SAT rejected the per-slice ADC model: {solver.SolutionInfo()}");
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            return new PerSliceAdcSolve(epsilon, status == CpSolverStatus.Infeasible ? PerSliceSolveStatus.Infeasible : PerSliceSolveStatus.Unknown,
                null, null, clock.Elapsed.TotalSeconds);
        var choice = Enumerable.Range(0, slices).Select(s => Enumerable.Range(0, k).Single(j => solver.BooleanValue(x[s, j]))).ToArray();
        double value = solver.ObjectiveValue, bound = solver.BestObjectiveBound;
        double gap = status == CpSolverStatus.Optimal || value <= 0 ? 0 : Math.Max(0, (value - bound) / value);
        return new PerSliceAdcSolve(epsilon, status == CpSolverStatus.Optimal ? PerSliceSolveStatus.Optimal : PerSliceSolveStatus.Feasible,
            problem.Evaluate(choice), gap, clock.Elapsed.TotalSeconds);

        // Adds sum_s t[s, j_s] + shared[widest] <= bound, each term rounded up and the bound down in units of the largest sum / ErrorUnits.
        void AddBudget(Func<int, int, double> term, Func<int, double> shared, double limit)
        {
            double unit = Unit(term, shared, ErrorUnits);
            var budgetTerms = new List<LinearExpr>();
            for (int s = 0; s < slices; s++)
                for (int j = 0; j < k; j++) budgetTerms.Add(x[s, j] * UnitsUp(term(s, j), unit));
            for (int j = 0; j < k; j++) budgetTerms.Add(y[j] * UnitsUp(shared(j), unit));
            model.Add(LinearExpr.Sum(budgetTerms) <= UnitsDown(limit, unit));
        }

        // The largest possible total / units (1 when every value is 0).
        double Unit(Func<int, int, double> term, Func<int, double> shared, long units)
        {
            double max = Enumerable.Range(0, k).Max(shared)
                + Enumerable.Range(0, slices).Sum(s => Enumerable.Range(0, k).Max(j => term(s, j)));
            return max > 0 ? max / units : 1;
        }
    }

    /// <summary>
    /// The epsilon-constraint sweep: <paramref name="epsilonSteps"/> solves at epsilons from the error of every slice at the highest
    /// resolution to that of every slice at the lowest (the lower end of the two first), geometrically spaced (the surrogate spans
    /// decades: quantisation noise falls 4x per ADC bit). When the lower end is 0 (a surrogate measured against the highest resolution),
    /// the first epsilon is 0 and the others are spaced geometrically from the smallest positive error of one slice to the upper end
    /// (evenly when no error is positive); each raised by the rounding allowance
    /// <c>(S + 1) uE</c> so that the end assignments stay feasible after the conservative scaling.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="epsilonSteps">Number of epsilons N. Range: &gt;= 2.</param>
    /// <param name="options">Objective, budgets and CP-SAT parameters.</param>
    /// <returns>One solve per epsilon, ascending epsilon.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="epsilonSteps"/> &lt; 2.</exception>
    public static IReadOnlyList<PerSliceAdcSolve> EpsilonSweep(PerSliceAdcProblem problem, int epsilonSteps, PerSliceAdcSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (epsilonSteps < 2) throw new ArgumentOutOfRangeException(nameof(epsilonSteps), epsilonSteps, "Range: epsilonSteps >= 2.");
        int slices = problem.Slices, k = problem.Resolutions.Count;
        double allMax = problem.Evaluate(Enumerable.Repeat(k - 1, slices).ToArray()).Error;
        double allMin = problem.Evaluate(new int[slices]).Error;
        double lo = Math.Min(allMax, allMin), hi = Math.Max(allMax, allMin);
        double maxSum = Enumerable.Range(0, slices).Sum(s => Enumerable.Range(0, k).Max(j => problem.Error(s, j)));
        double allowance = (slices + 1) * (maxSum > 0 ? maxSum / ErrorUnits : 1);
        double smallest = Enumerable.Range(0, slices).SelectMany(s => Enumerable.Range(0, k).Select(j => problem.Error(s, j))).Where(e => e > 0).DefaultIfEmpty(0).Min();
        return Enumerable.Range(0, epsilonSteps)
            .Select(i => lo > 0 ? lo * Math.Pow(hi / lo, (double)i / (epsilonSteps - 1))
                : i == 0 || smallest == 0 ? lo + (hi - lo) * i / (epsilonSteps - 1)
                : epsilonSteps == 2 ? hi : smallest * Math.Pow(hi / smallest, (double)(i - 1) / (epsilonSteps - 2)))
            .Select(epsilon => Solve(problem, epsilon + allowance, options))
            .ToArray();
    }

    /// <summary>The non-dominated assignments of <paramref name="solves"/> in (error, objective), distinct, ascending error.</summary>
    /// <param name="solves">Solves, e.g. of <see cref="EpsilonSweep"/>.</param>
    /// <param name="objective">The objective the second coordinate is.</param>
    public static IReadOnlyList<PerSliceAdcPoint> Front(IEnumerable<PerSliceAdcSolve> solves, PerSliceObjective objective)
    {
        ArgumentNullException.ThrowIfNull(solves);
        var points = solves.Where(s => s.Point is not null).Select(s => s.Point!).DistinctBy(p => p.Assignment).ToArray();
        return points
            .Where(p => !points.Any(q => q.Error <= p.Error && q.Cost(objective) <= p.Cost(objective) && (q.Error < p.Error || q.Cost(objective) < p.Cost(objective))))
            .OrderBy(p => p.Error).ThenBy(p => p.Cost(objective))
            .ToArray();
    }

    /// <summary>ceil(v / unit), raised until its multiple of unit is at least v in double arithmetic.</summary>
    private static long UnitsUp(double v, double unit)
    {
        long n = (long)Math.Ceiling(v / unit);
        while (n * unit < v) n++;
        return n;
    }

    /// <summary>
    /// floor(v / unit), lowered until its multiple of unit is at most v in double arithmetic, clamped to -1..2^31 - 1 (every
    /// activity lies in 0..2^30 + S k, so the clamp changes no feasible set).
    /// </summary>
    private static long UnitsDown(double v, double unit)
    {
        double q = Math.Floor(v / unit);
        if (q >= int.MaxValue) return int.MaxValue;
        if (q < 0) return -1;
        long n = (long)q;
        while (n * unit > v) n--;
        return n;
    }
}
