using Dse.Devices;

namespace Dse.Crossbar.IrDrop;

/// <summary>
/// The parasitic resistances of one crossbar tile of one device, in ohms: what the exact solver
/// (<see cref="ExactTileSolver"/>) and the fast model (<see cref="IrDropModel"/>) need.
/// </summary>
/// <remarks>
/// Circuit: row i's driver, at the left end of its wordline, holds Vread (input bit 1) behind
/// <see cref="DriverOhm"/>, then one <see cref="WordlineSegmentOhm"/> to the first cell and one between neighbouring cells.
/// A cell is its conductance G in series with <see cref="AccessOhm"/>. Column j's bitline runs from row 0 down to row R-1,
/// one <see cref="BitlineSegmentOhm"/> between neighbouring cells and one after the last, then <see cref="SenseOhm"/> into the
/// sense amplifier's virtual ground (0 V); the partial sum is the current into that ground. An input bit 0 turns the
/// row's select device off, so the row's cells carry no current (every shipped device kind has a select transistor or
/// is one).
/// </remarks>
/// <param name="WordlineSegmentOhm">Wordline wire resistance per cell pitch, ohm. Range: &gt;= 0.</param>
/// <param name="BitlineSegmentOhm">Bitline wire resistance per cell pitch, ohm. Range: &gt;= 0.</param>
/// <param name="DriverOhm">Wordline driver output resistance, ohm. Range: &gt;= 0.</param>
/// <param name="SenseOhm">Sense node input resistance, ohm. Range: &gt;= 0.</param>
/// <param name="AccessOhm">Access-transistor on-resistance in series with every cell, ohm. Range: &gt;= 0.</param>
public sealed record TileParasitics(double WordlineSegmentOhm, double BitlineSegmentOhm, double DriverOhm, double SenseOhm, double AccessOhm)
{
    /// <summary>True when every resistance is 0: the tile computes <c>Vread sum(active G)</c> exactly.</summary>
    public bool IsIdeal => WordlineSegmentOhm == 0 && BitlineSegmentOhm == 0 && DriverOhm == 0 && SenseOhm == 0 && AccessOhm == 0;

    /// <summary>True when the wire, driver and sense resistances are all &gt; 0 (what the network solvers need) or all 0.</summary>
    internal bool WiresAllPositiveOrAllZero =>
        (WordlineSegmentOhm > 0 && BitlineSegmentOhm > 0 && DriverOhm > 0 && SenseOhm > 0)
        || (WordlineSegmentOhm == 0 && BitlineSegmentOhm == 0 && DriverOhm == 0 && SenseOhm == 0);

    /// <summary>The parasitics of <paramref name="device"/>'s tiles under <paramref name="wires"/>, every resistance times <paramref name="scale"/>.</summary>
    /// <param name="wires">The periphery file's <c>wires</c> block.</param>
    /// <param name="device">The device: its cell area scales the wire pitch, its kind and Ron (<c>1 / GMaxS</c>) set the access resistance.</param>
    /// <param name="scale">The sweep's <c>wireResistanceScale</c>: multiplies every resistance; 0 = ideal wires (today's engine). Range: &gt;= 0.</param>
    /// <returns>Wire segments scaled by <c>sqrt(cellAreaF2 / referenceCellAreaF2)</c>, access <c>ratio[kind] / GMaxS</c>, all times scale.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="scale"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException">When the wire model has no access ratio for the device's kind.</exception>
    public static TileParasitics For(WireModel wires, DeviceModel device, double scale)
        => For(wires, device, scale, new SwitchSizes(wires.DriverOutputOhm, wires.SenseInputOhm, 1, 1));

    /// <summary>The parasitics of <paramref name="device"/>'s tiles under <paramref name="wires"/> with the driver and sense
    /// resistances of <paramref name="switches"/>, every resistance times <paramref name="scale"/>.</summary>
    /// <param name="wires">The periphery file's <c>wires</c> block.</param>
    /// <param name="device">The device: its cell area scales the wire pitch, its kind and Ron (<c>1 / GMaxS</c>) set the access resistance.</param>
    /// <param name="scale">The sweep's <c>wireResistanceScale</c>. Range: &gt;= 0.</param>
    /// <param name="switches">The read's switch sizes (<see cref="SwitchSizes.For"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="scale"/> is negative or not finite.</exception>
    /// <exception cref="ArgumentException">When the wire model has no access ratio for the device's kind.</exception>
    public static TileParasitics For(WireModel wires, DeviceModel device, double scale, SwitchSizes switches)
    {
        if (!(scale >= 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Range: 0 <= scale < infinity.");
        if (!wires.AccessOnResistanceRatio.TryGetValue(device.Kind, out double ratio))
            throw new ArgumentException($"The wire model has no access ratio for device kind '{device.Kind}'.", nameof(wires));
        double pitch = Math.Sqrt(device.CellAreaF2 / wires.ReferenceCellAreaF2);
        return new TileParasitics(
            scale * wires.WordlineOhmPerCell * pitch,
            scale * wires.BitlineOhmPerCell * pitch,
            scale * switches.DriverOhm,
            scale * switches.SenseOhm,
            scale * ratio / device.GMaxS);
    }

    /// <summary>Conductance of one cell with the access transistor in series: <c>G / (1 + G AccessOhm)</c>, siemens.</summary>
    /// <param name="gS">Cell conductance G in siemens, &gt;= 0.</param>
    public double CellConductanceS(double gS) => gS / (1 + gS * AccessOhm);
}
