using Dse.Devices;

namespace Dse.Crossbar.IrDrop;

/// <summary>
/// The wires of a Monte-Carlo job's crossbars: the periphery's parasitic resistances at a sweep's <c>wireResistanceScale</c> and each
/// crossbar's columns (the wordline length), so the engine can attenuate each cell by its position (<see cref="IrDropModel"/>).
/// </summary>
/// <param name="Model">The periphery file's <c>wires</c> block.</param>
/// <param name="Scale">Multiplier of every resistance of <paramref name="Model"/>; 0: ideal wires. Range: &gt;= 0, finite.</param>
/// <param name="ReadVoltageV">Vread, volts (the periphery file's <c>readVoltageV</c>). Range: &gt; 0.</param>
/// <param name="TileCols">Crossbar columns C of each entry of the job's <c>RowsList</c> (same length): data columns per wordline (a
/// tile's reference columns come on top). Range: every entry &gt;= 1.</param>
public sealed record CrossbarWires(WireModel Model, double Scale, double ReadVoltageV, IReadOnlyList<int> TileCols)
{
    /// <summary>True when every resistance is 0: the engine computes <c>Vread sum(active G)</c> exactly, as without wires.</summary>
    public bool IsIdeal => Scale == 0;

    /// <summary>The fast model of one device's tiles at the mean input density <paramref name="inputDensity"/>.</summary>
    /// <param name="device">The device (its kind and Ron set the access resistance, its cell area the wire pitch).</param>
    /// <param name="inputDensity">Mean fraction of 1 bits over the input bit-planes. Range: (0, 1].</param>
    /// <exception cref="ArgumentException">When a value is out of range (see <see cref="TileParasitics.For"/>, <see cref="IrDropModel"/>).</exception>
    public IrDropModel ModelFor(DeviceModel device, double inputDensity)
        => new(TileParasitics.For(Model, device, Scale), ReadVoltageV, inputDensity);
}
