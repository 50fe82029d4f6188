using Dse.Exploration;
namespace Dse.Runs;

/// <summary>One input file of a run and its SHA-256.</summary>
/// <param name="Path">Full path when the run started.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
public sealed record InputHash(string Path, string Sha256);

/// <summary>
/// What a run records about itself (<c>summary.json</c>): what was run (inputs and hashes, seed, versions), how long it took,
/// what was skipped and why, and the modelling assumptions a reader must know.
/// </summary>
public sealed record RunSummary
{
    /// <summary>Sweep name.</summary>
    public required string Sweep { get; init; }
    /// <summary>Sweep file, or <c>embedded:...</c> for the default.</summary>
    public required string SpecFile { get; init; }
    /// <summary>Sweep seed.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Trials per point (the most, with adaptive trials).</summary>
    public required int Trials { get; init; }
    /// <summary>One line describing the workload.</summary>
    public required string Workload { get; init; }
    /// <summary>Points in the run folder.</summary>
    public required int Points { get; init; }
    /// <summary>Points computed by the invocation that wrote this summary (0 for a merge).</summary>
    public required int PointsComputedNow { get; init; }
    /// <summary>The shard <c>I/N</c>, or null for a whole or merged run.</summary>
    public string? Shard { get; init; }
    /// <summary>Number of points skipped as infeasible.</summary>
    public required int SkippedPoints { get; init; }
    /// <summary>Skipped points per reason.</summary>
    public required IReadOnlyDictionary<string, int> SkippedByReason { get; init; }
    /// <summary>Every skipped point with its reason.</summary>
    public required IReadOnlyList<SkippedPoint> Skipped { get; init; }
    /// <summary>Worker threads (0 for a merge).</summary>
    public required int Threads { get; init; }
    /// <summary>Named wall times, seconds (e.g. <c>prepareS</c>, <c>evaluateS</c>).</summary>
    public required IReadOnlyDictionary<string, double> TimingsS { get; init; }
    /// <summary>Points computed per second of evaluation; null when none were.</summary>
    public double? PointsPerS { get; init; }
    /// <summary>The GEMM path the Monte Carlo ran on, e.g. <c>managed (Vector512)</c>.</summary>
    public required string GemmBackend { get; init; }
    /// <summary>PCA retained variance per (tokens, d') label.</summary>
    public required IReadOnlyDictionary<string, double> RetainedVariance { get; init; }
    /// <summary>Every input file with its SHA-256.</summary>
    public required IReadOnlyList<InputHash> Inputs { get; init; }
    /// <summary>Runtime and package versions.</summary>
    public required IReadOnlyDictionary<string, string?> Versions { get; init; }
    /// <summary>Every cost estimator of the run's breakdowns (component <c>model</c> names), with its formula and source (counts as for the first point costed).</summary>
    public IReadOnlyDictionary<string, string> Estimators { get; init; } = new Dictionary<string, string>();
    /// <summary>Per breakdown component, the estimators that costed it (several only where a sweep axis picks the model, e.g. <c>adcModel</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ComponentModels { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Modelling assumptions (see docs/models.md, 'Assumptions').</summary>
    public required IReadOnlyList<string> Assumptions { get; init; }
    /// <summary>
    /// Each device's programming sigma as simulated, one entry per device and sigmaScale of the sweep: the device file's sigma
    /// times the sigmaScale (docs/models.md, 'Programming variation'); empty in summaries written before it was recorded.
    /// </summary>
    public IReadOnlyList<EffectiveSigma> EffectiveSigma { get; init; } = [];
    /// <summary>The tool: version and commit of the build (e.g. <c>1.0.0+3b1841e</c>).</summary>
    public string? ToolVersion { get; init; }
    /// <summary>The command that ran (or last resumed) the run, as typed.</summary>
    public string? CommandLine { get; init; }
    /// <summary>The machine that ran it.</summary>
    public HostInfo? Host { get; init; }
    /// <summary>Input files that changed during the run (a <c>--force</c>d resume or merge mixed their versions); empty when none did.</summary>
    public IReadOnlyList<string> MixedInputs { get; init; } = [];
    /// <summary>Warnings about the model files (values outside their typical range: likely unit slips); empty when none.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>For a merged run: each shard's host, threads and timings.</summary>
    public IReadOnlyList<ShardProvenance> Shards { get; init; } = [];
    /// <summary>What the screen before the Monte Carlo saved (<c>"screen": true</c>): points and Monte-Carlo groups skipped; null without a screen.</summary>
    public ScreenSummary? Screen { get; init; }
    /// <summary>What the race ran (<c>mc.racing</c>): rungs, points retired after each, chips against the full run (this invocation's
    /// points; a merged run's shards added up); null without racing.</summary>
    public RaceSummary? Race { get; init; }
    /// <summary>The names of the store's OVTs in store order (the indices of <c>confusion</c> in points.jsonl); null for a run of an older dse.</summary>
    public IReadOnlyList<string>? OvtNames { get; init; }
    /// <summary>For a cost-only screen (<c>mc.trials = 0</c>): that accuracy was not simulated, and the front over the cost objectives; null for a Monte-Carlo run.</summary>
    public CostOnlySummary? CostOnly { get; init; }
    /// <summary>When the summary was written, ISO 8601 UTC.</summary>
    public required string CreatedUtc { get; init; }
}

