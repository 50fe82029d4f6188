namespace Dse.Exploration;

/// <summary>Mean, 95% confidence interval and 5th percentile of a per-trial fraction.</summary>
/// <param name="Mean">Mean over trials, in [0, 1].</param>
/// <param name="CiLow">Lower end of the 95% confidence interval of the mean (Student t over trials).</param>
/// <param name="CiHigh">Upper end of the 95% confidence interval.</param>
/// <param name="P5">5th percentile over trials (a chip-yield view).</param>
public sealed record TrialStats(double Mean, double CiLow, double CiHigh, double P5);

/// <summary>
/// The immutable result of one design point: its coordinates, retrieval quality over the
/// Monte-Carlo trials and its analytical cost. One line of <c>points.jsonl</c>.
/// </summary>
public sealed record PointResult
{
    /// <summary>Stable key of the design point (drives seeds, resume, shards, CSV rows).</summary>
    public required string Key { get; init; }
    /// <summary>Device name (file stem in device-models/).</summary>
    public required string Device { get; init; }
    /// <summary>Crossbar rows (the row-block size of the partial sums).</summary>
    public required int Rows { get; init; }
    /// <summary>Crossbar columns.</summary>
    public required int Cols { get; init; }
    /// <summary>Bits per cell.</summary>
    public required int CellBits { get; init; }
    /// <summary>ADC resolution in bits.</summary>
    public required int AdcBits { get; init; }
    /// <summary>ADC cost model: <c>neurosimSar</c>, <c>flash</c> or <c>survey</c>.</summary>
    public required string AdcModel { get; init; }
    /// <summary>Columns sharing one ADC (column multiplexing).</summary>
    public required int ColsPerAdc { get; init; }
    /// <summary>Virtual tokens kept per OVT (n); for file workloads without the axis, the largest native n.</summary>
    public required int VirtualTokens { get; init; }
    /// <summary>Multiplier of the device's programming variation.</summary>
    public required double SigmaScale { get; init; }
    /// <summary>Read time in seconds after programming (drift, 1/f noise); null when the sweep lists none (each device read at its drift t0).</summary>
    public double? ReadTimeS { get; init; }
    /// <summary><c>digitalPooling</c> or <c>storedScales</c>.</summary>
    public required string SsaMapping { get; init; }
    /// <summary><c>differential</c> or <c>offset</c>.</summary>
    public required string SignedMapping { get; init; }
    /// <summary><c>fullScale</c> or <c>calibrated</c>.</summary>
    public required string AdcRange { get; init; }
    /// <summary>Bits of the quantised stored values.</summary>
    public required int WeightBits { get; init; }
    /// <summary>Bits of the quantised query values (input bit-planes).</summary>
    public required int InputBits { get; init; }
    /// <summary>Embedding width stored in the arrays (d' after PCA, else d).</summary>
    public required int Dim { get; init; }
    /// <summary>Monte-Carlo trials (programmed chips).</summary>
    public required int Trials { get; init; }
    /// <summary>Queries per trial.</summary>
    public required int Queries { get; init; }
    /// <summary>Fraction of queries whose noisy SSA pick equals the exact SSA pick.</summary>
    public required TrialStats Agreement { get; init; }
    /// <summary>Fraction of queries whose noisy SSA pick equals the ground truth; null without labels.</summary>
    public TrialStats? Accuracy { get; init; }
    /// <summary>MIPS on the same noisy arrays: fraction agreeing with the exact MIPS pick.</summary>
    public required TrialStats MipsAgreement { get; init; }
    /// <summary>MIPS on the same noisy arrays: fraction equal to the ground truth; null without labels.</summary>
    public TrialStats? MipsAccuracy { get; init; }
    /// <summary>Reference without the arrays: fraction of queries whose SSA pick from plain digital arithmetic on the same quantised operands equals the exact pick.</summary>
    public required double DigitalAgreement { get; init; }
    /// <summary>Fraction of queries whose digital (quantised, noiseless) SSA pick equals the ground truth; null without labels.</summary>
    public double? DigitalAccuracy { get; init; }
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
    /// <summary>CPU+DRAM baseline latency / this design's latency, per query search.</summary>
    public required double Speedup { get; init; }
    /// <summary>CPU+DRAM baseline energy / this design's energy, per query search.</summary>
    public required double EnergyRatio { get; init; }
    /// <summary>Per-component energy (J), latency (s) and area (mm^2), keyed by component name.</summary>
    public required IReadOnlyDictionary<string, ComponentTotals> Breakdown { get; init; }

    /// <summary>The accuracy objective: accuracy when labels exist, else agreement (mean over trials).</summary>
    public double ObjectiveAccuracy => (Accuracy ?? Agreement).Mean;
}

/// <summary>One component's share of a point's cost.</summary>
public sealed record ComponentTotals(double EnergyJ, double LatencyS, double AreaMm2);
