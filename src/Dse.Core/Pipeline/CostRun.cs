using System.Globalization;
using Dse.Costs;
using Dse.Crossbar;
using Dse.Crossbar.IrDrop;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Search;
using Dse.Workloads;

namespace Dse.Pipeline;

/// <summary>The design <c>dse cost</c> costs, its command-line values already validated one by one (the checks against the model files are <see cref="CostRun.Run"/>'s).</summary>
/// <param name="Device">Device name in the library or a device file (relative to the working directory).</param>
/// <param name="Crossbar">Crossbar size.</param>
/// <param name="CellBits">Bits per cell. Range: <see cref="DesignAxes.CellBitsRange"/>, at most the device's <c>MaxBitsPerCell</c>.</param>
/// <param name="AdcBits">ADC resolution, bits: the widest slice's when <paramref name="AdcBitsPerSlice"/> is given. Range: <see cref="DesignAxes.AdcBitsRange"/>.</param>
/// <param name="AdcBitsPerSlice">ADC resolution per bit slice, most significant first; null: every slice at <paramref name="AdcBits"/>.</param>
/// <param name="ColsPerAdc">Columns per ADC. Range: 1..columns; null: the periphery's value (at most the columns).</param>
/// <param name="AdcModel">A name of <see cref="AdcModelSet.Names"/> that the periphery has.</param>
/// <param name="SignedMapping">How signed values map to cells.</param>
/// <param name="Clock">Latency convention.</param>
/// <param name="InputDensity">Mean fraction of 1 input bits, in [0, 1]; null: from the workload.</param>
/// <param name="MeanLevel">Mean programmed level / top level, in [0, 1]; null: from the workload's cells.</param>
/// <param name="Workload">Sweep spec whose store, queries, SSA mapping and bit widths give the statistics (relative to the working
/// directory); null: the synthetic store (randomInit, seed 1, digitalPooling, 8-bit weights and inputs).</param>
/// <param name="VirtualTokens">Virtual tokens per OVT of the synthetic store.</param>
/// <param name="Prompts">Stored OVTs of the synthetic store.</param>
/// <param name="StoredVectors">Stored vectors of the costed store; null: the workload's (the statistics stay the workload's).</param>
/// <param name="Dim">Embedding width: of the synthetic store (null: 256), or the costed width with <paramref name="Workload"/> (null: the spec's).</param>
/// <param name="QueryTokens">Tokens per query of the synthetic store.</param>
/// <param name="Baselines">Further CPU baselines (names or files) to compare with, after the default one.</param>
public sealed record CostRequest(string Device, CrossbarSize Crossbar, int CellBits, int AdcBits, AdcBitsPerSlice? AdcBitsPerSlice, int? ColsPerAdc, string AdcModel,
    SignedMapping SignedMapping, CostClock Clock, double? InputDensity, double? MeanLevel, string? Workload, int VirtualTokens, int Prompts, int? StoredVectors,
    int? Dim, int QueryTokens, IReadOnlyList<string> Baselines)
{
    /// <summary>Wordlines driven per read (<c>--rows-per-read N</c>). Range: 1..rows; null: <see cref="AllRowsPerRead"/>, else the periphery's
    /// <c>readCircuit.rowsPerRead</c> (at most the crossbar's rows).</summary>
    public int? RowsPerRead { get; init; }

    /// <summary>Every row in one read (<c>--rows-per-read all</c>), whatever the periphery's default.</summary>
    public bool AllRowsPerRead { get; init; }

    /// <summary>Per-column ADC gain trim (<c>--adc-gain calibrated</c>); false: none.</summary>
    public bool GainCalibrated { get; init; }
}

/// <summary>A heterogeneous design's ADC cost per bit slice, and the homogeneous design at its widest resolution.</summary>
/// <param name="Slices">Per slice, most significant first: its resolution (bits), ADC energy (J per query search) and ADC area (m^2).</param>
/// <param name="Widest">The same design with every slice at the widest resolution.</param>
public sealed record AdcCostPerSlice(IReadOnlyList<(int Bits, double EnergyJ, double AreaM2)> Slices, CostBreakdown Widest);

