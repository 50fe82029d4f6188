using Dse.Costs;
using Dse.Devices;

namespace Dse.Pareto;

/// <summary>
/// One base design's per-slice ADC assignment problem (docs/models.md, 'Per-slice ADC resolution'): S bit slices, k candidate
/// resolutions, a separable error surrogate <c>e[s, j] &gt;= 0</c> and the cost split of <see cref="PerSliceAdcCosts"/>. An
/// assignment picks one resolution index <c>j_s</c> per slice; its error is <c>sum_s e[s, j_s]</c>, its energy
/// <c>sharedEnergy[max_s j_s] + sum_s sliceEnergy[s, j_s]</c>, its area likewise, its latency <c>latency[max_s j_s]</c>.
/// Slice 0 is the most significant. Immutable (the arrays are copied).
/// </summary>
public sealed class PerSliceAdcProblem
{
    private readonly double[,] error, sliceEnergyJ, sliceAreaM2;
    private readonly double[] sharedEnergyJ, sharedAreaM2, latencyS;
    private readonly int[] resolutions;

    /// <summary>Builds and checks the problem.</summary>
    /// <param name="resolutions">Candidate resolutions, bits, strictly ascending, each in <see cref="AdcResolution.Bits"/>. Length k &gt;= 1.</param>
    /// <param name="error">Error contribution of slice s at resolution j, any unit (the surrogate's), shape [S, k], finite and &gt;= 0.</param>
    /// <param name="sliceEnergyJ">ADC energy of slice s at resolution j, J per query search, shape [S, k], finite and &gt;= 0.</param>
    /// <param name="sliceAreaM2">ADC area of slice s at resolution j, m^2, shape [S, k], finite and &gt;= 0.</param>
    /// <param name="sharedEnergyJ">Energy of the rest of the design when the widest slice has resolution j, J, length k, finite and &gt;= 0.</param>
    /// <param name="sharedAreaM2">Area of the rest of the design when the widest slice has resolution j, m^2, length k, finite and &gt;= 0.</param>
    /// <param name="latencyS">Latency of one query search when the widest slice has resolution j, s, length k, finite and &gt;= 0.</param>
    /// <exception cref="ArgumentException">When a shape, order or range above is violated.</exception>
    public PerSliceAdcProblem(IReadOnlyList<int> resolutions, double[,] error, double[,] sliceEnergyJ, double[,] sliceAreaM2,
        IReadOnlyList<double> sharedEnergyJ, IReadOnlyList<double> sharedAreaM2, IReadOnlyList<double> latencyS)
    {
        ArgumentNullException.ThrowIfNull(resolutions);
        int k = resolutions.Count, slices = error.GetLength(0);
        if (k == 0 || slices == 0) throw new ArgumentException("Expected at least one slice and one resolution.", nameof(error));
        for (int j = 0; j < k; j++)
            if (!AdcResolution.Bits.Contains(resolutions[j]) || (j > 0 && resolutions[j] <= resolutions[j - 1]))
                throw new ArgumentException($"Resolutions must be strictly ascending, each in {AdcResolution.Bits}; found {string.Join(", ", resolutions)}.", nameof(resolutions));
        this.resolutions = [.. resolutions];
        this.error = Table(error, nameof(error));
        this.sliceEnergyJ = Table(sliceEnergyJ, nameof(sliceEnergyJ));
        this.sliceAreaM2 = Table(sliceAreaM2, nameof(sliceAreaM2));
        this.sharedEnergyJ = Row(sharedEnergyJ, nameof(sharedEnergyJ));
        this.sharedAreaM2 = Row(sharedAreaM2, nameof(sharedAreaM2));
        this.latencyS = Row(latencyS, nameof(latencyS));

        double[,] Table(double[,] t, string name)
        {
            ArgumentNullException.ThrowIfNull(t, name);
            if (t.GetLength(0) != slices || t.GetLength(1) != k)
                throw new ArgumentException($"Expected shape [{slices}, {k}] (slices, resolutions); found [{t.GetLength(0)}, {t.GetLength(1)}].", name);
            foreach (var v in t) Check(v, name);
            return (double[,])t.Clone();
        }

        double[] Row(IReadOnlyList<double> r, string name)
        {
            ArgumentNullException.ThrowIfNull(r, name);
            if (r.Count != k) throw new ArgumentException($"Expected {k} values (one per resolution); found {r.Count}.", name);
            foreach (var v in r) Check(v, name);
            return [.. r];
        }

        static void Check(double v, string name)
        {
            if (!double.IsFinite(v) || v < 0) throw new ArgumentException($"Every value must be finite and >= 0; found {v:R}.", name);
        }
    }

