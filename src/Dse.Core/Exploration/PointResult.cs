using Dse.Exploration.Axes;

namespace Dse.Exploration;

/// <summary>Mean, 95% confidence interval and 5th percentile of a per-trial fraction.</summary>
/// <param name="Mean">Mean over trials, in [0, 1].</param>
/// <param name="CiLow">Lower end of the 95% confidence interval of the mean (Student t over trials).</param>
/// <param name="CiHigh">Upper end of the 95% confidence interval.</param>
/// <param name="P5">5th percentile over trials (a chip-yield view).</param>
public sealed record TrialStats(double Mean, double CiLow, double CiHigh, double P5);

/// <summary>
/// The immutable result of one design point: its coordinates (<see cref="Coordinates"/>, with the virtual tokens actually used),
/// retrieval quality over the Monte-Carlo trials and its analytical cost. One line of <c>points.jsonl</c>.
/// </summary>
public sealed record PointResult : IHasCoordinates
{
    /// <summary>Stable key of the design point (drives seeds, resume, shards, CSV rows).</summary>
    public required string Key { get; init; }
    /// <summary>The point's value on every axis (written into the same JSON line as the metrics, see <c>PointJson</c>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public AxisValues Coordinates { get; init; } = null!;
    /// <summary>Embedding width stored in the arrays (d' after PCA, else d).</summary>
    public required int Dim { get; init; }
    /// <summary>Monte-Carlo trials (programmed chips); 0 for a cost-only point (accuracy not simulated).</summary>
    public required int Trials { get; init; }
    /// <summary>Queries per trial.</summary>
    public required int Queries { get; init; }
    /// <summary>Fraction of queries whose noisy SSA pick equals the exact SSA pick; null for a cost-only point (<see cref="IsSimulated"/> false).</summary>
    public TrialStats? Agreement { get; init; }
    /// <summary>Fraction of queries whose noisy SSA pick equals the ground truth; null without labels.</summary>
    public TrialStats? Accuracy { get; init; }
    /// <summary>MIPS on the same noisy arrays: fraction agreeing with the exact MIPS pick; null for a cost-only point.</summary>
    public TrialStats? MipsAgreement { get; init; }
    /// <summary>MIPS on the same noisy arrays: fraction equal to the ground truth; null without labels.</summary>
    public TrialStats? MipsAccuracy { get; init; }
    /// <summary>Reference without the arrays: fraction of queries whose SSA pick from plain digital arithmetic on the same quantised operands equals the exact pick.</summary>
    /// <remarks>Null for a cost-only point.</remarks>
    public double? DigitalAgreement { get; init; }
    /// <summary>Fraction of queries whose digital (quantised, noiseless) SSA pick equals the ground truth; null without labels.</summary>
    public double? DigitalAccuracy { get; init; }
    /// <summary>With a task-score matrix (<c>workload.taskScores</c>): per chip, the mean over queries of <c>S[true OVT, noisy SSA pick]</c>;
    /// its mean, 95% CI and P5 over chips. Null without a matrix.</summary>
    public TrialStats? TaskScore { get; init; }
    /// <summary>The mean over queries of <c>S[true OVT, exact SSA pick]</c>: the task score of exact digital retrieval; null without a matrix.</summary>
    public double? TaskScoreExact { get; init; }
    /// <summary><see cref="TaskScoreExact"/> - the mean of <see cref="TaskScore"/>: what the arrays cost the LLM; null without a matrix.</summary>
    public double? TaskScoreLoss { get; init; }
    /// <summary>Energy per query search, joules.</summary>
    public required double EnergyJ { get; init; }
    /// <summary>Latency per query search, seconds.</summary>
    public required double LatencyS { get; init; }
    /// <summary>Chip area, mm^2.</summary>
    public required double AreaMm2 { get; init; }
    /// <summary>Crossbars (subarrays) holding the store.</summary>
    public required int Crossbars { get; init; }
    /// <summary>Energy to write every cell of one OVT (a store update), joules.</summary>
    public required double WriteEnergyJ { get; init; }
    /// <summary>Time to write one OVT, seconds.</summary>
    public required double WriteLatencyS { get; init; }
    /// <summary>Updates of one OVT the device endurance allows (write cycles per cell).</summary>
    public required double WritesBeforeWearOut { get; init; }
    /// <summary>Write energy of the whole store per day under continuous tuning, joules; null without <c>updatesPerDay</c> (<see cref="Costs.StoreLifetime"/>).</summary>
    public double? WriteEnergyPerDayJ { get; init; }
    /// <summary>Years until the most-written cells reach the device's endurance; null without <c>updatesPerDay</c> (<see cref="Costs.StoreLifetime"/>).</summary>
    public double? LifetimeYears { get; init; }
    /// <summary>Search energy plus the day's write energy per query, joules; null without <c>updatesPerDay</c> and <c>queriesPerDay</c>.</summary>
    public double? AmortisedEnergyPerQueryJ { get; init; }
    /// <summary>CPU+DRAM baseline latency / this design's latency, per query search.</summary>
    public required double Speedup { get; init; }
    /// <summary>CPU+DRAM baseline energy / this design's energy, per query search.</summary>
    public required double EnergyRatio { get; init; }
    /// <summary>Racing (<c>mc.racing</c>): the rung (trials) at which the point was retired, its statistics being those of these
    /// trials; null for a point that ran to the end, or of a run without racing.</summary>
    public int? RetiredAt { get; init; }
    /// <summary>Racing: the key of the point that retired this one (at most as costly in every cost objective and confidently at
    /// most the race's tolerance less accurate); null unless <see cref="RetiredAt"/> is set.</summary>
    public string? RetiredBy { get; init; }
    /// <summary>Racing: queries answered right (the raced outcome: accuracy, or agreement without labels or when agreement is the
    /// objective) by each of the point's chips, <c>[trials]</c>; what a resumed race is replayed from. Null without racing.</summary>
    public IReadOnlyList<int>? CorrectPerTrial { get; init; }
    /// <summary>The retrieval confusion over all the point's chips and queries: every nonzero (true OVT, noisy SSA pick) count, in
    /// (true, picked) order, written as <c>[true, picked, count]</c> triples; null for a cost-only point.</summary>
    public IReadOnlyList<ConfusionCell>? Confusion { get; init; }
    /// <summary>Per-component energy (J), latency (s) and area (mm^2), keyed by component name.</summary>
    public required IReadOnlyDictionary<string, ComponentTotals> Breakdown { get; init; }