/// <summary>What <c>dse cost</c> computed for one design.</summary>
/// <param name="Device">The device.</param>
/// <param name="Design">The costed design, with the workload statistics.</param>
/// <param name="Workload">The workload's description (the synthetic store's parameters, or the spec's name, file, SSA mapping and bit widths).</param>
/// <param name="Cost">Energy, latency and area per query search and their components.</param>
/// <param name="Write">Cost of writing one OVT into the store.</param>
/// <param name="Baselines">Each CPU+DRAM baseline (the default first) and its cost for the same search.</param>
/// <param name="PerSlice">The per-slice ADC costs; null for a homogeneous design.</param>
public sealed record CostOutcome(DeviceModel Device, CostDesign Design, string Workload, CostBreakdown Cost, StoreUpdateCost Write,
    IReadOnlyList<(CpuBaselineModel Model, BaselineCost Cost)> Baselines, AdcCostPerSlice? PerSlice);

/// <summary>
/// <c>dse cost</c>: the full cost breakdown of one design (<see cref="CostModel"/>), its store-update cost (<see cref="StoreUpdateCost"/>) and its
/// comparison with CPU+DRAM baselines (<see cref="BaselineCost"/>). The design is described as a sweep's design point is
/// (<see cref="DesignPoint.ToCostDesign"/>), every axis without a request field at its default except the ADC zero reference,
/// <c>nominal</c>: no dummy reference column is costed. The rows per read default to the periphery's <c>readCircuit.rowsPerRead</c> (at most
/// the crossbar's rows), and with the periphery's wires the switches are sized by its read circuit (<see cref="SwitchSizes.For"/>).
/// </summary>
public static class CostRun
{
    /// <summary>Loads the models, checks the request against them and costs the design.</summary>
    /// <param name="r">The design.</param>
    /// <param name="library">Where the device, periphery and baseline files are found.</param>
    /// <param name="periphery">Periphery name or file.</param>
    /// <param name="defaultBaseline">The baseline compared first (name or file).</param>
    /// <param name="workingDirectory">Directory that relative model and workload paths are resolved against.</param>
    /// <exception cref="InputException">An unknown or invalid model or workload file; cell bits above the device's, an ADC model the periphery
    /// lacks or resolutions below its fitted range (all at once, as command-line errors); per-slice resolutions that do not fit the design.</exception>
    public static CostOutcome Run(CostRequest r, DeviceLibrary library, string periphery, string defaultBaseline, string workingDirectory)
    {
        var device = library.Device(r.Device, workingDirectory);
        var peripheryModel = library.Periphery(periphery, workingDirectory);
        var baselines = r.Baselines.Prepend(defaultBaseline).Select(b => library.Baseline(b, workingDirectory)).ToList();
        var errors = new List<InputError>();
        void Bad(string arg, string expected, string found) => errors.Add(new InputError("command line", arg, null, expected, found));
        if (r.CellBits > device.MaxBitsPerCell)
            Bad("--cell-bits", $"at most {device.MaxBitsPerCell} bits per cell for {device.Name} ({device.Levels} levels)", I(r.CellBits));
        if (!peripheryModel.Adc.Models.ContainsKey(r.AdcModel))
            Bad("--adc-model", $"a model of periphery {peripheryModel.Name}: {string.Join(", ", peripheryModel.Adc.Models.Keys)}", $"\"{r.AdcModel}\"");
        else if (AdcModels.Create(r.AdcModel, peripheryModel) is { } adcModel && r.AdcBitsPerSlice is null && r.AdcBits < adcModel.MinBits)
            Bad("--adc-bits", $"at least {adcModel.MinBits} bits for the {adcModel.Name} ADC model", I(r.AdcBits));
        int rows = r.Crossbar.Rows;
        if (r.RowsPerRead is int n && (n < 1 || n > rows))
            Bad("--rows-per-read", $"{new IntRange(1, rows).Expected} (at most the crossbar's rows) or {ReadCircuitModel.AllRows}", I(n));
        if (errors.Count > 0) throw new InputException(errors);

        int cols = r.Crossbar.Cols;
        int colsPerAdc = r.ColsPerAdc ?? Math.Min(peripheryModel.ColsPerAdc, cols);
        int rowsPerRead = r.AllRowsPerRead ? rows : r.RowsPerRead ?? Math.Min(peripheryModel.ReadCircuit.RowsPerRead ?? rows, rows);
        var (ops, workloadName) = Operands(r, library, workingDirectory);
        var cells = CellArray.Map(ops.Stored, r.CellBits, r.SignedMapping);
        var p = ops.Problem;
        var point = new DesignPoint(device, AxisValues.Of(DesignAxes.Device.At(device.Name), DesignAxes.Crossbar.At(r.Crossbar),
            DesignAxes.CellBits.At(r.CellBits), DesignAxes.AdcBits.At(r.AdcBits), DesignAxes.AdcModel.At(r.AdcModel), DesignAxes.ColsPerAdc.At(colsPerAdc), DesignAxes.RowsPerRead.At(rowsPerRead),
            DesignAxes.AdcGain.At(r.GainCalibrated ? AdcGain.Calibrated : AdcGain.None),
            DesignAxes.SignedMapping.At(r.SignedMapping), DesignAxes.WeightBits.At(ops.Stored.Bits), DesignAxes.InputBits.At(ops.InputBits),
            DesignAxes.AdcReference.At(AdcReference.Nominal)));
        var inputs = new CostInputs(p, r.InputDensity ?? ops.InputActiveFraction, r.MeanLevel ?? cells.MeanLevelFraction());
        var design = point.ToCostDesign(inputs, referenceColumnSpan: cols, peripheryModel).WithStoredVectors(r.StoredVectors ?? p.StoredCount) with { Clock = r.Clock };
        if (r.Workload is not null && r.Dim is int d) design = design with { Dim = d };
        if (r.AdcBitsPerSlice is { } perSlice)
        {
            if (perSlice.Problem(design.SlicesPerValue, AdcModels.Create(r.AdcModel, peripheryModel)) is string problem)
                throw new InputException(new InputError("command line", "--adc-bits-per-slice", null,
                    $"{problem} ({design.WeightBits}-bit weights, {DesignAxes.SignedMapping.Format(design.SignedMapping)}, {r.CellBits} bits/cell)", $"{perSlice} ({perSlice.Slices} slices)"));
            design = design.WithAdcBitsPerSlice(perSlice);
        }
        return new CostOutcome(device, design, workloadName, CostModel.Evaluate(device, peripheryModel, design), StoreUpdateCost.Evaluate(device, peripheryModel, design),
            baselines.Select(b => (b, BaselineCost.Evaluate(b, design))).ToList(), design.AdcBitsPerSlice is null ? null : PerSlice(device, peripheryModel, design));
    }

