using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Costs;
using Dse.Devices;
using Dse.Cli.Settings;
using Dse.Diagnostics;
using Dse.Pipeline;
using Dse.Exploration.Axes;
using Dse.Workloads;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse cost DEVICE --crossbar RxC --cell-bits C (--adc-bits B | --adc-bits-per-slice B1,B2,...) [--cols-per-adc K] [--adc-model M] [--signed-mapping offset|differential]
/// [--clock analog|neurosim] [--input-density X] [--mean-level F] [--workload SPEC] [--virtual-tokens n] [--prompts N] [--stored-vectors V]
/// [--dim d] [--query-tokens m] [--rows-per-read N|all] [--adc-gain none|calibrated] [--baseline B]... [--json]</c>: the full cost breakdown of one design, its store-update cost and its
/// comparison with the CPU+DRAM baseline (and any further baseline named, e.g. a file written by <c>dse baseline measure</c>), so an
/// engineer can check every number by hand.
/// </summary>
/// <remarks>
/// The workload statistics the cost model needs (input 1-bit fraction, mean cell level, pooling operations) come from the embedded
/// synthetic generator (randomInit, seed 1, digitalPooling, 8-bit weights and inputs), or from a sweep spec's store and queries with
/// <c>--workload</c>; <c>--input-density</c> and <c>--mean-level</c> override them, <c>--stored-vectors</c> and <c>--dim</c> the store's shape.
/// The command validates its values and prints; <see cref="CostRun"/> loads the models and costs the design.
/// </remarks>
public static class CostCommand
{
    /// <summary>Parsed options.</summary>
    /// <param name="Device">Device name in device-models/ or path.</param>
    /// <param name="Crossbar">Crossbar size <c>ROWSxCOLS</c>.</param>
    /// <param name="CellBits">Bits per cell.</param>
    /// <param name="AdcBits">ADC resolution; null: the maximum of <paramref name="AdcBitsPerSlice"/>.</param>
    /// <param name="ColsPerAdc">Columns per ADC; null: the periphery's value.</param>
    /// <param name="AdcModel">ADC model name.</param>
    /// <param name="VirtualTokens">Virtual tokens per OVT (synthetic store).</param>
    /// <param name="Prompts">Stored OVTs (synthetic store).</param>
    /// <param name="Dim">Embedding width; null: 256 for the synthetic store, the spec's width with <paramref name="Workload"/>.</param>
    /// <param name="QueryTokens">Tokens per query (synthetic store).</param>
    /// <param name="Json">Print JSON instead of tables.</param>
    /// <param name="SignedMapping">A name of <see cref="DesignAxes.SignedMappingNames"/> (<c>differential</c> or <c>offset</c>).</param>
    /// <param name="Clock">A name of <see cref="DesignAxes.CostClockNames"/> (<c>analog</c> or <c>neurosim</c>).</param>
    /// <param name="InputDensity">Mean fraction of 1 input bits; null: from the workload.</param>
    /// <param name="MeanLevel">Mean programmed level / top level; null: from the workload.</param>
    /// <param name="Workload">Sweep spec whose store and queries give the statistics; null: the synthetic store.</param>
    /// <param name="StoredVectors">Stored vectors of the costed store; null: the workload's.</param>
    /// <param name="Baselines">Further baselines (names or files) to compare with, after the default one.</param>
    /// <param name="AdcBitsPerSlice">ADC resolution per bit slice, most significant first (<c>8,6,5,4</c> or <c>8-6-5-4</c>); null: every slice at <paramref name="AdcBits"/>.</param>
    /// <param name="RowsPerRead">Wordlines driven per read: an integer 1..rows or <c>all</c>; null: the periphery's <c>readCircuit.rowsPerRead</c>.</param>
    /// <param name="AdcGain">A name of <see cref="AdcGainNames"/> (<c>none</c> or <c>calibrated</c>).</param>
    public sealed record Options(string Device, string Crossbar, int CellBits, int? AdcBits, int? ColsPerAdc, string AdcModel,
        int VirtualTokens, int Prompts, int? Dim, int QueryTokens, bool Json,
        string SignedMapping, string Clock, double? InputDensity = null, double? MeanLevel = null,
        string? Workload = null, int? StoredVectors = null, IReadOnlyList<string>? Baselines = null, string? AdcBitsPerSlice = null,
        string? RowsPerRead = null, string AdcGain = "none");

