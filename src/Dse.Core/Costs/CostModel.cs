using Dse.Devices;

namespace Dse.Costs;

/// <summary>
/// Closed-form energy, latency and area of one query search (DESIGN §8), split into the components
/// <c>array</c>, <c>wlDrivers</c>, <c>columnMux</c>, <c>adc</c>, <c>shiftAdd</c>,
/// <c>accumulation</c>, <c>pooling</c>, <c>buffers</c>, <c>interconnect</c>.
/// Every number comes from the <see cref="DeviceModel"/>, the <see cref="PeripheryModel"/> or the
/// <see cref="CostDesign"/>; the code holds no technology constants.
/// </summary>
/// <remarks>
/// <para>Every crossbar takes part in every search: the SSA scores every stored OVT.</para>
/// <para>Timing convention: analog timing. Each input cycle costs
/// <c>max(WL driver, mux delay) + readPulseS + sequential conversions x (B + 1) x conversionStepS</c>;
/// tiles and crossbars work in parallel. We do <b>not</b> use NeuroSim's synchronous clock
/// <c>1.4 x (max(WL, mux) + ADC)</c> (DESIGN §8). The digital tail adds
/// <c>(ceil(log2(rowBlocks)) + 1)</c> accumulator stages and <c>ScoreOpsPerQuery</c> pooling
/// operations on one pooling unit, one per clock period.</para>
/// <para>Component latencies are each component's share of that critical path, so they sum to
/// the total; components overlapped with the array cycles (shift-and-add, buffers, interconnect)
/// contribute 0.</para>
/// </remarks>
public static class CostModel
{
    /// <summary>Component names, in breakdown order.</summary>
    public static IReadOnlyList<string> ComponentNames { get; } =
        ["array", "wlDrivers", "columnMux", "adc", "shiftAdd", "accumulation", "pooling", "buffers", "interconnect"];

    /// <summary>Costs one query search of <paramref name="design"/> on <paramref name="device"/> with <paramref name="periphery"/>.</summary>
    /// <param name="device">Device: Gmin, Gmax, cell area in F^2, bits per cell limit.</param>
    /// <param name="periphery">Technology node, read voltage and pulse, wire capacitance, SAR ADC fit and digital periphery.</param>
    /// <param name="design">Geometry and workload statistics of the search.</param>
    /// <returns>The nine components (order of <see cref="ComponentNames"/>) and their totals per query search (J, s, m^2).</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="design"/> fails <see cref="CostDesign.Validate"/>,
    /// or <c>design.CellBits &gt; device.MaxBitsPerCell</c>, or the crossbar count exceeds <see cref="int.MaxValue"/>,
    /// or <c>design.AdcBits</c> is below the ADC model's <see cref="IAdcModel.MinBits"/>.</exception>
    public static CostBreakdown Evaluate(DeviceModel device, PeripheryModel periphery, CostDesign design)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(periphery);
        ArgumentNullException.ThrowIfNull(design);
        design.Validate();
        if (design.CellBits > device.MaxBitsPerCell)
            throw new ArgumentOutOfRangeException(nameof(design), design.CellBits,
                $"Range: 1 <= CellBits <= {device.MaxBitsPerCell} (MaxBitsPerCell of device '{device.Name}').");
        if (design.Crossbars > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(design), design.Crossbars, $"Range: crossbars <= {int.MaxValue}.");

        var d = periphery.Digital;
        double f = periphery.FeatureSizeM;
        double vRead = periphery.ReadVoltageV;
        double cycles = design.InputCycles;
        double rowBlocks = design.RowBlocks;
        double colBlocks = design.ColumnBlocks;
        double crossbars = design.Crossbars;
        double physCols = design.PhysicalColumns;
        double conversions = design.ConversionsPerSearch;
        double adcs = crossbars * design.AdcsPerCrossbar;
        double tiles = Math.Ceiling(crossbars / d.TileCrossbars);
        bool hasMux = design.ColsPerAdc > 1;
        double muxDelayS = hasMux ? d.MuxLatencyS : 0;
        bool wlSetsPace = d.WlDriverLatencyS >= muxDelayS;

        // Wordline segments driven per input cycle: every logical row with a 1 bit, in each column block.
        double activeRowsPerCycle = design.Dim * design.InputActiveFraction * colBlocks;

