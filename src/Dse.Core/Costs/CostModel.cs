using Dse.Crossbar;
using Dse.Devices;
using Dse.Diagnostics;

namespace Dse.Costs;

/// <summary>
/// Closed-form energy, latency and area of one query search (docs/models.md, 'Cost model'), split into the components
/// of <see cref="ComponentNames"/>, each built the way NeuroSim V1.4 builds the matching subarray component
/// (<c>SubArray.cpp</c>, conventional parallel read). Every number comes from the <see cref="DeviceModel"/>, the
/// <see cref="PeripheryModel"/> or the <see cref="CostDesign"/>; the code holds no technology constants.
/// </summary>
/// <remarks>
/// <para>Every crossbar takes part in every search: the SSA scores every stored OVT. Each input cycle (one input
/// bit-plane of one query vector) every crossbar reads all its columns in <c>steps = SequentialConversionsPerCycle</c>
/// column-mux steps; each step converts one column per ADC.</para>
/// <para>Cells: effective conductance <c>1 / (1 / G + rAccess)</c> with the access transistor in series
/// (<c>rAccess = accessResistanceOverRon[kind] x Ron</c>); the expected cell is
/// <c>Geff(Gmin) + f (Geff(Gmax) - Geff(Gmin))</c>, exact for 1-bit cells.</para>
/// <para>Timing: each step takes <c>max(WL switch, mux delay) + ADC conversion</c>, times the periphery's
/// <c>timing.syncClockFactor</c> with <see cref="CostClock.Neurosim"/>; crossbars and tiles work in parallel;
/// shift-adds, buffers and interconnect are pipelined behind the steps. The digital tail adds
/// <c>ceil(log2(rowBlocks)) + 1</c> accumulator stages and <c>ScoreOpsPerQuery</c> pooling operations, one per clock
/// period. Component latencies are shares of that critical path, so they sum to the total.</para>
/// <para>Rows per read (<see cref="CostDesign.RowsPerRead"/>; docs/models.md, 'Rows per read'): each subarray's rows are read in
/// <c>groups = ceil(rows / rowsPerRead)</c> separate reads, so conversions and column-mux steps (and the step latency) grow by
/// <c>groups</c>, each conversion sees a group's share of the active rows, and each ADC's adder sums the groups' codes
/// (<c>rowGroupSums</c>). Switch sizing (<see cref="CostDesign.Switches"/>) scales the WL switch matrix and the column mux with their
/// width ratios; a clamped sense node adds one amplifier per ADC (<c>senseClamp</c>); a calibrated gain adds a trim per column
/// (<c>gainTrim</c>).</para>
/// <para>Per-slice ADC resolution (<see cref="CostDesign.AdcBitsPerSlice"/>; docs/models.md, 'Per-slice ADC resolution'): each
/// bit slice converts <c>1/slices</c> of the conversions on its own bank of <c>1/slices</c> of the ADCs at its resolution; the
/// banks convert in lockstep, so the step and the digital datapath follow the widest resolution, <see cref="CostDesign.AdcBits"/>.</para>
/// </remarks>
public static class CostModel
{
    /// <summary>Component names every breakdown holds, in breakdown order.</summary>
    public static IReadOnlyList<string> ComponentNames { get; } =
        ["array", "wlDrivers", "columnMux", "adc", "shiftAddSlices", "shiftAddInputs", "accumulation", "pooling", "buffers", "interconnect"];

    /// <summary>
    /// Components a breakdown holds only when the design asks for them, after <see cref="ComponentNames"/> in this order:
    /// <c>rowGroupSums</c> (rows read in more than one group, <see cref="CostDesign.RowsPerRead"/>), <c>senseClamp</c> (the periphery's
    /// <c>readCircuit.senseNode</c> is <c>clamped</c>), <c>gainTrim</c> (<see cref="CostDesign.GainCalibrated"/>).
    /// </summary>
    public static IReadOnlyList<string> OptionalComponentNames { get; } = ["rowGroupSums", "senseClamp", "gainTrim"];

    /// <summary>Every component name a breakdown can hold: <see cref="ComponentNames"/>, then <see cref="OptionalComponentNames"/>.</summary>
    public static IReadOnlyList<string> AllComponentNames { get; } = [.. ComponentNames, .. OptionalComponentNames];