    /// <summary>The values of <c>--adc-gain</c>: <c>none</c> (no trim) and <c>calibrated</c> (a per-column gain trim, costed as <c>gainTrim</c>).</summary>
    public static IReadOnlyList<(bool Value, string Name)> AdcGainNames { get; } = [(false, "none"), (true, "calibrated")];

    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var device = new Argument<string>("DEVICE") { Description = "Device name in device-models/ (e.g. rram1) or a device file." };
        var crossbar = new Option<string>("--crossbar") { Description = "Crossbar size ROWSxCOLS, e.g. 128x128.", Required = true };
        var cellBits = new Option<int>("--cell-bits") { Description = "Bits per cell.", Required = true };
        var adcBits = new Option<int?>("--adc-bits") { Description = "ADC resolution in bits (required unless --adc-bits-per-slice is given)." };
        var adcBitsPerSlice = new Option<string?>("--adc-bits-per-slice")
        {
            Description = "ADC resolution of each weight bit slice, most significant first, e.g. 8,6,5,4 (one per slice; --adc-bits, if given, must be the maximum).",
        };
        var colsPerAdc = new Option<int?>("--cols-per-adc") { Description = "Columns sharing one ADC (default: the periphery's value)." };
        var adcModel = new Option<string>("--adc-model") { Description = "ADC model: " + string.Join(", ", AdcModelSet.Names) + ".", DefaultValueFactory = _ => AdcModelSet.NeurosimSarName };
        var signed = new Option<string>("--signed-mapping")
        {
            Description = $"Signed mapping: {ValueNames.Alternatives(DesignAxes.SignedMappingNames)}.",
            DefaultValueFactory = _ => DesignAxes.SignedMapping.Format(DesignAxes.SignedMapping.TypedDefaults![0]),
        };
        var clock = new Option<string>("--clock")
        {
            Description = "Latency convention: analog, or neurosim (NeuroSim's synchronous 1.4 x sensing cycle).",
            DefaultValueFactory = _ => DesignAxes.CostClockNames[0].Name,
        };
        var density = new Option<double?>("--input-density") { Description = "Mean fraction of 1 input bits (default: from the workload)." };
        var meanLevel = new Option<double?>("--mean-level") { Description = "Mean programmed level / top level of the cells (default: from the workload)." };
        var workload = new Option<string?>("--workload") { Description = "Sweep spec whose store and queries give the workload statistics (default: the synthetic store)." };
        var tokens = new Option<int>("--virtual-tokens") { Description = "Virtual tokens per OVT (synthetic store).", DefaultValueFactory = _ => 8 };
        var prompts = new Option<int>("--prompts") { Description = "Stored OVTs (synthetic store).", DefaultValueFactory = _ => 16 };
        var stored = new Option<int?>("--stored-vectors") { Description = "Stored vectors to cost (default: the workload's; the statistics stay the workload's)." };
        var dim = new Option<int?>("--dim") { Description = "Embedding width d (default: 256, or the spec's with --workload)." };
        var queryTokens = new Option<int>("--query-tokens") { Description = "Tokens per query (synthetic store).", DefaultValueFactory = _ => 8 };
        var baselines = new Option<string[]>("--baseline") { Description = "A further CPU baseline to compare with (name or file, e.g. one written by dse baseline measure); repeatable.", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "Print the breakdown as JSON." };
        var rowsPerRead = new Option<string?>("--rows-per-read")
        {
            Description = $"Wordlines driven together in one read, an integer up to the crossbar's rows or {ReadCircuitModel.AllRows} (default: the periphery's readCircuit.rowsPerRead, at most the rows).",
        };
        var adcGain = new Option<string>("--adc-gain")
        {
            Description = $"Per-column ADC gain: {ValueNames.Alternatives(AdcGainNames)} (a digital trim per column, costed from the periphery's readCircuit).",
            DefaultValueFactory = _ => AdcGainNames[0].Name,
        };
        var command = new Command("cost", "Print the energy / latency / area breakdown of one design, its store-update cost and the CPU+DRAM baseline comparison.")
        {
            device, crossbar, cellBits, adcBits, colsPerAdc, adcModel, signed, clock, density, meanLevel, workload, tokens, prompts, stored, dim,
            queryTokens, baselines, json, adcBitsPerSlice, rowsPerRead, adcGain,
        };
        command.SetAction(parse => Run(new Options(parse.GetValue(device)!, parse.GetValue(crossbar)!, parse.GetValue(cellBits), parse.GetValue(adcBits),
            parse.GetValue(colsPerAdc), parse.GetValue(adcModel)!, parse.GetValue(tokens), parse.GetValue(prompts), parse.GetValue(dim),
            parse.GetValue(queryTokens), parse.GetValue(json), parse.GetValue(signed)!, parse.GetValue(clock)!, parse.GetValue(density),
            parse.GetValue(meanLevel), parse.GetValue(workload), parse.GetValue(stored), parse.GetValue(baselines) ?? [], parse.GetValue(adcBitsPerSlice),
            parse.GetValue(rowsPerRead), parse.GetValue(adcGain)!), stdout, settings()));
        return command;
    }

    /// <summary>Costs the design and prints it.</summary>
    /// <returns><see cref="ExitCodes.Success"/>.</returns>
    /// <exception cref="InputException">Any bad argument or model file (all argument errors at once).</exception>
    public static int Run(Options o, TextWriter stdout, DseSettings settings)
    {
        var errors = new List<InputError>();
        void Bad(string arg, string expected, string found) => errors.Add(new InputError("command line", arg, null, expected, found));
        void InRange(string arg, IntRange range, int value) { if (!range.Contains(value)) Bad(arg, range.Expected, I(value)); }
        var size = CrossbarSize.TryParse(o.Crossbar);
        int cols = size?.Cols ?? 0;
        if (size is null) Bad("--crossbar", CrossbarSize.Expected, $"\"{o.Crossbar}\"");
        InRange("--cell-bits", DesignAxes.CellBitsRange, o.CellBits);
        var perSlice = AdcBitsPerSlice.TryParse(o.AdcBitsPerSlice);
        if (o.AdcBitsPerSlice is not null && perSlice is null) Bad("--adc-bits-per-slice", AdcBitsPerSlice.Expected, $"\"{o.AdcBitsPerSlice}\"");
        if (o.AdcBits is null && o.AdcBitsPerSlice is null) Bad("--adc-bits", "--adc-bits B or --adc-bits-per-slice B1,B2,...", "neither");
        if (o.AdcBits is int ab) InRange("--adc-bits", DesignAxes.AdcBitsRange, ab);
        if (o.AdcBits is int ab2 && perSlice is not null && ab2 != perSlice.MaxBits)
            Bad("--adc-bits", $"the maximum of --adc-bits-per-slice ({perSlice.MaxBits}), or no --adc-bits", I(ab2));
        int adcBits = o.AdcBits ?? perSlice?.MaxBits ?? 0;
        if (o.ColsPerAdc is int k && (k < 1 || (cols > 0 && k > cols)))
            Bad("--cols-per-adc", $"{new IntRange(1, cols > 0 ? cols : CrossbarSize.Range.Max).Expected} (at most the crossbar's columns)", I(k));
        if (!AdcModelSet.Names.Contains(o.AdcModel)) Bad("--adc-model", NameSuggester.ListWithSuggestion(o.AdcModel, [.. AdcModelSet.Names]), $"\"{o.AdcModel}\"");
        var mapping = ValueNames.ValueOf(DesignAxes.SignedMappingNames, o.SignedMapping);
        if (mapping is null) Bad("--signed-mapping", ValueNames.Alternatives(DesignAxes.SignedMappingNames), $"\"{o.SignedMapping}\"");
        var clock = ValueNames.ValueOf(DesignAxes.CostClockNames, o.Clock);
        if (clock is null) Bad("--clock", ValueNames.Alternatives(DesignAxes.CostClockNames), $"\"{o.Clock}\"");
        if (o.InputDensity is double x && !(x >= 0 && x <= 1)) Bad("--input-density", "a fraction in [0, 1]", x.ToString("R", CultureInfo.InvariantCulture));
        if (o.MeanLevel is double m && !(m >= 0 && m <= 1)) Bad("--mean-level", "a fraction in [0, 1]", m.ToString("R", CultureInfo.InvariantCulture));
        InRange("--virtual-tokens", DesignAxes.VirtualTokensRange, o.VirtualTokens);
        InRange("--prompts", PromptStore.OvtCountRange, o.Prompts);
        if (o.StoredVectors is int sv) InRange("--stored-vectors", StoredVectorsRange, sv);
        if (o.Dim is int dd) InRange("--dim", PromptStore.DimRange, dd);
        InRange("--query-tokens", PromptStore.TokensRange, o.QueryTokens);
        int? rowsPerRead = null;
        bool allRows = o.RowsPerRead == ReadCircuitModel.AllRows;
        if (o.RowsPerRead is { } rpr && !allRows)
        {
            int rows = size?.Rows ?? CrossbarSize.Range.Max;
            if (int.TryParse(rpr, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= rows) rowsPerRead = n;
            else Bad("--rows-per-read", $"{new IntRange(1, rows).Expected} (at most the crossbar's rows) or {ReadCircuitModel.AllRows}", $"\"{rpr}\"");
        }
        var gain = ValueNames.ValueOf(AdcGainNames, o.AdcGain);
        if (gain is null) Bad("--adc-gain", ValueNames.Alternatives(AdcGainNames), $"\"{o.AdcGain}\"");
        if (errors.Count > 0) throw new InputException(errors);

        var outcome = CostRun.Run(new CostRequest(o.Device, size!.Value, o.CellBits, adcBits, perSlice, o.ColsPerAdc, o.AdcModel, mapping!.Value, clock!.Value,
            o.InputDensity, o.MeanLevel, o.Workload, o.VirtualTokens, o.Prompts, o.StoredVectors, o.Dim, o.QueryTokens, o.Baselines ?? [])
            { RowsPerRead = rowsPerRead, AllRowsPerRead = allRows, GainCalibrated = gain!.Value },
            settings.Library(), settings.DefaultPeriphery, settings.DefaultBaseline, Environment.CurrentDirectory);
        if (o.Json) stdout.WriteLine(ToJson(outcome).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else PrintTables(stdout, outcome);
        return ExitCodes.Success;
    }

    private static JsonObject ToJson(CostOutcome outcome)
    {
        var (device, d, workload, cost, write, cpus, perSlice) = outcome;
        var components = new JsonArray();
        foreach (var c in cost.Components)
            components.Add(new JsonObject
            {
                ["name"] = c.Name, ["energyJ"] = c.EnergyJ, ["latencyS"] = c.LatencyS, ["areaMm2"] = c.AreaM2 * 1e6, ["model"] = c.Model, ["source"] = c.Source,
            });
        var comparisons = new JsonArray();
        foreach (var (model, cpu) in cpus)
            comparisons.Add(new JsonObject
            {
                ["baseline"] = model.Name, ["measured"] = model.Measured is null ? null : $"{model.Measured.Host}, {model.Measured.Threads} threads, {model.Measured.Date}",
                ["energyJ"] = cpu.EnergyJ, ["latencyS"] = cpu.LatencyS, ["bytes"] = cpu.Bytes, ["flops"] = cpu.Flops, ["threads"] = cpu.Threads,
                ["speedup"] = cpu.SpeedupOver(cost), ["energyRatio"] = cpu.EnergyRatioOver(cost),
            });
        var first = cpus[0].Cost;
        var o = new JsonObject
        {
            ["device"] = device.Name, ["rows"] = d.Rows, ["cols"] = d.Cols, ["cellBits"] = d.CellBits, ["adcBits"] = d.AdcBits,
            ["adcModel"] = d.AdcModel, ["colsPerAdc"] = d.ColsPerAdc, ["signedMapping"] = DesignAxes.SignedMapping.Format(d.SignedMapping),
            ["rowsPerRead"] = d.ReadRows, ["rowGroups"] = d.RowGroups, ["adcGain"] = ValueNames.NameOf(AdcGainNames, d.GainCalibrated),
            ["driverWidthRatio"] = d.Switches?.DriverWidthRatio ?? 1, ["senseWidthRatio"] = d.Switches?.SenseWidthRatio ?? 1,
            ["clock"] = ValueNames.NameOf(DesignAxes.CostClockNames, d.Clock), ["workload"] = workload,
            ["storedVectors"] = d.StoredVectors, ["dim"] = d.Dim,
            ["inputVectorsPerQuery"] = d.InputVectorsPerQuery, ["inputActiveFraction"] = d.InputActiveFraction, ["meanCellLevelFraction"] = d.MeanCellLevelFraction,
            ["crossbars"] = cost.Crossbars, ["cells"] = cost.Cells,
            ["energyJ"] = cost.EnergyJ, ["latencyS"] = cost.LatencyS, ["areaMm2"] = cost.AreaMm2, ["components"] = components,
            ["writeEnergyJ"] = write.WriteEnergyJ, ["writeLatencyS"] = write.WriteLatencyS, ["writesBeforeWearOut"] = write.WritesBeforeWearOut,
            ["baselineEnergyJ"] = first.EnergyJ, ["baselineLatencyS"] = first.LatencyS, ["baselineBytes"] = first.Bytes, ["baselineFlops"] = first.Flops,
            ["speedup"] = first.SpeedupOver(cost), ["energyRatio"] = first.EnergyRatioOver(cost), ["baselines"] = comparisons,
        };
        if (perSlice is not null)
        {
            var slices = new JsonArray();
            foreach (var (bits, energyJ, areaM2) in perSlice.Slices)
                slices.Add(new JsonObject { ["adcBits"] = bits, ["adcEnergyJ"] = energyJ, ["adcAreaMm2"] = areaM2 * 1e6 });
            o["adcBitsPerSlice"] = d.AdcBitsPerSlice!.ToString();
            o["adcPerSlice"] = slices;
            o["homogeneousAtWidest"] = new JsonObject
            {
                ["adcBits"] = d.AdcBits, ["energyJ"] = perSlice.Widest.EnergyJ, ["latencyS"] = perSlice.Widest.LatencyS, ["areaMm2"] = perSlice.Widest.AreaMm2,
            };
        }
        return o;
    }

    private static void PrintTables(TextWriter w, CostOutcome outcome)
    {
        var (device, d, workload, cost, write, cpus, perSlice) = outcome;
        var inv = CultureInfo.InvariantCulture;
        string mapping = DesignAxes.SignedMapping.Format(d.SignedMapping);
        w.WriteLine(string.Create(inv, $"{device.Name}: {d.Rows}x{d.Cols}, {d.CellBits} bits/cell, {(d.AdcBitsPerSlice is { } a ? $"{a}-bit (per slice, most significant first)" : $"{d.AdcBits}-bit")} {d.AdcModel} ADC, {d.ColsPerAdc} cols/ADC, {(d.Clock == CostClock.Neurosim ? "NeuroSim synchronous clock" : "analog timing")}"));
        w.WriteLine(string.Create(inv, $"store: {d.OvtCount} OVTs, {d.StoredVectors} vectors x d {d.Dim} ({d.WeightBits}-bit, {mapping}, {d.SlicesPerValue} slices) = {cost.Cells} cells on {cost.Crossbars} crossbars; query: {d.InputVectorsPerQuery} tokens x {d.InputBits} bit-planes"));
        w.WriteLine(string.Create(inv, $"read: {d.ReadRows} of {d.Rows} rows per read ({d.RowGroups} row group{(d.RowGroups == 1 ? "" : "s")}), switches {d.Switches?.DriverWidthRatio ?? 1:G4} x (driver) and {d.Switches?.SenseWidthRatio ?? 1:G4} x (sense) the fixed width, ADC gain {ValueNames.NameOf(AdcGainNames, d.GainCalibrated)}"));
        w.WriteLine(string.Create(inv, $"workload statistics ({workload}): input 1-bit fraction {d.InputActiveFraction:F3}, mean cell level fraction {d.MeanCellLevelFraction:F3}, {d.ScoreOpsPerQuery} pooling/argmax ops"));
        w.WriteLine();
        w.WriteLine($"{"component",-15} {"energy (J)",12} {"share",6} {"latency (s)",12} {"area (mm^2)",12} {"share",6}  model");
        foreach (var c in cost.Components)
            w.WriteLine(string.Create(inv, $"{c.Name,-15} {c.EnergyJ,12:E3} {c.EnergyJ / cost.EnergyJ,6:P0} {c.LatencyS,12:E3} {c.AreaM2 * 1e6,12:E3} {c.AreaM2 / cost.AreaM2,6:P0}  {c.Model}"));
        w.WriteLine(string.Create(inv, $"{"total",-15} {cost.EnergyJ,12:E3} {"",6} {cost.LatencyS,12:E3} {cost.AreaMm2,12:E3}"));
        if (perSlice is not null)
        {
            w.WriteLine();
            w.WriteLine("ADC per bit slice (most significant first; each slice converts 1/slices of the columns on its own bank, the step lasts the widest conversion):");
            for (int s = 0; s < perSlice.Slices.Count; s++)
            {
                var (bits, energyJ, areaM2) = perSlice.Slices[s];
                w.WriteLine(string.Create(inv, $"  slice {s + 1} (weight 2^{(perSlice.Slices.Count - 1 - s) * d.CellBits}): {bits,2} bits, energy {energyJ:E3} J, area {areaM2 * 1e6:E3} mm^2"));
            }
            var h = perSlice.Widest;
            w.WriteLine(string.Create(inv, $"  vs homogeneous {d.AdcBits}-bit (the widest slice): energy {h.EnergyJ:E3} J ({cost.EnergyJ / h.EnergyJ - 1:+0.0%;-0.0%;0.0%}), "
                + $"latency {h.LatencyS:E3} s ({cost.LatencyS / h.LatencyS - 1:+0.0%;-0.0%;0.0%}), area {h.AreaMm2:E3} mm^2 ({cost.AreaM2 / h.AreaM2 - 1:+0.0%;-0.0%;0.0%})"));
        }
        w.WriteLine();
        w.WriteLine("models:");
        foreach (var c in cost.Components)
            w.WriteLine($"  {c.Name} ({c.Model}): {c.Source}");
        w.WriteLine();
        w.WriteLine(string.Create(inv, $"store update (one OVT, {write.CellsPerOvt} cells, {device.Write.VerifyIterations} verify iterations): {write.WriteEnergyJ:E3} J, {write.WriteLatencyS:E3} s; writes before wear-out {write.WritesBeforeWearOut:G3}"));
        foreach (var (model, cpu) in cpus)
        {
            string measured = model.Measured is null ? "modelled" : $"measured on {model.Measured.Host}, {model.Measured.Threads} threads, {model.Measured.Date}";
            w.WriteLine(string.Create(inv, $"baseline {model.Name} ({measured}): {cpu.Bytes} bytes from DRAM, {cpu.Flops} FLOP on {cpu.Threads} thread(s) -> {cpu.EnergyJ:E3} J, {cpu.LatencyS:E3} s"));
            w.WriteLine(string.Create(inv, $"  speed-up {cpu.SpeedupOver(cost):G4}x, energy ratio {cpu.EnergyRatioOver(cost):G4}x (baseline / design)"));
        }
    }

    /// <summary>Valid values of <c>--stored-vectors</c>.</summary>
    private static readonly IntRange StoredVectorsRange = new(1, 100_000_000);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