/// <summary>A device's programming sigma as a run simulates it at one sigmaScale.</summary>
/// <param name="Device">Device name.</param>
/// <param name="Model">The device's variation model (<c>perLevel</c>, <c>proportional</c>, <c>polynomial</c>).</param>
/// <param name="Unit">What the sigma values are (<see cref="Dse.Devices.VariationModel.SigmaUnit"/>).</param>
/// <param name="SigmaScale">The sweep's sigmaScale.</param>
/// <param name="FileSigma">The sigma values of the device file: the device's spread.</param>
/// <param name="Sigma">The sigma simulated: <paramref name="FileSigma"/> times <paramref name="SigmaScale"/>.</param>
public sealed record EffectiveSigma(string Device, string Model, string Unit, double SigmaScale, IReadOnlyList<double> FileSigma, IReadOnlyList<double> Sigma)
{
    /// <summary>The sigma of <paramref name="device"/> at <paramref name="sigmaScale"/>.</summary>
    /// <param name="device">The device.</param>
    /// <param name="sigmaScale">A sigmaScale of the sweep, &gt;= 0.</param>
    public static EffectiveSigma Of(Dse.Devices.DeviceModel device, double sigmaScale)
    {
        var v = device.Variation;
        return new(device.Name, v.ModelName, v.SigmaUnit, sigmaScale, v.SigmaValues, v.SigmaValues.Select(x => sigmaScale * x).ToArray());
    }
}

/// <summary>The machine a run ran on.</summary>
/// <param name="CpuModel">CPU model name (<c>/proc/cpuinfo</c>), or the architecture when unknown.</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="VectorWidthBits">Widest hardware-accelerated SIMD vector: 512, 256, 128 or 0.</param>
/// <param name="GemmBackend">The GEMM path the Monte Carlo ran on.</param>
/// <param name="Os">Operating system description.</param>
public sealed record HostInfo(string CpuModel, int Cores, int VectorWidthBits, string GemmBackend, string Os);

/// <summary>Where one shard of a merged run ran.</summary>
/// <param name="Shard">The shard <c>I/N</c>.</param>
/// <param name="Host">Its machine, when recorded.</param>
/// <param name="Threads">Its worker threads.</param>
/// <param name="TimingsS">Its wall times, seconds.</param>
public sealed record ShardProvenance(string? Shard, HostInfo? Host, int Threads, IReadOnlyDictionary<string, double> TimingsS);

/// <summary>The short summary of a cost-only screen (<c>mc.trials = 0</c>).</summary>
/// <param name="Note">States that accuracy was not simulated and what the run holds instead.</param>
/// <param name="Objectives">The cost objectives of the front.</param>
/// <param name="FrontPoints">Points on the Pareto front (in <c>pareto.csv</c>).</param>
/// <param name="Best">Per objective, the best value over every point (attained on the front), in the objective's unit (J, mm^2, s).</param>
/// <param name="SkippedListed">Skipped points listed one by one in <see cref="RunSummary.Skipped"/> (at most the first 100; all are counted in <see cref="RunSummary.SkippedByReason"/>).</param>
public sealed record CostOnlySummary(string Note, IReadOnlyList<string> Objectives, int FrontPoints, IReadOnlyDictionary<string, double> Best, int SkippedListed)
{
    /// <summary>The note every cost-only run carries.</summary>
    public const string NotSimulated = "accuracy not simulated: a cost-only screen (mc.trials = 0) evaluates only the analytical cost model; accuracy, agreement and digital-reference fields are empty";
}

/// <summary>The named wall times of <see cref="RunSummary.TimingsS"/> (seconds) and how people read them.</summary>
public static class RunTimings
{
    /// <summary>Loading the workload and expanding the design points.</summary>
    public const string Prepare = "prepareS";

    /// <summary>Evaluating the points (Monte Carlo and costs, or the cost-only screen).</summary>
    public const string Evaluate = "evaluateS";

    /// <summary>The label of the timing <paramref name="name"/> on a page: a word, not the field name.</summary>
    public static string Label(string name) => name switch
    {
        Prepare => "preparation",
        Evaluate => "evaluation",
        _ => name,
    };
}
