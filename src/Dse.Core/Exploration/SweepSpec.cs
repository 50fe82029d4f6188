using Dse.Crossbar;
using Dse.Diagnostics;
using Dse.Exploration.Axes;
using Dse.Search;

namespace Dse.Exploration;

/// <summary>A sweep specification (<c>sweeps/NAME.json</c>): the design-space axes, the workload and the Monte-Carlo settings.</summary>
/// <remarks>Every list is a sweep axis; the design points are their cartesian product (see docs/sweep-files.md).</remarks>
public sealed record SweepSpec
{
    /// <summary>Sweep name; default output folder <c>reports/NAME/</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Full path of the sweep file, or a label for the embedded default.</summary>
    public required string SourceFile { get; init; }
    /// <summary>The effective sweep JSON (after <c>--set</c> overrides): what a resumed or merged run must match.</summary>
    public required System.Text.Json.Nodes.JsonObject Json { get; init; }
    /// <summary>Directory relative paths of the sweep are taken from.</summary>
    public required string BaseDir { get; init; }
    /// <summary>Line map of the sweep file, for messages about checks made after loading (e.g. against devices).</summary>
    public required Dse.Diagnostics.JsonSourceMap SourceMap { get; init; }
    /// <summary>
    /// The values of every axis (<see cref="DesignAxes"/>), as the sweep gives them or their defaults: device references as
    /// written (names in the device library or paths); columns per ADC unresolved when absent (the periphery's value).
    /// </summary>
    public required DesignSpace Space { get; init; }
    /// <summary>Clipping policy of weight and input quantisation.</summary>
    public required ClippingPolicy Clipping { get; init; }
    public required SsaOptions Ssa { get; init; }
    /// <summary>Periphery name (in device-models/periphery/) or path.</summary>
    public required string Periphery { get; init; }
    public required WorkloadSpec Workload { get; init; }
    public required McSpec Mc { get; init; }
    /// <summary>The device, periphery and baseline models the sweep names, loaded with it; null when the sweep was read without a device library (e.g. to regenerate reports).</summary>
    public SweepModels? Models { get; init; }
    /// <summary>CPU+DRAM baseline name (in device-models/baselines/) or path; default <c>jetson-orin-cpu</c>.</summary>
    public string Baseline { get; init; } = Dse.Devices.BaselineLoader.DefaultName;
    /// <summary>Pareto objectives (default accuracy, energy, area; energy, area, latency for a cost-only sweep).</summary>
    public required IReadOnlyList<Dse.Exploration.Objective> Objectives { get; init; }
    /// <summary>
    /// Screen, then simulate (<c>"screen": true</c>): the closed-form costs of every point are computed first, and a point whose
    /// costs under <see cref="Objectives"/> are dominated by a point with the same accuracy-relevant settings is not simulated
    /// (it cannot be on the Pareto front). See <see cref="Pipeline.CostScreen.Survivors"/>.
    /// </summary>
    public bool Screen { get; init; }
    /// <summary>
    /// The per-slice ADC search run on the run folder after the sweep (<c>"search": { "kind": "perSliceAdc", ... }</c>), as
    /// <c>dse search RUN --out RUN</c> would run it; null: none.
    /// </summary>
    public SearchSettings? Search { get; init; }
}

/// <summary>Monte-Carlo settings.</summary>
/// <param name="Trials">Programmed chips per design point. Range: <see cref="TrialsRange"/>; 0 makes the sweep a cost-only screen (<see cref="CostOnly"/>).</param>
/// <param name="Queries">Synthetic workloads: number of queries. Range: &gt;= 1.</param>
/// <param name="Seed">Sweep seed; every random draw derives from it and a key.</param>
/// <param name="CalibrationQuantile">ADC calibrated range: quantile of noiseless partial sums, in (0, 1].</param>
/// <param name="CalibrationQueries">Queries in the calibration batch. Range: &gt;= 1.</param>
/// <remarks>With <see cref="TargetCiHalfWidth"/> set, <see cref="Trials"/> is the most trials a point gets (<c>mc.maxTrials</c>).</remarks>
public sealed record McSpec(int Trials, int Queries, ulong Seed, double CalibrationQuantile, int CalibrationQueries)
{
    /// <summary>Valid trials (programmed chips) per design point: 0..100000 (0: a cost-only sweep).</summary>
    public static IntRange TrialsRange { get; } = new(0, 100000);

    /// <summary>
    /// Adaptive trials: a point stops at the first checkpoint (<see cref="MinTrials"/>, 2 <see cref="MinTrials"/>, ...,
    /// <see cref="Trials"/>) where the 95% CI half-width of its accuracy is at most this; null: every point runs <see cref="Trials"/>.
    /// Range: (0, 0.5].
    /// </summary>
    public double? TargetCiHalfWidth { get; init; }

    /// <summary>Adaptive trials: the first checkpoint and the batch size; racing: the first rung (<see cref="Racing.Rungs"/>).
    /// Range: 2 &lt;= MinTrials &lt;= Trials.</summary>
    public int MinTrials { get; init; } = 2;

