using Dse.Devices;

namespace Dse.Crossbar.IrDrop;

/// <summary>
/// The wires and read circuit of a Monte-Carlo job's crossbars: the periphery's parasitic resistances at a sweep's
/// <c>wireResistanceScale</c>, how an array is read, and each job entry's read geometry (subarray size, rows per read, columns per
/// ADC), so the engine can attenuate each cell by its position in the read that senses it (<see cref="IrDropModel"/>).
/// </summary>
/// <param name="Model">The periphery file's <c>wires</c> block.</param>
/// <param name="Scale">Multiplier of every resistance of <paramref name="Model"/>; 0: ideal wires. Range: &gt;= 0, finite.</param>
/// <param name="ReadVoltageV">Vread, volts (the periphery file's <c>readVoltageV</c>). Range: &gt; 0.</param>
/// <param name="Reads">The read geometry of each entry of the job's <c>RowsList</c> (same length; <c>RowsPerRead</c> equal to the
/// entry): the subarray's rows and data columns (a tile's reference columns come on top), rows per read and columns per ADC.</param>
public sealed record CrossbarWires(WireModel Model, double Scale, double ReadVoltageV, IReadOnlyList<ReadGeometry> Reads)
{
    /// <summary>How the arrays are read (unselected bitlines, switch sizing, sense node); default the whole array at once with
    /// fixed switches (<see cref="ReadCircuitModel.WholeArray"/>).</summary>
    public ReadCircuitModel Circuit { get; init; } = ReadCircuitModel.WholeArray;

    /// <summary>True when every resistance is 0: the engine computes <c>Vread sum(active G)</c> exactly, as without wires.</summary>
    public bool IsIdeal => Scale == 0;

    /// <summary>The fast model of one device's tiles at the mean input density <paramref name="inputDensity"/>, with the fixed switches
    /// (what the access transistor and the ideal-wire check need; the attenuation of a read comes from <see cref="ModelFor(DeviceModel, double, ReadGeometry)"/>).</summary>
    /// <param name="device">The device (its kind and Ron set the access resistance, its cell area the wire pitch).</param>
    /// <param name="inputDensity">Mean fraction of 1 bits over the input bit-planes. Range: (0, 1].</param>
    /// <exception cref="ArgumentException">When a value is out of range (see <see cref="TileParasitics.For(WireModel, DeviceModel, double)"/>, <see cref="IrDropModel"/>).</exception>
    public IrDropModel ModelFor(DeviceModel device, double inputDensity)
        => new(TileParasitics.For(Model, device, Scale), ReadVoltageV, inputDensity);

    /// <summary>The fast model of one read of <paramref name="device"/>'s tiles: its switches sized by <see cref="Circuit"/> for
    /// <paramref name="read"/> (<see cref="SwitchSizes.For"/>).</summary>
    /// <param name="device">The device.</param>
    /// <param name="inputDensity">Mean fraction of 1 bits over the input bit-planes. Range: (0, 1].</param>
    /// <param name="read">The read's geometry.</param>
    /// <exception cref="ArgumentException">When a value is out of range.</exception>
    public IrDropModel ModelFor(DeviceModel device, double inputDensity, ReadGeometry read)
        => new(TileParasitics.For(Model, device, Scale, SwitchSizes.For(Model, Circuit, device, read)), ReadVoltageV, inputDensity);
}
