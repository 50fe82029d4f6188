using Dse.Devices;

namespace Dse.Crossbar.IrDrop;

/// <summary>
/// The on-resistances of a read's wordline driver and bitline sense switch, and their widths relative to the periphery's fixed
/// gates (what the cost model scales the switch area and energy by).
/// </summary>
/// <param name="DriverOhm">Wordline driver output resistance, ohm.</param>
/// <param name="SenseOhm">Resistance between the bitline and the sense node's virtual ground as the bitline sees it, ohm (the
/// switch's, divided by the loop gain when the sense node is clamped).</param>
/// <param name="DriverWidthRatio">Driver width over the fixed driver's, &gt;= 1.</param>
/// <param name="SenseWidthRatio">Sense-switch width over the fixed switch's, &gt;= 1.</param>
public sealed record SwitchSizes(double DriverOhm, double SenseOhm, double DriverWidthRatio, double SenseWidthRatio)
{
    /// <summary>
    /// Sizes the switches of one read. <see cref="SwitchSizing.Fixed"/>: the wires' <c>driverOutputOhm</c> and <c>senseInputOhm</c>.
    /// <see cref="SwitchSizing.Load"/>: each gate's on-resistance at most <c>switchLoadTolerance / (n Gmax)</c>, n the cells it carries
    /// in one read (the driver: the bitlines that conduct, the selected ones with floating unselected bitlines, else every
    /// column; the sense switch: the rows driven), never above the fixed value: the rule NeuroSim V1.4 sizes its switch matrices and
    /// column multiplexers by (<c>resTg = resMemCellOn / n x IR_DROP_TOLERANCE</c>). A wider gate has proportionally lower
    /// resistance. A clamped sense node divides the sense resistance by <c>clampLoopGain</c>.
    /// </summary>
    /// <param name="wires">The periphery's wires (the fixed gates).</param>
    /// <param name="circuit">The periphery's read circuit.</param>
    /// <param name="device">The device (its Gmax).</param>
    /// <param name="read">The read's geometry.</param>
    /// <returns>The sizes, before any <c>wireResistanceScale</c>.</returns>
    public static SwitchSizes For(WireModel wires, ReadCircuitModel circuit, DeviceModel device, ReadGeometry read)
    {
        double driver = wires.DriverOutputOhm, sense = wires.SenseInputOhm;
        if (circuit.SwitchSizing == SwitchSizing.Load)
        {
            int conducting = circuit.UnselectedBitlines == UnselectedBitlines.Floating ? read.SelectedColumns : read.TileCols;
            driver = Math.Min(driver, circuit.SwitchLoadTolerance / (conducting * device.GMaxS));
            sense = Math.Min(sense, circuit.SwitchLoadTolerance / (read.RowsPerRead * device.GMaxS));
        }
        double driverRatio = driver > 0 ? wires.DriverOutputOhm / driver : 1, senseRatio = sense > 0 ? wires.SenseInputOhm / sense : 1;
        if (circuit.SenseNode == SenseNode.Clamped) sense /= circuit.ClampLoopGain;
        return new SwitchSizes(driver, sense, driverRatio, senseRatio);
    }
}
