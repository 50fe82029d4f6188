using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Costs;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Cli.Settings;
using Dse.Diagnostics;
using Dse.Exploration.Axes;
using Dse.Search;
using Dse.Workloads;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse cost DEVICE --crossbar RxC --cell-bits C --adc-bits B [--cols-per-adc K] [--adc-model M] [--virtual-tokens n]
/// [--prompts N] [--dim d] [--query-tokens m] [--json]</c>: the full cost breakdown of one design, its store-update cost
/// and its comparison with the CPU+DRAM baseline, so an engineer can check every number by hand.
/// </summary>
/// <remarks>
/// The workload statistics the cost model needs (input 1-bit fraction, mean cell level, pooling operations) come from the
/// embedded synthetic generator (randomInit, seed 1, digitalPooling, differential, 8-bit weights and inputs), exactly as a
/// sweep of the same shape computes them.
/// </remarks>
public static class CostCommand
{
    /// <summary>Parsed options.</summary>
    /// <param name="Device">Device name in device-models/ or path.</param>
    /// <param name="Crossbar">Crossbar size <c>ROWSxCOLS</c>.</param>
    /// <param name="CellBits">Bits per cell.</param>
    /// <param name="AdcBits">ADC resolution.</param>
    /// <param name="ColsPerAdc">Columns per ADC; null: the periphery's value.</param>
    /// <param name="AdcModel">ADC model name.</param>
    /// <param name="VirtualTokens">Virtual tokens per OVT.</param>
    /// <param name="Prompts">Stored OVTs.</param>
    /// <param name="Dim">Embedding width.</param>
    /// <param name="QueryTokens">Tokens per query.</param>
    /// <param name="Json">Print JSON instead of tables.</param>
    public sealed record Options(string Device, string Crossbar, int CellBits, int AdcBits, int? ColsPerAdc, string AdcModel,
        int VirtualTokens, int Prompts, int Dim, int QueryTokens, bool Json);

    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var device = new Argument<string>("DEVICE") { Description = "Device name in device-models/ (e.g. rram1) or a device file." };
        var crossbar = new Option<string>("--crossbar") { Description = "Crossbar size ROWSxCOLS, e.g. 128x128.", Required = true };
        var cellBits = new Option<int>("--cell-bits") { Description = "Bits per cell.", Required = true };
        var adcBits = new Option<int>("--adc-bits") { Description = "ADC resolution in bits.", Required = true };
        var colsPerAdc = new Option<int?>("--cols-per-adc") { Description = "Columns sharing one ADC (default: the periphery's value)." };
        var adcModel = new Option<string>("--adc-model") { Description = "ADC model: neurosimSar, flash or survey.", DefaultValueFactory = _ => AdcModelSet.NeurosimSarName };
        var tokens = new Option<int>("--virtual-tokens") { Description = "Virtual tokens per OVT.", DefaultValueFactory = _ => 8 };
        var prompts = new Option<int>("--prompts") { Description = "Stored OVTs.", DefaultValueFactory = _ => 16 };
        var dim = new Option<int>("--dim") { Description = "Embedding width d.", DefaultValueFactory = _ => 256 };
        var queryTokens = new Option<int>("--query-tokens") { Description = "Tokens per query.", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "Print the breakdown as JSON." };
        var command = new Command("cost", "Print the energy / latency / area breakdown of one design, its store-update cost and the CPU+DRAM baseline comparison.")
        {
            device, crossbar, cellBits, adcBits, colsPerAdc, adcModel, tokens, prompts, dim, queryTokens, json,
        };
        command.SetAction(parse => Run(new Options(parse.GetValue(device)!, parse.GetValue(crossbar)!, parse.GetValue(cellBits), parse.GetValue(adcBits),
            parse.GetValue(colsPerAdc), parse.GetValue(adcModel)!, parse.GetValue(tokens), parse.GetValue(prompts), parse.GetValue(dim),
            parse.GetValue(queryTokens), parse.GetValue(json)), stdout, settings()));
        return command;
    }

    /// <summary>Costs the design and prints it.</summary>
    /// <returns><see cref="ExitCodes.Success"/>.</returns>
    /// <exception cref="InputException">Any bad argument or model file (all argument errors at once).</exception>
    public static int Run(Options o, TextWriter stdout, DseSettings settings)
    {
        var errors = new List<InputError>();
        void Bad(string arg, string expected, string found) => errors.Add(new InputError("command line", arg, null, expected, found));
        var size = CrossbarSize.TryParse(o.Crossbar);
        int rows = size?.Rows ?? 0, cols = size?.Cols ?? 0;
        if (size is null) Bad("--crossbar", CrossbarSize.Expected, $"\"{o.Crossbar}\"");
        if (!DesignAxes.CellBitsRange.Contains(o.CellBits)) Bad("--cell-bits", DesignAxes.CellBitsRange.Expected, I(o.CellBits));
        if (!DesignAxes.AdcBitsRange.Contains(o.AdcBits)) Bad("--adc-bits", DesignAxes.AdcBitsRange.Expected, I(o.AdcBits));
        if (o.ColsPerAdc is int k && (k < 1 || (cols > 0 && k > cols))) Bad("--cols-per-adc", $"an integer in 1..{(cols > 0 ? cols : 4096)} (at most the crossbar's columns)", I(k));
        if (!AdcModelSet.Names.Contains(o.AdcModel)) Bad("--adc-model", NameSuggester.ListWithSuggestion(o.AdcModel, [.. AdcModelSet.Names]), $"\"{o.AdcModel}\"");
        if (!DesignAxes.VirtualTokensRange.Contains(o.VirtualTokens)) Bad("--virtual-tokens", DesignAxes.VirtualTokensRange.Expected, I(o.VirtualTokens));
        if (o.Prompts is < 2 or > 100000) Bad("--prompts", "an integer in 2..100000", I(o.Prompts));
        if (o.Dim is < 1 or > 65536) Bad("--dim", "an integer in 1..65536", I(o.Dim));
        if (o.QueryTokens is < 1 or > 4096) Bad("--query-tokens", "an integer in 1..4096", I(o.QueryTokens));
        if (errors.Count > 0) throw new InputException(errors);

        var library = settings.Library();
        var device = library.Device(o.Device, Environment.CurrentDirectory);
        var periphery = library.Periphery(settings.DefaultPeriphery, Environment.CurrentDirectory);
        var baseline = library.Baseline(settings.DefaultBaseline, Environment.CurrentDirectory);
        if (o.CellBits > device.MaxBitsPerCell)
            Bad("--cell-bits", $"at most {device.MaxBitsPerCell} bits per cell for {device.Name} ({device.Levels} levels)", I(o.CellBits));
        var adcModel = AdcModels.Create(o.AdcModel, periphery);
        if (o.AdcBits < adcModel.MinBits) Bad("--adc-bits", $"at least {adcModel.MinBits} bits for the {adcModel.Name} ADC model", I(o.AdcBits));
        int colsPerAdc = o.ColsPerAdc ?? Math.Min(periphery.ColsPerAdc, cols);
        if (errors.Count > 0) throw new InputException(errors);

        var workload = SyntheticWorkload.Generate(new SyntheticWorkloadOptions(Prompts: o.Prompts, Dim: o.Dim, Tokens: o.VirtualTokens,
            Queries: 16, QueryTokens: o.QueryTokens, Regime: SyntheticRegime.RandomInit, Seed: 1));
        var ops = new QuantizedOperands(new RetrievalProblem(workload.Store, workload.Queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var cells = CellArray.Map(ops.Stored, o.CellBits, SignedMapping.Differential);
        var design = new CostDesign(rows, cols, o.CellBits, o.AdcBits, colsPerAdc, 8, 8, CostDesign.Differential, ops.Problem.StoredCount, ops.Problem.Dim,
            o.QueryTokens, ops.InputActiveFraction, cells.MeanLevelFraction(), ops.Problem.ScoreOpsPerQuery, ops.Problem.OvtCount) { AdcModel = o.AdcModel };
        var cost = CostModel.Evaluate(device, periphery, design);
        var write = StoreUpdateCost.Evaluate(device, periphery, design);
        var cpu = BaselineCost.Evaluate(baseline, design);
        if (o.Json) stdout.WriteLine(ToJson(device, design, cost, write, cpu).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else PrintTables(stdout, device, design, cost, write, cpu, baseline);
        return ExitCodes.Success;
    }

    private static JsonObject ToJson(DeviceModel device, CostDesign d, CostBreakdown cost, StoreUpdateCost write, BaselineCost cpu)
    {
        var components = new JsonArray();
        foreach (var c in cost.Components)
            components.Add(new JsonObject { ["name"] = c.Name, ["energyJ"] = c.EnergyJ, ["latencyS"] = c.LatencyS, ["areaMm2"] = c.AreaM2 * 1e6, ["model"] = c.Model });
        return new JsonObject
        {
            ["device"] = device.Name, ["rows"] = d.Rows, ["cols"] = d.Cols, ["cellBits"] = d.CellBits, ["adcBits"] = d.AdcBits,
            ["adcModel"] = d.AdcModel, ["colsPerAdc"] = d.ColsPerAdc, ["storedVectors"] = d.StoredVectors, ["dim"] = d.Dim,
            ["inputVectorsPerQuery"] = d.InputVectorsPerQuery, ["inputActiveFraction"] = d.InputActiveFraction, ["meanCellLevelFraction"] = d.MeanCellLevelFraction,
            ["crossbars"] = cost.Crossbars, ["cells"] = cost.Cells,
            ["energyJ"] = cost.EnergyJ, ["latencyS"] = cost.LatencyS, ["areaMm2"] = cost.AreaMm2, ["components"] = components,
            ["writeEnergyJ"] = write.WriteEnergyJ, ["writeLatencyS"] = write.WriteLatencyS, ["writesBeforeWearOut"] = write.WritesBeforeWearOut,
            ["baselineEnergyJ"] = cpu.EnergyJ, ["baselineLatencyS"] = cpu.LatencyS, ["baselineBytes"] = cpu.Bytes, ["baselineFlops"] = cpu.Flops,
            ["speedup"] = cpu.SpeedupOver(cost), ["energyRatio"] = cpu.EnergyRatioOver(cost),
        };
    }

    private static void PrintTables(TextWriter w, DeviceModel device, CostDesign d, CostBreakdown cost, StoreUpdateCost write, BaselineCost cpu, CpuBaselineModel baseline)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine(string.Create(inv, $"{device.Name}: {d.Rows}x{d.Cols}, {d.CellBits} bits/cell, {d.AdcBits}-bit {d.AdcModel} ADC, {d.ColsPerAdc} cols/ADC"));
        w.WriteLine(string.Create(inv, $"store: {d.OvtCount} OVTs x {d.StoredVectors / d.OvtCount} tokens x d {d.Dim} (8-bit, differential, {d.SlicesPerValue} slices) = {cost.Cells} cells on {cost.Crossbars} crossbars; query: {d.InputVectorsPerQuery} tokens x 8 bit-planes"));
        w.WriteLine(string.Create(inv, $"workload statistics: input 1-bit fraction {d.InputActiveFraction:F3}, mean cell level fraction {d.MeanCellLevelFraction:F3}, {d.ScoreOpsPerQuery} pooling/argmax ops"));
        w.WriteLine();
        w.WriteLine($"{"component",-13} {"energy (J)",12} {"share",6} {"latency (s)",12} {"area (mm^2)",12} {"share",6}  model");
        foreach (var c in cost.Components)
            w.WriteLine(string.Create(inv, $"{c.Name,-13} {c.EnergyJ,12:E3} {c.EnergyJ / cost.EnergyJ,6:P0} {c.LatencyS,12:E3} {c.AreaM2 * 1e6,12:E3} {c.AreaM2 / cost.AreaM2,6:P0}  {c.Model}"));
        w.WriteLine(string.Create(inv, $"{"total",-13} {cost.EnergyJ,12:E3} {"",6} {cost.LatencyS,12:E3} {cost.AreaMm2,12:E3}"));
        w.WriteLine();
        w.WriteLine(string.Create(inv, $"store update (one OVT, {write.CellsPerOvt} cells, {device.Write.VerifyIterations} verify iterations): {write.WriteEnergyJ:E3} J, {write.WriteLatencyS:E3} s; writes before wear-out {write.WritesBeforeWearOut:G3}"));
        w.WriteLine(string.Create(inv, $"baseline {baseline.Name}: {cpu.Bytes} bytes from DRAM, {cpu.Flops} FLOP -> {cpu.EnergyJ:E3} J, {cpu.LatencyS:E3} s"));
        w.WriteLine(string.Create(inv, $"speed-up {cpu.SpeedupOver(cost):G4}x, energy ratio {cpu.EnergyRatioOver(cost):G4}x (baseline / design)"));
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