    /// <summary>Mean effective conductance of a programmed cell, siemens: <c>Geff(Gmin) + f (Geff(Gmax) - Geff(Gmin))</c>.</summary>
    /// <param name="device">Device: Gmin, Gmax, kind.</param>
    /// <param name="periphery">Periphery with the access-transistor fraction per kind.</param>
    /// <param name="meanLevelFraction">Mean programmed level / top level f. Range: [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">When the device kind has no access-resistance entry.</exception>
    public static double MeanCellConductanceS(DeviceModel device, PeripheryModel periphery, double meanLevelFraction)
    {
        double lo = periphery.Array.EffectiveConductanceS(device.GMinS, device.GMaxS, device.Kind);
        double hi = periphery.Array.EffectiveConductanceS(device.GMaxS, device.GMaxS, device.Kind);
        return lo + meanLevelFraction * (hi - lo);
    }

    /// <summary>Costs one query search of <paramref name="design"/> on <paramref name="device"/> with <paramref name="periphery"/>.</summary>
    /// <param name="device">Device: Gmin, Gmax, kind, cell area in F^2, bits per cell limit.</param>
    /// <param name="periphery">Technology node, voltages, array geometry, ADC models, clock conventions and digital periphery.</param>
    /// <param name="design">Geometry and workload statistics of the search.</param>
    /// <returns>The components (order of <see cref="ComponentNames"/>) and their totals per query search (J, s, m^2).</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="design"/> fails <see cref="CostDesign.Validate"/>,
    /// or <c>design.CellBits &gt; device.MaxBitsPerCell</c>, or the crossbar count exceeds <see cref="int.MaxValue"/>,
    /// or the periphery has no block for <c>design.AdcModel</c>, or <c>design.AdcBits</c> (or any slice's resolution of
    /// <c>design.AdcBitsPerSlice</c>) is below the model's <see cref="IAdcModel.MinBits"/>, or the device kind has no
    /// access-resistance entry.</exception>
    public static CostBreakdown Evaluate(DeviceModel device, PeripheryModel periphery, CostDesign design)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(periphery);
        ArgumentNullException.ThrowIfNull(design);
        design.Validate();
        if (design.CellBits > device.MaxBitsPerCell)
            throw new ArgumentOutOfRangeException(nameof(design), design.CellBits,
                $"Range: {CellArray.CellBitsRange.Min} <= CellBits <= {device.MaxBitsPerCell} (MaxBitsPerCell of device '{device.Name}').");
        if (design.Crossbars > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(design), design.Crossbars, $"Range: crossbars <= {int.MaxValue}.");
        var adcModel = AdcModels.Create(design.AdcModel, periphery);
        if (design.AdcBanks[0].Bits < adcModel.MinBits)
            throw new ArgumentOutOfRangeException(nameof(design), design.AdcBanks[0].Bits,
                $"Range: {adcModel.MinBits} <= AdcBits <= {AdcResolution.Bits.Max} (ADC model '{adcModel.Name}'), every bit slice.");

        var d = periphery.Digital;
        double f = periphery.FeatureSizeM;
        double vRead = periphery.ReadVoltageV, vdd = periphery.SupplyVoltageV;
        double vdd2 = vdd * vdd;
        double cycles = design.InputCycles;
        double rowBlocks = design.RowBlocks;
        double crossbars = design.Crossbars;
        double conversions = design.ConversionsPerSearch;
        double adcsPerCrossbar = design.AdcsPerCrossbar;
        double adcs = crossbars * adcsPerCrossbar;
        double tiles = Math.Ceiling(crossbars / d.TileCrossbars);
        double groups = design.RowGroups;
        double steps = design.StepsPerCycle;
        double stepsPerSearch = cycles * steps;
        double crossbarSteps = stepsPerSearch * crossbars;
        bool hasMux = design.ColsPerAdc > 1;
        double clock = design.Clock == CostClock.Neurosim ? periphery.Timing.SyncClockFactor : 1;
        string ClockText() => design.Clock == CostClock.Neurosim
            ? $"x timing.syncClockFactor {periphery.Timing.SyncClockFactor:G4} (NeuroSim synchronous clock)"
            : "analog timing (no clock factor)";
        var rc = periphery.ReadCircuit;
        string SwitchText() => $"readCircuit.switchSizing {ValueNames.NameOf(ReadCircuitModel.SwitchSizingNames, rc.SwitchSizing)}, "
            + $"switchLoadTolerance {rc.SwitchLoadTolerance:G4}: NeuroSim V1.4 Mux.cpp resTg = load x IR_DROP_TOLERANCE, width proportional to 1 / resTg";
        double muxDelayS = hasMux ? d.MuxLatencyS : 0;
        bool wlSetsPace = d.WlSwitchLatencyS >= muxDelayS;

