using Dse.Crossbar;
using Dse.Search;

namespace Dse.Exploration;

/// <summary>A sweep specification (<c>sweeps/NAME.json</c>): the design-space axes, the workload and the Monte-Carlo settings.</summary>
/// <remarks>Every list is a sweep axis; the design points are their cartesian product (DESIGN §9).</remarks>
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
    /// <summary>Device names (in device-models/) or paths, as written.</summary>
    public required IReadOnlyList<string> Devices { get; init; }
    /// <summary>Crossbar sizes (rows, cols).</summary>
    public required IReadOnlyList<(int Rows, int Cols)> Crossbars { get; init; }
    public required IReadOnlyList<int> CellBits { get; init; }
    public required IReadOnlyList<int> AdcBits { get; init; }
    /// <summary>Virtual tokens n per OVT; null: keep each OVT's native n (file workloads only).</summary>
    public IReadOnlyList<int>? VirtualTokens { get; init; }
    /// <summary>Multipliers of each device's programming variation (DESIGN §6; 10 = NVCiM-PT's nominal 0.1).</summary>
    public required IReadOnlyList<double> SigmaScale { get; init; }
    /// <summary>Read times in seconds after programming (drift, 1/f noise); <c>[null]</c> when the sweep lists none: each device is read at its drift t0.</summary>
    public IReadOnlyList<double?> ReadTimes { get; init; } = [null];
    public required IReadOnlyList<int> WeightBits { get; init; }
    public required IReadOnlyList<int> InputBits { get; init; }
    public required IReadOnlyList<SsaMapping> SsaMappings { get; init; }
    public required IReadOnlyList<SignedMapping> SignedMappings { get; init; }
    public required IReadOnlyList<AdcRangeMode> AdcRanges { get; init; }
    /// <summary>PCA widths d'; an entry null keeps d.</summary>
    public required IReadOnlyList<int?> CompressedDims { get; init; }
    /// <summary>Clipping policy of weight and input quantisation.</summary>
    public required ClippingPolicy Clipping { get; init; }
    public required SsaOptions Ssa { get; init; }
    /// <summary>Periphery name (in device-models/periphery/) or path.</summary>
    public required string Periphery { get; init; }
    public required WorkloadSpec Workload { get; init; }
    public required McSpec Mc { get; init; }
    /// <summary>ADC model names (axis <c>adcModel</c>; default <c>["neurosimSar"]</c>), each a block of the periphery's <c>adcModels</c>.</summary>
    public IReadOnlyList<string> AdcModels { get; init; } = [Dse.Devices.AdcModelSet.NeurosimSarName];
    /// <summary>Columns sharing one ADC (axis <c>colsPerAdc</c>); null: the periphery's <c>colsPerAdc</c>.</summary>
    public IReadOnlyList<int>? ColsPerAdc { get; init; }
    /// <summary>CPU+DRAM baseline name (in device-models/baselines/) or path; default <c>jetson-orin-cpu</c>.</summary>
    public string Baseline { get; init; } = Dse.Devices.BaselineLoader.DefaultName;
    /// <summary>Pareto objectives by name (accuracy, agreement, energy, area, latency).</summary>
    public required IReadOnlyList<string> Objectives { get; init; }
}

/// <summary>Monte-Carlo settings.</summary>
/// <param name="Trials">Programmed chips per design point. Range: &gt;= 1.</param>
/// <param name="Queries">Synthetic workloads: number of queries. Range: &gt;= 1.</param>
/// <param name="Seed">Sweep seed; every random draw derives from it and a key.</param>
/// <param name="CalibrationQuantile">ADC calibrated range: quantile of noiseless partial sums, in (0, 1].</param>
/// <param name="CalibrationQueries">Queries in the calibration batch. Range: &gt;= 1.</param>
/// <remarks>With <see cref="TargetCiHalfWidth"/> set, <see cref="Trials"/> is the most trials a point gets (<c>mc.maxTrials</c>).</remarks>
public sealed record McSpec(int Trials, int Queries, ulong Seed, double CalibrationQuantile, int CalibrationQueries)
{
    /// <summary>
    /// Adaptive trials: a point stops at the first checkpoint (<see cref="MinTrials"/>, 2 <see cref="MinTrials"/>, ...,
    /// <see cref="Trials"/>) where the 95% CI half-width of its accuracy is at most this; null: every point runs <see cref="Trials"/>.
    /// Range: (0, 0.5].
    /// </summary>
    public double? TargetCiHalfWidth { get; init; }

    /// <summary>Adaptive trials: the first checkpoint and the batch size. Range: 2 &lt;= MinTrials &lt;= Trials.</summary>
    public int MinTrials { get; init; } = 2;
}

/// <summary>Where the stored prompts and queries come from.</summary>
public abstract record WorkloadSpec;

/// <summary>The embedded synthetic generator (DESIGN §4).</summary>
/// <param name="Prompts">Number of OVTs N.</param>
/// <param name="Dim">Embedding width d.</param>
/// <param name="Regime"><c>randomInit</c> or <c>vocabInit</c>.</param>
/// <param name="QueryTokens">Tokens m per query.</param>
/// <param name="DomainShift">How far queries drift from their domain, &gt;= 0; null: the generator's default.</param>
public sealed record SyntheticWorkloadSpec(int Prompts, int Dim, string Regime, int QueryTokens, double? DomainShift) : WorkloadSpec;

/// <summary>Hugging Face PEFT prompt-tuning adapters (DESIGN §4).</summary>
/// <param name="Adapters">Full paths of adapter directories or <c>.safetensors</c> files.</param>
/// <param name="QueryTokens">Tokens m per query.</param>
/// <param name="QueryNoise">Query noise std relative to the source OVT's RMS.</param>
/// <param name="QueriesPerPrompt">Queries generated per stored OVT.</param>
public sealed record PeftWorkloadSpec(IReadOnlyList<string> Adapters, int QueryTokens, double QueryNoise, int QueriesPerPrompt) : WorkloadSpec;

/// <summary>Real text per domain plus GloVe word vectors, with NVCiM-PT's representative selection (DESIGN §4).</summary>
/// <param name="Domains">Full paths of domain folders (one document per <c>.txt</c> file) or text files (fortune entries or paragraphs).</param>
/// <param name="Vectors">Full path of the word vectors (GloVe text format).</param>
/// <param name="BufferSize">Samples per domain that go through representative selection (NVCiM-PT: 25).</param>
/// <param name="QueriesPerDomain">Held-out samples per domain used as queries.</param>
/// <param name="QueryTokens">Cap on a query's words; null keeps every known word.</param>
public sealed record TextWorkloadSpec(IReadOnlyList<string> Domains, string Vectors, int BufferSize, int QueriesPerDomain, int? QueryTokens) : WorkloadSpec;

/// <summary>Explicit tensors (DESIGN §4): <c>.npy</c> or single-tensor <c>.safetensors</c> files.</summary>
/// <param name="Store">Full path of the store, <c>[N, n, d]</c>.</param>
/// <param name="Queries">Full path of the queries, <c>[Q, m, d]</c>.</param>
/// <param name="Labels">Full path of the labels, <c>[Q]</c>; null for unlabelled queries.</param>
public sealed record TensorsWorkloadSpec(string Store, string Queries, string? Labels) : WorkloadSpec;
