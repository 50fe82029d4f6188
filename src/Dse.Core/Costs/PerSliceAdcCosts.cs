using Dse.Devices;

namespace Dse.Costs;

/// <summary>
/// The cost model of a design split for a per-slice ADC search (docs/models.md, 'Per-slice ADC resolution'): the cost of any
/// assignment <c>b_1..b_S</c> is <c>shared(max_s b_s) + sum_s slice(b_s)</c>, where <c>slice(b)</c> is one bit slice's ADC bank
/// (its conversions and its share of the ADCs at b) and <c>shared(B)</c> everything else when the widest slice has B bits
/// (the step length, the digital datapath width and the latency all follow the widest code). Built from
/// <see cref="CostModel.Evaluate"/> of the homogeneous designs, so it holds no formula of its own.
/// </summary>
/// <param name="Resolutions">Candidate resolutions, bits, ascending, distinct. Length k.</param>
/// <param name="Slices">Bit slices per stored value S.</param>
/// <param name="SliceEnergyJ">ADC energy of one slice at each resolution, J per query search. Length k.</param>
/// <param name="SliceAreaM2">ADC area of one slice's bank at each resolution, m^2. Length k.</param>
/// <param name="SharedEnergyJ">Energy of every other component when the widest slice has each resolution, J per query search. Length k.</param>
/// <param name="SharedAreaM2">Area of every other component when the widest slice has each resolution, m^2. Length k.</param>
/// <param name="LatencyS">Latency of one query search when the widest slice has each resolution, s. Length k.</param>
public sealed record PerSliceAdcCosts(
    IReadOnlyList<int> Resolutions,
    int Slices,
    IReadOnlyList<double> SliceEnergyJ,
    IReadOnlyList<double> SliceAreaM2,
    IReadOnlyList<double> SharedEnergyJ,
    IReadOnlyList<double> SharedAreaM2,
    IReadOnlyList<double> LatencyS)
{
    /// <summary>
    /// Splits the cost of <paramref name="design"/> (its <see cref="CostDesign.AdcBits"/> and <see cref="CostDesign.AdcBitsPerSlice"/>
    /// ignored) at every resolution of <paramref name="resolutions"/>: for each B, the homogeneous design at B is evaluated; its
    /// <c>adc</c> component's energy and area divided by the slices give <see cref="SliceEnergyJ"/> and <see cref="SliceAreaM2"/>
    /// (every slice converts the same number of columns of the same mean conductance), the rest gives the shared terms, and its
    /// latency <see cref="LatencyS"/>.
    /// </summary>
    /// <param name="device">Device.</param>
    /// <param name="periphery">Periphery.</param>
    /// <param name="design">Base design.</param>
    /// <param name="resolutions">Candidate resolutions, bits; distinct, each from the ADC model's MinBits to the top of <see cref="AdcResolution.Bits"/>.</param>
    /// <exception cref="ArgumentException">When <paramref name="resolutions"/> is empty or has duplicates.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="CostModel.Evaluate"/>, for any resolution.</exception>
    public static PerSliceAdcCosts Build(DeviceModel device, PeripheryModel periphery, CostDesign design, IEnumerable<int> resolutions)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(resolutions);
        var bits = resolutions.Order().ToArray();
        if (bits.Length == 0 || bits.Distinct().Count() != bits.Length)
            throw new ArgumentException("Expected one or more distinct resolutions.", nameof(resolutions));
        int slices = design.SlicesPerValue;
        var homogeneous = bits.Select(b => CostModel.Evaluate(device, periphery, design with { AdcBits = b, AdcBitsPerSlice = null })).ToArray();
        var adc = homogeneous.Select(c => c.Components.Single(x => x.Name == "adc")).ToArray();
        return new PerSliceAdcCosts(bits, slices,
            adc.Select(a => a.EnergyJ / slices).ToArray(),
            adc.Select(a => a.AreaM2 / slices).ToArray(),
            homogeneous.Select(c => c.Components.Where(x => x.Name != "adc").Sum(x => x.EnergyJ)).ToArray(),
            homogeneous.Select(c => c.Components.Where(x => x.Name != "adc").Sum(x => x.AreaM2)).ToArray(),
            homogeneous.Select(c => c.LatencyS).ToArray());
    }

    /// <summary>Index of <paramref name="bits"/> in <see cref="Resolutions"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When it is not a candidate.</exception>
    public int IndexOf(int bits)
    {
        int j = Resolutions.ToList().IndexOf(bits);
        return j >= 0 ? j : throw new ArgumentOutOfRangeException(nameof(bits), bits, "Range: one of " + string.Join(", ", Resolutions) + ".");
    }

    /// <summary>Energy (J per query search), area (m^2) and latency (s) of <paramref name="assignment"/> from the split.</summary>
    /// <param name="assignment">One candidate resolution per slice, most significant first.</param>
    /// <exception cref="ArgumentException">When the slice count differs from <see cref="Slices"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a resolution is not a candidate.</exception>
    public (double EnergyJ, double AreaM2, double LatencyS) Of(AdcBitsPerSlice assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (assignment.Slices != Slices) throw new ArgumentException($"Expected {Slices} slices, found {assignment.Slices}.", nameof(assignment));
        int widest = IndexOf(assignment.MaxBits);
        double energy = SharedEnergyJ[widest], area = SharedAreaM2[widest];
        foreach (var b in assignment.Bits)
        {
            energy += SliceEnergyJ[IndexOf(b)];
            area += SliceAreaM2[IndexOf(b)];
        }
        return (energy, area, LatencyS[widest]);
    }
}
