namespace Dse.Pareto;

/// <summary>What <c>dse select</c> asked and answered (<c>selection.json</c>), shown on the run's index page as a table.</summary>
/// <param name="Minimise">Objective minimised: energy, area or latency.</param>
/// <param name="Method">How the designs were chosen and ranks after the first found (CP-SAT over the non-dominated feasible designs, successive no-good cuts).</param>
/// <param name="Budgets">Every budget that was set, with its bound.</param>
/// <param name="Status">Solver outcome of the first rank: Optimal, Feasible or Infeasible.</param>
/// <param name="Ranked">The designs found, best first (empty when none meets the budgets); the first is the answer.</param>
/// <param name="PointsFailing">Candidates failing each budget, by budget name.</param>
/// <param name="PerSliceCandidates">Verified per-slice ADC designs (<c>search-designs.jsonl</c> of a search in the run folder) that were candidates
/// beside the run's points; 0 without a search, with <c>--enumerated-only</c>, or in a record of an older dse.</param>
public sealed record SelectionRecord(string Minimise, string Method, IReadOnlyList<SelectionBudget> Budgets, string Status,
    IReadOnlyList<SelectedDesign> Ranked, IReadOnlyDictionary<string, int> PointsFailing, int PerSliceCandidates = 0)
{
    /// <summary>The answer (rank 1), or null when no design meets the budgets.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SelectedDesign? Chosen => Ranked.Count > 0 ? Ranked[0] : null;
}

/// <summary>One budget of a selection.</summary>
/// <param name="Name">Budget name, e.g. <c>minAccuracyP5</c>.</param>
/// <param name="Quantity">What it bounds, for people, e.g. <c>accuracy (5th percentile over chips)</c>.</param>
/// <param name="Unit">Unit of the bound: fraction, J, s or mm^2.</param>
/// <param name="Relation"><c>&gt;=</c> for a minimum, <c>&lt;=</c> for a maximum.</param>
/// <param name="Bound">The bound, in <paramref name="Unit"/>.</param>
public sealed record SelectionBudget(string Name, string Quantity, string Unit, string Relation, double Bound);

/// <summary>One design <c>dse select</c> ranked.</summary>
/// <param name="Rank">1 for the answer, then 2, 3, ... for the next best.</param>
/// <param name="Key">Point key.</param>
/// <param name="Accuracy">Accuracy (agreement without labels), mean over chips, fraction.</param>
/// <param name="AccuracyP5">Accuracy (agreement without labels), 5th percentile over chips, fraction.</param>
/// <param name="Agreement">Agreement with the exact SSA pick, mean over chips, fraction.</param>
/// <param name="EnergyJ">Energy per query search, J.</param>
/// <param name="LatencyS">Latency per query search, s.</param>
/// <param name="AreaMm2">Area, mm^2.</param>
/// <param name="Checks">How each budget holds at this design (slack; binding is stated for rank 1 only).</param>
/// <param name="Kind">Where the design comes from: <see cref="Enumerated"/> (a point of the run) or <see cref="PerSliceAdc"/> (a verified design of
/// a per-slice ADC search); a record of an older dse reads as enumerated.</param>
/// <param name="AdcBitsPerSlice">A per-slice design's ADC resolution per bit slice, most significant first (<c>8-6-5-4</c>); null for an enumerated one.</param>
public sealed record SelectedDesign(int Rank, string Key, double? Accuracy, double? AccuracyP5, double? Agreement, double EnergyJ, double LatencyS, double AreaMm2,
    IReadOnlyList<BudgetSlack> Checks, string Kind = SelectedDesign.Enumerated, string? AdcBitsPerSlice = null)
{
    /// <summary><see cref="Kind"/> of a point of the run's sweep: <c>enumerated</c>.</summary>
    public const string Enumerated = "enumerated";

    /// <summary><see cref="Kind"/> of a verified per-slice ADC design of <c>dse search</c>: <c>perSliceAdc</c> (the sweep file's search kind).</summary>
    public const string PerSliceAdc = "perSliceAdc";
}

/// <summary>How one budget holds at a ranked design.</summary>
/// <param name="Name">Budget name.</param>
/// <param name="Value">The design's value, in the budget's unit.</param>
/// <param name="Slack">How far inside the bound (&gt;= 0), in the budget's unit.</param>
/// <param name="Binds">For rank 1: true when dropping this budget alone changes the answer; null for later ranks.</param>
public sealed record BudgetSlack(string Name, double Value, double Slack, bool? Binds);
