using Dse.Costs;
using Dse.Crossbar;
using Dse.Crossbar.IrDrop;
using Dse.Devices;
using Dse.Exploration.Axes;
using Dse.Search;

namespace Dse.Exploration;

/// <summary>One design point of a sweep: a device model and a value on every axis.</summary>
/// <param name="Device">The device model named by the point's device axis value.</param>
/// <param name="Coordinates">The point's value on every axis (<see cref="DesignAxes"/>).</param>
public sealed record DesignPoint(DeviceModel Device, AxisValues Coordinates) : IHasCoordinates
{
    /// <summary>Stable key (see <see cref="AxisValues.Key"/>): drives seeds, resume, shards and CSV rows.</summary>
    public string Key => Coordinates.Key;

    /// <summary>
    /// The accuracy-relevant settings of this point: its value on every axis that changes the Monte Carlo
    /// (<see cref="Axis.ChangesMonteCarlo"/>) and its ADC model's comparator non-idealities in <paramref name="periphery"/> (a
    /// cost-only axis, but the comparator offset and noise of the model shape the conversions). Points with equal classes get
    /// identical accuracy statistics (the screen before the Monte Carlo, racing).
    /// </summary>
    public string AccuracyClass(PeripheryModel periphery)
    {
        var tokens = DesignAxes.KeyOrder.Where(a => a.ChangesMonteCarlo).Select(a => a.KeyToken(Coordinates[a]));
        return string.Join('/', tokens) + "/" + periphery.AdcNonidealityOf(this.AdcModel);
    }

    /// <summary>
    /// The cost model's description of this point on a store described by <paramref name="inputs"/>, every bit slice at the point's
    /// ADC bits: the one place a design point becomes a <see cref="CostDesign"/> (sweeps, searches and <c>dse cost</c>).
    /// </summary>
    /// <param name="inputs">The mapped store's layout and statistics.</param>
    /// <param name="referenceColumnSpan">Columns per array sharing one dummy reference column (with <c>adcReference: referenceColumn</c>;
    /// a sweep's is the gcd of its column counts). Range: &gt;= 1.</param>
    /// <param name="periphery">The periphery: its read circuit sizes the switches of the point's read (<see cref="SwitchSizes.For"/>;
    /// none without <c>wires</c>).</param>
    public CostDesign ToCostDesign(CostInputs inputs, int referenceColumnSpan, PeripheryModel periphery)
    {
        var problem = inputs.Problem;
        double meanInputs = problem.InputCount / (double)problem.QueryCount;
        return new CostDesign(this.Rows, this.Cols, this.CellBits, this.AdcBits, this.ColsPerAdc,
            this.WeightBits, this.InputBits, this.SignedMapping, problem.StoredCount, problem.Dim,
            (int)Math.Round(meanInputs), inputs.InputActiveFraction, inputs.MeanLevelFraction, problem.ScoreOpsPerQuery, problem.OvtCount)
        {
            AdcModel = this.AdcModel,
            ReferenceColumnsPerCrossbar = this.AdcReference == AdcReference.ReferenceColumn ? (this.Cols + referenceColumnSpan - 1) / referenceColumnSpan : 0,
            RowsPerRead = this.RowsPerRead,
            GainCalibrated = this.AdcGain == AdcGain.Calibrated,
            Switches = periphery.Wires is { } wires
                ? SwitchSizes.For(wires, periphery.ReadCircuit, this.Device, new ReadGeometry(this.Rows, this.Cols, this.RowsPerReadOrRows, this.ColsPerAdc))
                : null,
        };
    }
}

/// <summary>What the cost model reads from one mapped store: the retrieval layout and two statistics of its operands.</summary>
/// <param name="Problem">The retrieval layout (stored vectors, queries, OVTs, scoring operations).</param>
/// <param name="InputActiveFraction">Mean fraction of 1 bits over the quantised input bit-planes, in [0, 1].</param>
/// <param name="MeanLevelFraction">Mean programmed level / top level over the store's cells, in [0, 1].</param>
public sealed record CostInputs(RetrievalProblem Problem, double InputActiveFraction, double MeanLevelFraction);

/// <summary>A point that was not evaluated, and why.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Reason">One line a user can act on.</param>
public sealed record SkippedPoint(string Key, string Reason);