    private static AdcCostPerSlice PerSlice(DeviceModel device, PeripheryModel periphery, CostDesign d)
    {
        var table = PerSliceAdcCosts.Build(device, periphery, d, d.AdcBitsPerSlice!.Bits.Distinct());
        var slices = d.AdcBitsPerSlice.Bits.Select(b => (b, table.SliceEnergyJ[table.IndexOf(b)], table.SliceAreaM2[table.IndexOf(b)])).ToArray();
        return new AdcCostPerSlice(slices, CostModel.Evaluate(device, periphery, d with { AdcBitsPerSlice = null }));
    }

    /// <summary>The quantised store and queries whose statistics the design gets, and the workload's description.</summary>
    private static (QuantizedOperands Ops, string Name) Operands(CostRequest r, DeviceLibrary library, string workingDirectory)
    {
        if (r.Workload is null)
        {
            const SyntheticRegime regime = SyntheticRegime.RandomInit;
            const SsaMapping ssaMapping = SsaMapping.DigitalPooling;
            const int bits = 8;
            var synthetic = SyntheticWorkload.Generate(new SyntheticWorkloadOptions(Prompts: r.Prompts, Dim: r.Dim ?? 256, Tokens: r.VirtualTokens,
                Queries: 16, QueryTokens: r.QueryTokens, Regime: regime, Seed: 1));
            return (new QuantizedOperands(new RetrievalProblem(synthetic.Store, synthetic.Queries, SsaOptions.Default, ssaMapping), bits, bits, ClippingPolicy.MaxAbs),
                $"synthetic {ValueNames.NameOf(SyntheticRegimes.Names, regime)} (seed 1), {DesignAxes.SsaMapping.Format(ssaMapping)}, {bits}-bit weights and inputs");
        }
        var spec = SweepSpecLoader.Load(Path.GetFullPath(r.Workload, workingDirectory), library: library);
        var prepared = PreparedSweep.From(spec);
        var (ssa, weightBits, inputBits) = (spec.Space.Values(DesignAxes.SsaMapping)[0], spec.Space.Values(DesignAxes.WeightBits)[0], spec.Space.Values(DesignAxes.InputBits)[0]);
        var ops = new QuantizedOperands(new RetrievalProblem(prepared.Workload.Store, prepared.Workload.Queries, spec.Ssa, ssa), weightBits, inputBits, spec.Clipping);
        return (ops, $"{spec.Name} ({Path.GetFileName(spec.SourceFile)}): {DesignAxes.SsaMapping.Format(ssa)}, {weightBits}-bit weights, {inputBits}-bit inputs");
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