        // Rows of a crossbar with a 1 input bit in one read: the crossbar's share of the dimensions, split over its row groups.
        double activeRows = design.Dim / rowBlocks / groups * design.InputActiveFraction;
        double driverWidth = design.Switches?.DriverWidthRatio ?? 1, senseWidth = design.Switches?.SenseWidthRatio ?? 1;
        double gCellS = MeanCellConductanceS(device, periphery, design.MeanCellLevelFraction);
        double gColS = activeRows * gCellS;
        double cellAreaM2 = device.CellAreaF2 * f * f;
        double cellWidthM = device.CellAreaF2 / periphery.Array.CellHeightF * f;
        double cellHeightM = periphery.Array.CellHeightF * f;
        int refCols = design.ReferenceColumnsPerCrossbar;
        double rowCapF = (design.Cols + refCols) * (cellWidthM * periphery.WireCapacitanceFPerM + periphery.Array.AccessGateCapacitanceF);
        // Reference columns (ADC zero): their Gmin cells conduct during every conversion step; subtracted in analog, never converted.
        double referenceCellEnergyJ = refCols * activeRows * MeanCellConductanceS(device, periphery, 0) * vRead * vRead
            * adcModel.LatencyPerConversionS(design.AdcBits, new AdcColumn(activeRows * MeanCellConductanceS(device, periphery, 0), vRead, vdd, design.ReadRows, device.GMaxS,
                design.Rows * cellHeightM * periphery.WireCapacitanceFPerM, design.Rows * cellAreaM2));
        var column = new AdcColumn(gColS, vRead, vdd, design.ReadRows, device.GMaxS,
            design.Rows * cellHeightM * periphery.WireCapacitanceFPerM, design.Rows * cellAreaM2);

        // --- array: the selected wordlines (wire + access-transistor gates) charged to Vdd once per mux step.
        var array = new ComponentCost("array",
            crossbarSteps * (activeRows * rowCapF * vdd2 + referenceCellEnergyJ),
            0,
            crossbars * design.Rows * (design.Cols + refCols) * cellAreaM2,
            "neurosimWlCharging",
            () => "C_row Vdd^2 per selected row per column-mux step, C_row = (cols + reference columns) x (cellAreaF2 / cellHeightF x F x C_wire + accessGateCapacitanceF); "
            + "ADC reference columns add Vread^2 x active rows x Gmin (with access transistor) over one conversion per step; "
            + "area crossbars x rows x (cols + reference columns) x cellAreaF2 F^2 (NeuroSim V1.4 SubArray.cpp CalculatePower: capRow2 x vdd^2 x numRow x activityRowRead x numColMuxed; "
            + "periphery supplyVoltageV, wireCapacitanceFPerM, featureSizeM, array.cellHeightF, array.accessGateCapacitanceF; device cellAreaF2)");

        // --- WL switch matrix: transmission gates of the selected rows, and its shift register clocked every step.
        var wlDrivers = new ComponentCost("wlDrivers",
            crossbarSteps * (activeRows * (d.WlSwitchEnergyJPerActiveRow * driverWidth) + design.Rows * d.DffEnergyJ),
            wlSetsPace ? stepsPerSearch * clock * d.WlSwitchLatencyS : 0,
            crossbars * design.Rows * (d.WlSwitchAreaM2PerRow * driverWidth),
            "neurosimWlSwitchMatrix",
            () => "per column-mux step: selected rows x wlSwitchEnergyJPerActiveRow + rows x dffEnergyJ (the matrix's DFFs); area per row; "
            + $"delay per step when it exceeds the mux delay, {ClockText()} (NeuroSim V1.4 NewSwitchMatrix.cpp CalculatePower; "
            + "periphery digital.wlSwitchEnergyJPerActiveRow, dffEnergyJ, wlSwitchAreaM2PerRow, wlSwitchLatencyS)"
            + (driverWidth != 1
                ? $"; gates {driverWidth:G4} x the fixed width ({SwitchText()}), so the per-row energy and area scale by it"
                : ""));

