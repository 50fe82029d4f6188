using Dse.Costs;
using Dse.Devices;
using Dse.Exploration.Axes;

namespace Dse.Exploration;

/// <summary>
/// The cheap check before any Monte Carlo (as Timeloop checks a mapping before evaluating it): the reason a design point
/// cannot be realised, or null. Skipped points are counted and explained in the run summary, never dropped silently.
/// </summary>
public static class Feasibility
{
    /// <summary>The reason <paramref name="point"/> cannot be realised, or null.</summary>
    /// <param name="point">The design point.</param>
    /// <param name="maxNativeTokens">Largest native token count of the stored OVTs.</param>
    /// <param name="storeSize">OVTs in the workload's store.</param>
    /// <param name="periphery">The periphery (ADC models and their fitted resolutions).</param>
    public static string? Reason(DesignPoint point, int maxNativeTokens, int storeSize, PeripheryModel periphery)
    {
        if (point.StoredPrompts is int stored && stored > storeSize)
            return $"storedPrompts {stored} exceeds the workload's {storeSize} OVTs";
        if (point.CellBits > point.Device.MaxBitsPerCell)
            return $"cellBits {point.CellBits} exceeds {point.Device.Name}'s maximum of {point.Device.MaxBitsPerCell} bits per cell ({point.Device.Levels} levels)";
        if (point.VirtualTokens is int n && n > maxNativeTokens)
            return $"virtualTokens {n} exceeds every stored OVT's native token count (at most {maxNativeTokens})";
        if (point.RowsPerRead is int rowsPerRead && rowsPerRead > point.Rows)
            return $"rowsPerRead {rowsPerRead} exceeds the crossbar's {point.Rows} rows";
        if (point.RowsPerRead is int group && point.Rows % group != 0)
            return $"rowsPerRead {group} does not divide the crossbar's {point.Rows} rows into equal groups";
        if (point.ColsPerAdc > point.Cols)
            return $"colsPerAdc {point.ColsPerAdc} exceeds the crossbar's {point.Cols} columns";
        if (point.WriteVerify is { Iterations: > 0 } verify && point.Device.Write.Verify is null)
            return $"writeVerify \"{verify}\" needs a write.verify model, and device {point.Device.Name} has none";
        int minBits = AdcModels.Create(point.AdcModel, periphery).MinBits;
        if (point.AdcBits < minBits)
            return $"adcBits {point.AdcBits} is below the {point.AdcModel} ADC model's lowest fitted resolution of {minBits} bits";
        return null;
    }

    /// <summary>
    /// The devices whose cells the sweep's wires cannot carry: for every device and non-zero <c>wireResistanceScale</c>, the IR-drop
    /// model's mean-field solve of the sweep's largest crossbar (most rows, most columns) with every cell at <c>gMaxS</c> and every row
    /// driven, the hardest case it meets, must converge. It does within tens of iterations for real devices; it stops converging only
    /// for cells of order a siemens (a unit slip such as gMaxS = 10 for 10 uS), where the wires and drivers, not the cells, would set
    /// every current.
    /// </summary>
    /// <param name="spec">The sweep (for the error's file and line).</param>
    /// <param name="space">The resolved design space.</param>
    /// <param name="devices">The sweep's devices.</param>
    /// <param name="periphery">The periphery: its <c>wires</c> and Vread.</param>
    /// <returns>One error per device that fails, naming its file, the line of its <c>gMaxS</c> and the likely unit slip
    /// (<see cref="TypicalRanges.Outside"/>); empty when the wires are ideal or absent.</returns>
    public static IReadOnlyList<Diagnostics.InputError> WireErrors(SweepSpec spec, DesignSpace space, IEnumerable<DeviceModel> devices, PeripheryModel periphery)
    {
        var errors = new List<Diagnostics.InputError>();
        var scales = space.Values(DesignAxes.WireResistanceScale).Where(s => s > 0).ToArray();
        if (periphery.Wires is not { } wires || scales.Length == 0) return errors;
        var crossbars = space.Values(DesignAxes.Crossbar);
        int rows = crossbars.Max(c => c.Rows), cols = crossbars.Max(c => c.Cols);
        foreach (var device in devices)
            foreach (double scale in scales)
            {
                var model = new Dse.Crossbar.IrDrop.CrossbarWires(wires, scale, periphery.ReadVoltageV, [Dse.Crossbar.IrDrop.ReadGeometry.WholeTile(rows, cols)]).ModelFor(device, 1.0);
                try { model.TileAttenuation(Enumerable.Repeat(device.GMaxS, rows * cols).ToArray(), rows, cols, new double[rows * cols]); }
                catch (InvalidOperationException)
                {
                    var inv = System.Globalization.CultureInfo.InvariantCulture;
                    var map = Diagnostics.JsonSourceMap.Parse(device.SourceFile, Diagnostics.InputFile.ReadAllText(device.SourceFile, "device file"), out _);
                    errors.Add(new Diagnostics.InputError(device.SourceFile, "$.gMaxS", map.NearestLineOf("$.gMaxS"),
                        $"a cell conductance the crossbar wires can carry (at wireResistanceScale {scale.ToString("G4", inv)} the IR-drop solve of a " +
                        $"{rows}x{cols} crossbar of gMaxS cells does not converge)",
                        TypicalRanges.Outside(ModelFileKind.Device, "gMaxS", device.GMaxS) is { } slip
                            ? $"a likely unit slip: {slip}"
                            : $"gMaxS = {device.GMaxS.ToString("G4", inv)} S, in its typical range (check its unit and the periphery's wires)"));
                    break;
                }
            }
        return errors;
    }
}