    /// <summary>
    /// True when the point's accuracy was simulated (Monte Carlo ran); false for a point of a cost-only screen
    /// (<c>mc.trials = 0</c>), whose accuracy, agreement and digital reference fields are all null.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsSimulated => Agreement is not null;

    /// <summary>Accuracy when labels exist, else agreement (95% CI, P5 and mean over trials).</summary>
    /// <exception cref="InvalidOperationException">For a cost-only point (<see cref="IsSimulated"/> false): accuracy was not simulated.</exception>
    [System.Text.Json.Serialization.JsonIgnore]
    public TrialStats AccuracyStats => Accuracy ?? Agreement
        ?? throw new InvalidOperationException($"Point {Key}: accuracy was not simulated (a cost-only point, mc.trials = 0).");

    /// <summary>False for a point retired by a race (<see cref="RetiredAt"/>): it is shown and listed, but on no Pareto front.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Finished => RetiredAt is null;

    /// <summary>The accuracy objective: accuracy when labels exist, else agreement (mean over trials).</summary>
    /// <exception cref="InvalidOperationException">For a cost-only point (<see cref="IsSimulated"/> false): accuracy was not simulated.</exception>
    public double ObjectiveAccuracy => AccuracyStats.Mean;
}

/// <summary>One cell of a retrieval confusion: queries whose true OVT is <paramref name="True"/> answered with OVT <paramref name="Picked"/>.</summary>
/// <param name="True">The query's OVT: its label, or its exact SSA pick without labels (index in the store).</param>
/// <param name="Picked">The noisy SSA pick (index in the store).</param>
/// <param name="Count">How many (chip, query) answers, summed over the point's chips.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfusionCellJson))]
public readonly record struct ConfusionCell(int True, int Picked, int Count);

/// <summary>A <see cref="ConfusionCell"/> in JSON: the array <c>[true, picked, count]</c>.</summary>
public sealed class ConfusionCellJson : System.Text.Json.Serialization.JsonConverter<ConfusionCell>
{
    /// <inheritdoc/>
    /// <exception cref="System.Text.Json.JsonException">When the value is not an array of three integers.</exception>
    public override ConfusionCell Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        var values = System.Text.Json.JsonSerializer.Deserialize<int[]>(ref reader, options);
        if (values is not { Length: 3 }) throw new System.Text.Json.JsonException("Expected a confusion cell [true, picked, count].");
        return new ConfusionCell(values[0], values[1], values[2]);
    }

    /// <inheritdoc/>
    public override void Write(System.Text.Json.Utf8JsonWriter writer, ConfusionCell value, System.Text.Json.JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.True);
        writer.WriteNumberValue(value.Picked);
        writer.WriteNumberValue(value.Count);
        writer.WriteEndArray();
    }
}

/// <summary>One component's share of a point's cost.</summary>
/// <param name="EnergyJ">Energy per query search, J.</param>
/// <param name="LatencyS">Share of the critical path, s.</param>
/// <param name="AreaMm2">Area, mm^2.</param>
/// <remarks>The estimator behind each component is named once per run, in the summary's <c>componentModels</c> and <c>estimators</c>.</remarks>
public sealed record ComponentTotals(double EnergyJ, double LatencyS, double AreaMm2);
