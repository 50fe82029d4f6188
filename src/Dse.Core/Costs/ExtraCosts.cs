using Dse.Crossbar;
using Dse.Devices;

namespace Dse.Costs;

/// <summary>Cost of writing one OVT into the arrays (a store update) and the endurance it uses.</summary>
/// <param name="WriteEnergyJ">Energy to program every cell of one OVT, joules.</param>
/// <param name="WriteLatencyS">Time to program one OVT, seconds.</param>
/// <param name="WritesBeforeWearOut">Updates of one OVT the device endurance allows (= the device's endurance cycles: each update writes every cell once).</param>
/// <param name="CellsPerOvt">Cells programmed per OVT.</param>
/// <param name="MaxPulsesPerCell">Write pulses the most-pulsed cell of an OVT takes per update (the verified slices' cells).</param>
public sealed record StoreUpdateCost(double WriteEnergyJ, double WriteLatencyS, double WritesBeforeWearOut, double CellsPerOvt, int MaxPulsesPerCell)
{
    /// <summary>
    /// Cost of writing one OVT of <paramref name="design"/> on <paramref name="device"/>. Bit slice s of every value takes
    /// <c>k_s</c> program-and-verify iterations: the device file's <c>verifyIterations</c> on every slice without a policy, else
    /// <paramref name="writeVerify"/>'s (<see cref="WriteVerify.IterationsOf"/>); a slice takes <c>pulses_s = max(1, k_s)</c> pulses.
    /// Energy <c>(cellsPerOvt / slices) x sum_s pulses_s x energyPerCellJ</c> (every verified cell charged all k pulses: an upper
    /// bound, cells inside tolerance stop early); latency <c>min(Dim, Rows) x (max_s pulses_s x pulseS + max_s k_s x readPulseS)</c>
    /// (one wordline per pulse, all its columns, slices included, and all crossbars in parallel, so a row waits for its most-verified
    /// slice; each iteration verified by one read pulse whose energy is not counted); writes before wear-out = <c>enduranceCycles</c>.
    /// </summary>
    /// <param name="device">Device with its <see cref="DeviceModel.Write"/> block.</param>
    /// <param name="periphery">Periphery (read pulse of the verify step).</param>
    /// <param name="design">Design (cells per OVT, rows, slices per value).</param>
    /// <param name="writeVerify">The sweep's write-verify policy; null: the device file's <c>verifyIterations</c> on every cell.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="design"/> fails <see cref="CostDesign.Validate"/>.</exception>
    public static StoreUpdateCost Evaluate(DeviceModel device, PeripheryModel periphery, CostDesign design, WriteVerify? writeVerify = null)
    {
        design.Validate();
        var w = device.Write;
        double cells = design.CellsPerOvt;
        int slices = design.SlicesPerValue;
        var iterations = Enumerable.Range(0, slices).Select(s => writeVerify?.IterationsOf(s, slices) ?? w.VerifyIterations).ToArray();
        int maxIterations = iterations.Max(), maxPulses = Math.Max(1, maxIterations);
        double pulsesPerValue = iterations.Sum(k => (double)Math.Max(1, k));
        return new StoreUpdateCost(
            // Without a policy every slice takes the same pulses: the product in the order earlier runs hold, bit for bit.
            writeVerify is null ? cells * w.PulsesPerWrite * w.EnergyPerCellJ : cells / slices * pulsesPerValue * w.EnergyPerCellJ,
            Math.Min(design.Dim, design.Rows) * (maxPulses * w.PulseS + maxIterations * periphery.ReadPulseS),
            w.EnduranceCycles,
            cells,
            maxPulses);
    }
}

/// <summary>
/// The store under continuous prompt tuning (docs/models.md, 'Lifetime'): every stored OVT rewritten <c>updatesPerDay</c> times a
/// day, each update changing a fraction <c>updateFraction</c> of its values (sparse updates rewrite only the changed values' cells).
/// </summary>
/// <param name="WriteEnergyPerDayJ">Write energy of the whole store per day, joules.</param>
/// <param name="LifetimeYears">Years until the most-written cells reach the device's endurance.</param>
/// <param name="AmortisedEnergyPerQueryJ">Search energy plus the day's write energy shared over the day's queries, joules; null without a query rate.</param>
public sealed record StoreLifetime(double WriteEnergyPerDayJ, double LifetimeYears, double? AmortisedEnergyPerQueryJ)
{
    /// <summary>Days per year (Julian year), the unit of <see cref="LifetimeYears"/>.</summary>
    public const double DaysPerYear = 365.25;

    /// <summary>
    /// Write energy per day <c>N_ovt x updatesPerDay x updateFraction x WriteEnergyJ</c>; lifetime
    /// <c>enduranceCycles / (updatesPerDay x updateFraction x MaxPulsesPerCell) / 365.25</c> years, which assumes (i) every write pulse
    /// costs one endurance cycle (conservative: verify pulses are often weaker than a full set/reset) and (ii) the changed values are
    /// spread evenly over the OVT's cells over time (the sparse updates touch different values, or a wear-levelling remap rotates them);
    /// when the same values change at every update the lifetime is that of <c>updateFraction = 1</c>. Amortised energy per query
    /// <c>searchEnergyJ + writeEnergyPerDay / queriesPerDay</c>.
    /// </summary>
    /// <param name="write">The cost of one OVT update (<see cref="StoreUpdateCost.Evaluate"/>).</param>
    /// <param name="device">The device (endurance cycles).</param>
    /// <param name="ovtCount">Stored OVTs, one per domain. Range: &gt;= 1.</param>
    /// <param name="updatesPerDay">Rewrites of each OVT per day. Range: &gt; 0.</param>
    /// <param name="updateFraction">Fraction of an OVT's values changed per update. Range: (0, 1].</param>
    /// <param name="queriesPerDay">Query searches per day; null: no amortised figure. Range: &gt; 0.</param>
    /// <param name="searchEnergyJ">Energy of one query search, joules.</param>
    /// <exception cref="ArgumentOutOfRangeException">When a rate or the fraction is outside its range.</exception>
    public static StoreLifetime Evaluate(StoreUpdateCost write, DeviceModel device, int ovtCount, double updatesPerDay, double updateFraction,
        double? queriesPerDay, double searchEnergyJ)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ovtCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(updatesPerDay);
        if (!(updateFraction > 0 && updateFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(updateFraction), updateFraction, "Range: (0, 1].");
        if (queriesPerDay is double q) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(q, nameof(queriesPerDay));
        double perDayJ = ovtCount * updatesPerDay * updateFraction * write.WriteEnergyJ;
        double cyclesPerDay = updatesPerDay * updateFraction * write.MaxPulsesPerCell;
        return new StoreLifetime(perDayJ, device.Write.EnduranceCycles / cyclesPerDay / DaysPerYear,
            queriesPerDay is double rate ? searchEnergyJ + perDayJ / rate : null);
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