        var adcModel = AdcModels.Create(design.AdcModel, periphery);
        if (design.AdcBits < adcModel.MinBits)
            throw new ArgumentOutOfRangeException(nameof(design), design.AdcBits,
                $"Range: {adcModel.MinBits} <= AdcBits <= 16 (ADC model '{adcModel.Name}').");
        double gMeanS = device.GMinS + design.MeanCellLevelFraction * (device.GMaxS - device.GMinS);

        // --- array: wire charging; the cell current Vread^2 G tRead only when the ADC model does not hold it.
        double pitchM = Math.Sqrt(device.CellAreaF2) * f;
        double wlCapF = design.Cols * pitchM * periphery.WireCapacitanceFPerM;
        double blCapF = design.Rows * pitchM * periphery.WireCapacitanceFPerM;
        double v2 = vRead * vRead;
        double activeCellsPerCycle = design.Dim * design.InputActiveFraction * physCols;
        double cellCurrentEnergy = adcModel.IncludesCellCurrent ? 0 : cycles * activeCellsPerCycle * v2 * gMeanS * periphery.ReadPulseS;
        double arrayEnergy = cycles * (activeRowsPerCycle * wlCapF * v2 + physCols * rowBlocks * blCapF * v2) + cellCurrentEnergy;
        var array = new ComponentCost("array",
            arrayEnergy,
            cycles * periphery.ReadPulseS,
            crossbars * design.Rows * design.Cols * device.CellAreaF2 * f * f,
            "wire charging C_wire L V^2 per wordline with a 1 input bit and per used bitline per input cycle, L = lines x sqrt(cellAreaF2) F "
            + "(DESIGN §8; periphery wireCapacitanceFPerM, readVoltageV, featureSizeM, readPulseS; device cellAreaF2); "
            + (adcModel.IncludesCellCurrent
                ? "cell current Vread^2 G tRead counted once, in adc (neurosimSar column-current term); "
                : $"plus cell current Vread^2 G tRead per active cell (dim x inputActiveFraction x physical columns) per input cycle, G = Gmin + f (Gmax - Gmin) (the {adcModel.Name} adc model does not hold it); ")
            + "area crossbars x rows x cols x cellAreaF2 F^2");

        // --- wordline drivers: one per row per crossbar.
        var wlDrivers = new ComponentCost("wlDrivers",
            cycles * activeRowsPerCycle * d.WlDriverEnergyJ,
            wlSetsPace ? cycles * d.WlDriverLatencyS : 0,
            crossbars * design.Rows * d.WlDriverAreaM2,
            "energy per driven row per input cycle, area per row per crossbar, delay per input cycle when it exceeds the mux delay "
            + "(DESIGN §8; periphery digital.wlDriverEnergyJ, wlDriverAreaM2, wlDriverLatencyS)");

        // --- column mux: none when every column has its own ADC.
        var columnMux = new ComponentCost("columnMux",
            hasMux ? conversions * d.MuxEnergyJ : 0,
            wlSetsPace ? 0 : cycles * muxDelayS,
            hasMux ? crossbars * design.Cols * d.MuxAreaM2 : 0,
            hasMux
                ? "one switch event per conversion, area per column, delay per input cycle when it exceeds the WL driver delay "
                  + "(DESIGN §8; periphery digital.muxEnergyJ, muxAreaM2, muxLatencyS)"
                : "none: colsPerAdc = 1 (one ADC per column)");

        // --- ADC (pluggable); G_col = mean used rows per row block x input 1-fraction x mean cell conductance.
        double gColS = design.Dim / rowBlocks * design.InputActiveFraction * gMeanS;
        var adc = new ComponentCost("adc",
            conversions * adcModel.EnergyPerConversionJ(design.AdcBits, gColS, vRead),
            cycles * design.SequentialConversionsPerCycle * adcModel.LatencyPerConversionS(design.AdcBits),
            adcs * adcModel.AreaM2(design.AdcBits),
            adcModel.Description
            + "; G_col = (dim / rowBlocks) x inputActiveFraction x (Gmin + f (Gmax - Gmin)); "
            + "conversions = physical columns x row blocks x input cycles, converted sequentially per colsPerAdc group; one ADC per colsPerAdc columns per crossbar");