    /// <summary>The first rung of a race when <c>mc.minTrials</c> is not given: 4 chips (at 2 the Student-t bound of one degree of
    /// freedom is too wide to retire anything; measured on sweeps/default.json, docs/models.md#racing).</summary>
    public const int RacingMinTrials = 4;

    /// <summary>Racing (<c>mc.racing</c>): points start with <see cref="MinTrials"/> chips and those beaten with confidence are
    /// retired after each rung (<see cref="Exploration.Racing"/>); null: every point runs its trials.</summary>
    public RacingSpec? Racing { get; init; }

    /// <summary>
    /// The arithmetic of the crossbar MMMs (<c>mc.arithmetic</c>): <see cref="MmmArithmetic.Float"/> (default, the reference) or
    /// <see cref="MmmArithmetic.Int8"/> (8-bit fixed-point conductances, about 3x faster products; <see cref="Dse.Crossbar.FixedPointGemm"/>).
    /// </summary>
    public MmmArithmetic Arithmetic { get; init; } = MmmArithmetic.Float;

    /// <summary>
    /// True for a cost-only screen (<c>mc.trials = 0</c>, or <c>dse sweep --cost-only</c>): only the closed-form cost model runs,
    /// points stream to the run folder, and no accuracy is simulated.
    /// </summary>
    public bool CostOnly => Trials == 0;
}

/// <summary>The arithmetic of the Monte Carlo's crossbar MMMs (<c>mc.arithmetic</c> of a sweep file).</summary>
public enum MmmArithmetic
{
    /// <summary><c>"float"</c>: single-precision sums of the programmed conductances, the reference.</summary>
    Float,
    /// <summary><c>"int8"</c>: each chip's conductances quantised to 8-bit codes (one step per row block: its largest
    /// conductance / 127), exact integer sums; results differ from <see cref="Float"/> by that quantisation.</summary>
    Int8,
}

/// <summary>Where the stored prompts and queries come from.</summary>
public abstract record WorkloadSpec
{
    /// <summary>Full path of the task-score matrix (<c>workload.taskScores</c>, <see cref="Dse.Workloads.TaskScoreMatrix"/>); null: none,
    /// and no point has a task score.</summary>
    public string? TaskScores { get; init; }
}

/// <summary>The embedded synthetic generator (see docs/sweep-files.md#workload).</summary>
/// <param name="Prompts">Number of OVTs N.</param>
/// <param name="Dim">Embedding width d.</param>
/// <param name="Regime">Value regime: random-init or vocab-init prompts.</param>
/// <param name="QueryTokens">Tokens m per query.</param>
/// <param name="DomainShift">How far queries drift from their domain, &gt;= 0; null: the generator's default.</param>
public sealed record SyntheticWorkloadSpec(int Prompts, int Dim, Dse.Workloads.SyntheticRegime Regime, int QueryTokens, double? DomainShift) : WorkloadSpec;

/// <summary>Hugging Face PEFT prompt-tuning adapters (see docs/sweep-files.md#workload).</summary>
/// <param name="Adapters">Full paths of adapter directories or <c>.safetensors</c> files.</param>
/// <param name="QueryTokens">Tokens m per query.</param>
/// <param name="QueryNoise">Query noise std relative to the source OVT's RMS.</param>
/// <param name="QueriesPerPrompt">Queries generated per stored OVT.</param>
public sealed record PeftWorkloadSpec(IReadOnlyList<string> Adapters, int QueryTokens, double QueryNoise, int QueriesPerPrompt) : WorkloadSpec;

/// <summary>Real text per domain plus GloVe word vectors, with NVCiM-PT's representative selection (see docs/sweep-files.md#workload).</summary>
/// <param name="Domains">Full paths of domain folders (one document per <c>.txt</c> file) or text files (fortune entries or paragraphs).</param>
/// <param name="Vectors">Full path of the word vectors (GloVe text format).</param>
/// <param name="BufferSize">Samples per domain that go through representative selection (NVCiM-PT: 25).</param>
/// <param name="QueriesPerDomain">Held-out samples per domain used as queries.</param>
/// <param name="QueryTokens">Cap on a query's words; null keeps every known word.</param>
public sealed record TextWorkloadSpec(IReadOnlyList<string> Domains, string Vectors, int BufferSize, int QueriesPerDomain, int? QueryTokens) : WorkloadSpec;

/// <summary>Explicit tensors (see docs/sweep-files.md#workload): <c>.npy</c> or single-tensor <c>.safetensors</c> files.</summary>
/// <param name="Store">Full path of the store, <c>[N, n, d]</c>.</param>
/// <param name="Queries">Full path of the queries, <c>[Q, m, d]</c>.</param>
/// <param name="Labels">Full path of the labels, <c>[Q]</c>; null for unlabelled queries.</param>
public sealed record TensorsWorkloadSpec(string Store, string Queries, string? Labels) : WorkloadSpec;
