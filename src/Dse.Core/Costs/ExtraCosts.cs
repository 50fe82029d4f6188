using Dse.Devices;

namespace Dse.Costs;

/// <summary>Cost of writing one OVT into the arrays (a store update) and the endurance it uses.</summary>
/// <param name="WriteEnergyJ">Energy to program every cell of one OVT, joules.</param>
/// <param name="WriteLatencyS">Time to program one OVT, seconds.</param>
/// <param name="WritesBeforeWearOut">Updates of one OVT the device endurance allows (= the device's endurance cycles: each update writes every cell once).</param>
/// <param name="CellsPerOvt">Cells programmed per OVT.</param>
public sealed record StoreUpdateCost(double WriteEnergyJ, double WriteLatencyS, double WritesBeforeWearOut, double CellsPerOvt)
{
    /// <summary>
    /// Cost of writing one OVT of <paramref name="design"/> on <paramref name="device"/>: energy
    /// <c>cellsPerOvt x pulses x energyPerCellJ</c> with <c>pulses = max(1, verifyIterations)</c>; latency
    /// <c>min(Dim, Rows) x (pulses x pulseS + verifyIterations x readPulseS)</c> (one wordline per pulse, all its columns and
    /// all crossbars in parallel, each iteration verified by one read pulse; the verify reads' energy is not counted);
    /// writes before wear-out = <c>enduranceCycles</c>.
    /// </summary>
    /// <param name="device">Device with its <see cref="DeviceModel.Write"/> block.</param>
    /// <param name="periphery">Periphery (read pulse of the verify step).</param>
    /// <param name="design">Design (cells per OVT, rows).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="design"/> fails <see cref="CostDesign.Validate"/>.</exception>
    public static StoreUpdateCost Evaluate(DeviceModel device, PeripheryModel periphery, CostDesign design)
    {
        design.Validate();
        var w = device.Write;
        double cells = design.CellsPerOvt;
        return new StoreUpdateCost(
            cells * w.PulsesPerWrite * w.EnergyPerCellJ,
            Math.Min(design.Dim, design.Rows) * (w.PulsesPerWrite * w.PulseS + w.VerifyIterations * periphery.ReadPulseS),
            w.EnduranceCycles,
            cells);
    }
}

/// <summary>The same search on the CPU+DRAM baseline, and the design's speed-up and energy ratio against it.</summary>
/// <param name="Bytes">Bytes read from DRAM per search.</param>
/// <param name="Flops">Floating-point operations per search.</param>
/// <param name="EnergyJ">Baseline energy per search, joules.</param>
/// <param name="LatencyS">Baseline latency per search, seconds.</param>
/// <param name="Threads">Threads the faster option uses (1, or the baseline's thread count).</param>
public sealed record BaselineCost(double Bytes, double Flops, double EnergyJ, double LatencyS, int Threads)
{
    /// <summary>
    /// Costs one query search on <paramref name="baseline"/> as software would run it. Every stored value is read from a
    /// cold store once per search at the design's weight bits (<c>bytes = StoredVectors x Dim x WeightBits / 8</c>);
    /// <c>flops = 2 x InputVectorsPerQuery x StoredVectors x Dim</c> (the MMMs) + <c>ScoreOpsPerQuery</c>. Compute time is the
    /// faster of one thread (<c>flops / singleThreadFlopsPerS</c>) and the thread pool
    /// (<c>threadForkJoinS + flops / multiThreadFlopsPerS</c>). Latency
    /// <c>perSearchOverheadS + dramFirstAccessLatencyS + max(bytes / bandwidth, compute)</c>;
    /// energy <c>8 bytes x dramEnergyJPerBit + flops x cpuEnergyJPerFlop</c>.
    /// </summary>
    /// <param name="baseline">The CPU+DRAM model.</param>
    /// <param name="design">The search (same mapping as on the arrays).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="design"/> fails <see cref="CostDesign.Validate"/>.</exception>
    public static BaselineCost Evaluate(CpuBaselineModel baseline, CostDesign design)
    {
        design.Validate();
        double bytes = (double)design.StoredVectors * design.Dim * design.WeightBits / 8;
        double flops = 2.0 * design.InputVectorsPerQuery * design.StoredVectors * design.Dim + design.ScoreOpsPerQuery;
        double single = flops / baseline.SingleThreadFlopsPerS;
        double multi = baseline.ThreadForkJoinS + flops / baseline.MultiThreadFlopsPerS;
        bool useMulti = baseline.Threads > 1 && multi < single;
        double compute = useMulti ? multi : single;
        return new BaselineCost(bytes, flops,
            bytes * 8 * baseline.DramEnergyJPerBit + flops * baseline.CpuEnergyJPerFlop,
            baseline.PerSearchOverheadS + baseline.DramFirstAccessLatencyS + Math.Max(bytes / baseline.DramBandwidthBytesPerS, compute),
            useMulti ? baseline.Threads : 1);
    }

    /// <summary>Baseline latency / design latency (&gt; 1: the arrays are faster).</summary>
    public double SpeedupOver(CostBreakdown design) => LatencyS / design.LatencyS;

    /// <summary>Baseline energy / design energy (&gt; 1: the arrays use less energy).</summary>
    public double EnergyRatioOver(CostBreakdown design) => EnergyJ / design.EnergyJ;
}