        // --- column mux and its decoder: none when every column has its own ADC.
        var columnMux = new ComponentCost("columnMux",
            hasMux ? conversions * (d.MuxEnergyJPerConversion * senseWidth) + crossbarSteps * d.MuxDecoderEnergyJPerStep : 0,
            hasMux && !wlSetsPace ? stepsPerSearch * clock * muxDelayS : 0,
            hasMux ? crossbars * (design.Cols * (d.MuxAreaM2PerColumn * senseWidth) + d.MuxDecoderAreaM2) : 0,
            hasMux ? "neurosimMux" : "none",
            () => hasMux
                ? "muxEnergyJPerConversion per conversion + muxDecoderEnergyJPerStep per crossbar and step; area per column + one decoder per crossbar; "
                  + $"delay per step when it exceeds the WL delay, {ClockText()} (NeuroSim V1.4 Mux.cpp, RowDecoder.cpp as mux decoder; "
                  + "periphery digital.muxEnergyJPerConversion, muxDecoderEnergyJPerStep, muxAreaM2PerColumn, muxDecoderAreaM2, muxLatencyS)"
                  + (senseWidth != 1
                      ? $"; mux gates {senseWidth:G4} x the fixed width ({SwitchText()}), so the per-conversion energy and per-column area scale by it"
                      : "")
                : "colsPerAdc = 1: one ADC per column, no mux");

        // --- ADC (pluggable), with the converted column's cell current counted once, here. Every bit slice holds 1/slices of the
        // physical columns, so of the conversions and (on average over the crossbars) of the ADCs; a bank of slices at one resolution
        // is charged its share at that resolution (one bank, the whole, for a homogeneous design). Banks convert in lockstep: the step
        // lasts the widest conversion, at AdcBits = the maximum.
        int slices = design.SlicesPerValue;
        double adcEnergyJ = 0, adcAreaM2 = 0;
        foreach (var (bits, bankSlices) in design.AdcBanks)
        {
            double bankCellEnergyJ = adcModel.IncludesCellCurrent ? 0 : vRead * vRead * gColS * adcModel.SensingWindowS(bits, column);
            adcEnergyJ += design.ConversionsPerSearch / slices * bankSlices * (adcModel.EnergyPerConversionJ(bits, column) + bankCellEnergyJ);
            adcAreaM2 += adcs * ((double)bankSlices / slices) * adcModel.AreaM2(bits, column);
        }
        double window = adcModel.SensingWindowS(design.AdcBits, column);
        var adc = new ComponentCost("adc",
            adcEnergyJ,
            stepsPerSearch * clock * adcModel.LatencyPerConversionS(design.AdcBits, column),
            adcAreaM2,
            adcModel.Name,
            () => adcModel.Formula + "; "
            + (adcModel.IncludesCellCurrent
                ? "the cell current Vread^2 G_col over the sensing window is inside the model's energy; "
                : $"plus the cell current Vread^2 G_col x sensing window {window:G3} s per conversion; ")
            + (design.RowGroups > 1
                ? $"G_col = (dim / rowBlocks / {design.RowGroups} row groups) x inputActiveFraction x mean effective cell conductance, the converted column {design.ReadRows} rows; "
                  + $"conversions = physical columns x row blocks x input cycles x {design.RowGroups} row groups (rowsPerRead {design.ReadRows} of {design.Rows} rows, read one after the other); "
                : "G_col = (dim / rowBlocks) x inputActiveFraction x mean effective cell conductance; conversions = physical columns x row blocks "
                  + "x input cycles; ")
            + $"one ADC per colsPerAdc columns per crossbar; one conversion per step, {ClockText()} ({adcModel.Source})"
            + (design.AdcBitsPerSlice is { IsHomogeneous: false } perSlice
                ? $"; per bit slice (most significant first) {perSlice} bits: each slice converts 1/{slices} of the columns on its own ADC bank "
                  + $"(1/{slices} of the ADCs) at its resolution, the banks in lockstep, so each step lasts the widest, {design.AdcBits}-bit, conversion "
                  + $"(docs/models.md, 'Per-slice ADC resolution')"
                : ""));