    /// <summary>
    /// The problem of one base design: the cost split <paramref name="costs"/> (every slice's ADC bank costs the same at a
    /// resolution) and the surrogate <paramref name="error"/>, shape [costs.Slices, costs.Resolutions.Count].
    /// </summary>
    /// <exception cref="ArgumentException">As the constructor.</exception>
    public static PerSliceAdcProblem FromCosts(PerSliceAdcCosts costs, double[,] error)
    {
        ArgumentNullException.ThrowIfNull(costs);
        int k = costs.Resolutions.Count;
        var energy = new double[costs.Slices, k];
        var area = new double[costs.Slices, k];
        for (int s = 0; s < costs.Slices; s++)
            for (int j = 0; j < k; j++) (energy[s, j], area[s, j]) = (costs.SliceEnergyJ[j], costs.SliceAreaM2[j]);
        return new PerSliceAdcProblem(costs.Resolutions, error, energy, area, costs.SharedEnergyJ, costs.SharedAreaM2, costs.LatencyS);
    }

    /// <summary>Bit slices S.</summary>
    public int Slices => error.GetLength(0);

    /// <summary>Candidate resolutions, bits, ascending.</summary>
    public IReadOnlyList<int> Resolutions => resolutions;

    /// <summary>Error contribution of slice <paramref name="s"/> at resolution index <paramref name="j"/>.</summary>
    public double Error(int s, int j) => error[s, j];

    /// <summary>ADC energy (J) or area (m^2) of slice <paramref name="s"/> at resolution index <paramref name="j"/>.</summary>
    public double SliceCost(PerSliceObjective objective, int s, int j) => objective == PerSliceObjective.Energy ? sliceEnergyJ[s, j] : sliceAreaM2[s, j];

    /// <summary>Energy (J) or area (m^2) of the rest of the design when the widest slice has resolution index <paramref name="j"/>.</summary>
    public double SharedCost(PerSliceObjective objective, int j) => objective == PerSliceObjective.Energy ? sharedEnergyJ[j] : sharedAreaM2[j];

    /// <summary>Latency of one query search, s, when the widest slice has resolution index <paramref name="j"/>.</summary>
    public double LatencyS(int j) => latencyS[j];

    /// <summary>Error, energy, area and latency of the assignment of resolution indices <paramref name="choice"/> (slice 0 first).</summary>
    /// <param name="choice">One index into <see cref="Resolutions"/> per slice.</param>
    /// <exception cref="ArgumentException">When the length is not <see cref="Slices"/> or an index is out of range.</exception>
    public PerSliceAdcPoint Evaluate(IReadOnlyList<int> choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (choice.Count != Slices || choice.Any(j => j < 0 || j >= resolutions.Length))
            throw new ArgumentException($"Expected {Slices} indices in 0..{resolutions.Length - 1}; found {string.Join(", ", choice)}.", nameof(choice));
        int widest = choice.Max();
        double e = 0, energy = sharedEnergyJ[widest], area = sharedAreaM2[widest];
        for (int s = 0; s < Slices; s++)
        {
            e += error[s, choice[s]];
            energy += sliceEnergyJ[s, choice[s]];
            area += sliceAreaM2[s, choice[s]];
        }
        return new PerSliceAdcPoint(AdcBitsPerSlice.Of(choice.Select(j => resolutions[j])), e, energy, area, latencyS[widest]);
    }
}

/// <summary>What a per-slice ADC search minimises.</summary>
public enum PerSliceObjective
{
    /// <summary>Energy per query search, J.</summary>
    Energy,

    /// <summary>Area, m^2.</summary>
    Area,
}

/// <summary>One assignment with its surrogate error and costs.</summary>
/// <param name="Assignment">Resolution per slice, most significant first.</param>
/// <param name="Error">Summed surrogate error <c>sum_s e[s, b_s]</c> (the surrogate's unit).</param>
/// <param name="EnergyJ">Energy per query search, J.</param>
/// <param name="AreaM2">Area, m^2.</param>
/// <param name="LatencyS">Latency of one query search, s.</param>
public sealed record PerSliceAdcPoint(AdcBitsPerSlice Assignment, double Error, double EnergyJ, double AreaM2, double LatencyS)
{
    /// <summary>The minimised quantity: <see cref="EnergyJ"/> or <see cref="AreaM2"/>.</summary>
    public double Cost(PerSliceObjective objective) => objective == PerSliceObjective.Energy ? EnergyJ : AreaM2;
}