        // --- shift-and-add: one add of the full register width per conversion; one unit per ADC.
        double saWidth = design.ShiftAddWidthBits;
        var shiftAdd = new ComponentCost("shiftAdd",
            conversions * saWidth * d.ShiftAddEnergyJPerBit,
            0,
            adcs * saWidth * d.ShiftAddAreaM2PerBit,
            $"one {design.ShiftAddWidthBits}-bit add per conversion, width = adcBits + (inputBits - 1) + (slices - 1) x cellBits; "
            + "one unit per ADC; pipelined behind the conversions (DESIGN §6.8, §8; periphery digital.shiftAddEnergyJPerBit, shiftAddAreaM2PerBit)");

        // --- accumulation: row-block sums and the differential/offset subtraction.
        double accWidth = design.AccumulatorWidthBits;
        var accumulation = new ComponentCost("accumulation",
            design.AccumulationAddsPerSearch * accWidth * d.AccumulatorEnergyJPerBit,
            (CostDesign.CeilLog2(design.RowBlocks) + 1) / periphery.ClockHz,
            tiles * d.TileCrossbars * accWidth * d.AccumulatorAreaM2PerBit,
            $"{design.AccumulatorWidthBits}-bit adds: row-block sums of every column group plus one differential/offset subtraction per stored value "
            + "per input vector; per tile a (tileCrossbars - 1)-adder tree plus one subtractor; latency (ceil(log2 rowBlocks) + 1) clock periods "
            + "(DESIGN §6.8, §8; periphery clockHz, digital.accumulatorEnergyJPerBit, accumulatorAreaM2PerBit, tileCrossbars)");

        // --- pooling, weighted sum and argmax: one unit, one operation per clock.
        var pooling = new ComponentCost("pooling",
            design.ScoreOpsPerQuery * d.PoolingEnergyJPerOp,
            design.ScoreOpsPerQuery / periphery.ClockHz,
            d.PoolingAreaM2,
            "scoreOpsPerQuery operations on one pooling/argmax unit, one per clock period (DESIGN §5, §8; periphery clockHz, "
            + "digital.poolingEnergyJPerOp, poolingAreaM2)");

        // --- buffers: the query's input bit-planes and the accumulated outputs, each written once and read once.
        double inBits = (double)design.Dim * design.InputBits * design.InputVectorsPerQuery;
        double outBits = (double)design.StoredVectors * design.InputVectorsPerQuery * accWidth;
        var buffers = new ComponentCost("buffers",
            2 * (inBits + outBits) * d.BufferEnergyJPerBit,
            0,
            (inBits + outBits) * d.BufferAreaM2PerBit,
            "write + read of dim x inputBits x inputVectors input bits and storedVectors x inputVectors x accumulator-width output bits; "
            + "area holds both; overlapped with the array cycles (DESIGN §8; periphery digital.bufferEnergyJPerBit, bufferAreaM2PerBit)");

        // --- interconnect: H-tree between tiles, every bit travels ceil(log2 tiles) hops.
        double hops = CostDesign.CeilLog2((long)tiles);
        double movedBits = colBlocks * inBits + rowBlocks * design.ColumnGroups * design.InputVectorsPerQuery * saWidth;
        var interconnect = new ComponentCost("interconnect",
            movedBits * hops * d.InterconnectEnergyJPerBitPerTile,
            0,
            0,
            $"H-tree over {tiles} tiles (tiles = ceil(crossbars / tileCrossbars)), ceil(log2 tiles) = {hops} hops per bit; bits = input bits to every "
            + "column block + shift-added partials (column groups x row blocks x input vectors x shift-add width) to the accumulators; "
            + "wire area not modelled; overlapped with the array cycles (DESIGN §8; periphery digital.interconnectEnergyJPerBitPerTile, tileCrossbars)");

        ComponentCost[] parts = [array, wlDrivers, columnMux, adc, shiftAdd, accumulation, pooling, buffers, interconnect];
        return new CostBreakdown(parts,
            parts.Sum(p => p.EnergyJ),
            parts.Sum(p => p.LatencyS),
            parts.Sum(p => p.AreaM2),
            (int)design.Crossbars,
            design.Cells);
    }
}