        // --- shift-add across the bit slices of a value and across input bits: NeuroSim's ShiftAdd units, one per ADC.
        double adderJ = d.AdderEnergyJPerBit * d.AdderActivity, dffJ = d.DffEnergyJ * d.DffActivity;
        ComponentCost ShiftAdd(string name, long readsPerCycle, int adderBits, int dffsPerUnit, string what) => new(name,
            cycles * crossbars * readsPerCycle * adcsPerCrossbar * (adderBits * adderJ + dffsPerUnit * dffJ),
            0,
            readsPerCycle > 0 ? crossbars * adcsPerCrossbar * (adderBits * d.AdderAreaM2PerBit + dffsPerUnit * d.DffAreaM2) : 0,
            readsPerCycle > 0 ? "neurosimShiftAdd" : "none",
            () => readsPerCycle > 0
                ? $"{what}: per crossbar and input cycle {readsPerCycle} adds on every one of the {design.AdcsPerCrossbar} units, each a {adderBits}-bit adder "
                  + $"(adderEnergyJPerBit x adderActivity per bit) and {dffsPerUnit} registers (dffEnergyJ x dffActivity); area per unit adder bits x "
                  + "adderAreaM2PerBit + registers x dffAreaM2; pipelined behind the steps (NeuroSim V1.4 ShiftAdd.cpp, Adder.cpp, DFF.cpp, SubArray.cpp; "
                  + "periphery digital.adderEnergyJPerBit, adderActivity, dffEnergyJ, dffActivity, adderAreaM2PerBit, dffAreaM2)"
                : $"{what}: not needed");
        var shiftSlices = ShiftAdd("shiftAddSlices", design.WeightShiftAddReadsPerCycle, design.WeightShiftAddAdderBits, design.WeightShiftAddDffsPerUnit,
            "shift-add across the bit slices of a stored value");
        var shiftInputs = ShiftAdd("shiftAddInputs", design.InputShiftAddReadsPerCycle, design.InputShiftAddAdderBits, design.InputShiftAddDffsPerUnit,
            "shift-add across the input bits");

        // --- accumulation: row-block sums and the differential/offset subtraction.
        double accWidth = design.AccumulatorWidthBits;
        var accumulation = new ComponentCost("accumulation",
            design.AccumulationAddsPerSearch * accWidth * adderJ,
            (CostDesign.CeilLog2(design.RowBlocks) + 1) / periphery.ClockHz,
            tiles * d.TileCrossbars * accWidth * d.AdderAreaM2PerBit,
            "adderTree",
            () => $"{design.AccumulatorWidthBits}-bit adds: row-block sums of every column group plus one differential/offset subtraction per stored value "
            + "per input vector, adderEnergyJPerBit x adderActivity per bit; per tile a (tileCrossbars - 1)-adder tree plus one subtractor; latency "
            + "(ceil(log2 rowBlocks) + 1) clock periods (NeuroSim V1.4 Adder.cpp, AdderTree.cpp; periphery clockHz, digital.adderEnergyJPerBit, "
            + "adderActivity, adderAreaM2PerBit, tileCrossbars)");

        // --- pooling, weighted sum and argmax: one unit, one operation per clock.
        var pooling = new ComponentCost("pooling",
            design.ScoreOpsPerQuery * d.PoolingEnergyJPerOp,
            design.ScoreOpsPerQuery / periphery.ClockHz,
            d.PoolingAreaM2,
            "poolingUnit",
            () => "scoreOpsPerQuery operations on one pooling/argmax unit, one per clock period (periphery clockHz, digital.poolingEnergyJPerOp, poolingAreaM2)");

        // --- buffers: register files holding the query's input bit-planes and the accumulated outputs, each bit written once and read once.
        double inBits = (double)design.Dim * design.InputBits * design.InputVectorsPerQuery;
        double outBits = (double)design.StoredVectors * design.InputVectorsPerQuery * accWidth;
        var buffers = new ComponentCost("buffers",
            2 * (inBits + outBits) * d.DffEnergyJ,
            0,
            (inBits + outBits) * d.DffAreaM2,
            "registerFileBuffer",
            () => "register-file buffers (one DFF per bit): write + read of dim x inputBits x inputVectors input bits and storedVectors x inputVectors x "
            + "accumulator-width output bits at dffEnergyJ each; area dffAreaM2 per bit held; overlapped with the array (NeuroSim V1.4 Buffer.cpp, "
            + "Param.cpp globalBufferType / tileBufferType / peBufferType = register file; periphery digital.dffEnergyJ, dffAreaM2)");

