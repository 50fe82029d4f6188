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
    /// <summary>Pareto objectives by name (accuracy, agreement, energy, area, latency).</summary>
    public required IReadOnlyList<string> Objectives { get; init; }
}

/// <summary>Monte-Carlo settings.</summary>
/// <param name="Trials">Programmed chips per design point. Range: &gt;= 1.</param>
/// <param name="Queries">Synthetic workloads: number of queries. Range: &gt;= 1.</param>
/// <param name="Seed">Sweep seed; every random draw derives from it and a key.</param>
/// <param name="CalibrationQuantile">ADC calibrated range: quantile of noiseless partial sums, in (0, 1].</param>
/// <param name="CalibrationQueries">Queries in the calibration batch. Range: &gt;= 1.</param>
public sealed record McSpec(int Trials, int Queries, ulong Seed, double CalibrationQuantile, int CalibrationQueries);

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