        // --- interconnect: H-tree between tiles, every bit travels ceil(log2 tiles) hops.
        double hops = CostDesign.CeilLog2((long)tiles);
        double movedBits = design.ColumnBlocks * inBits + rowBlocks * design.ColumnGroups * design.InputVectorsPerQuery * design.ShiftAddWidthBits;
        var interconnect = new ComponentCost("interconnect",
            movedBits * hops * d.InterconnectEnergyJPerBitPerTile,
            0,
            0,
            "hTree",
            () => $"H-tree over {tiles} tiles (tiles = ceil(crossbars / tileCrossbars)), ceil(log2 tiles) = {hops} hops per bit; bits = input bits to every "
            + "column block + shift-added partials (column groups x row blocks x input vectors x shift-add width) to the accumulators; "
            + "wire area not modelled; overlapped with the array (periphery digital.interconnectEnergyJPerBitPerTile, tileCrossbars)");

        List<ComponentCost> parts = [array, wlDrivers, columnMux, adc, shiftSlices, shiftInputs, accumulation, pooling, buffers, interconnect];

        // --- row groups: one adder and register per ADC sums the groups' codes of a column (NeuroSim V1.4's partial sums, numAdd > 1).
        if (design.RowGroups > 1)
        {
            int sumBits = design.GroupSumBits;
            long adds = design.GroupSumAddsPerCycle;
            parts.Add(new ComponentCost("rowGroupSums",
                cycles * crossbars * adds * adcsPerCrossbar * ((sumBits - 1) * adderJ + sumBits * dffJ),
                0,
                crossbars * adcsPerCrossbar * ((sumBits - 1) * d.AdderAreaM2PerBit + sumBits * d.DffAreaM2),
                "neurosimPartialSumAdder",
                () => $"{design.RowGroups} row groups of {design.ReadRows} rows (rowsPerRead) read one after the other: per crossbar and input cycle "
                + $"{adds} adds (groups - 1 per column read) on each of the {design.AdcsPerCrossbar} ADCs' adder, a {sumBits - 1}-bit adder "
                + $"(adderEnergyJPerBit x adderActivity per bit) into a {sumBits}-bit register (ADC bits + ceil(log2 groups); dffEnergyJ x dffActivity per bit); "
                + "area per ADC adder bits x adderAreaM2PerBit + register bits x dffAreaM2; pipelined behind the steps (NeuroSim V1.4 SubArray.cpp "
                + "partial sums: adderBit = log2(levelOutput) + ceil(log2(numAdd)), dff.Initialize(adderBit x numAdder), adder.Initialize(adderBit - 1, numAdder), "
                + "numAdder = numCol / numColMuxed, numAdd = ceil(numRowSubArray / numRowParallel) (ProcessingUnit.cpp); Adder.cpp, DFF.cpp; "
                + "periphery digital.adderEnergyJPerBit, adderActivity, dffEnergyJ, dffActivity, adderAreaM2PerBit, dffAreaM2)"));
        }

        // --- clamped sense node: one amplifier per ADC input, biased for each conversion.
        if (rc.SenseNode == SenseNode.Clamped)
            parts.Add(new ComponentCost("senseClamp",
                conversions * rc.ClampEnergyJPerConversion,
                0,
                adcs * rc.ClampAreaM2,
                "clampAmplifier",
                () => $"readCircuit.senseNode clamped (loop gain {rc.ClampLoopGain:G4}): one amplifier per ADC holding the bitline at the sense input, "
                + "clampEnergyJPerConversion per conversion and clampAreaM2 per ADC; settles within the sensing window, no latency of its own "
                + "(periphery readCircuit.clampEnergyJPerConversion, clampAreaM2, clampLoopGain; sources in the periphery file)"));

        // --- per-column gain calibration: a stored trim per bitline, applied digitally to every conversion.
        if (design.GainCalibrated)
            parts.Add(new ComponentCost("gainTrim",
                conversions * rc.GainTrimEnergyJPerConversion,
                0,
                crossbars * design.Cols * rc.GainTrimAreaM2PerColumn,
                "columnGainTrim",
                () => "adcGain calibrated: each conversion's code corrected by its column's stored gain, gainTrimEnergyJPerConversion per conversion; "
                + "gainTrimAreaM2PerColumn per bitline of every crossbar; pipelined behind the steps "
                + "(periphery readCircuit.gainTrimEnergyJPerConversion, gainTrimAreaM2PerColumn; sources in the periphery file)"));

        return new CostBreakdown(parts,
            parts.Sum(p => p.EnergyJ),
            parts.Sum(p => p.LatencyS),
            parts.Sum(p => p.AreaM2),
            (int)design.Crossbars,
            design.Cells);
    }
}
