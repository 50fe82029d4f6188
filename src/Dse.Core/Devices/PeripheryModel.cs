using System.Globalization;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// Technology node and periphery circuits shared by every design of a sweep
/// (<c>device-models/periphery/NAME.json</c>). Every value carries its source in the file.
/// </summary>
/// <param name="Name">File stem, e.g. <c>22nm</c>.</param>
/// <param name="FeatureSizeM">Feature size F in metres (22e-9).</param>
/// <param name="SupplyVoltageV">Digital supply voltage in volts.</param>
/// <param name="ClockHz">Digital clock in hertz (accumulation and pooling).</param>
/// <param name="ReadVoltageV">Wordline read voltage Vread in volts.</param>
/// <param name="ReadPulseS">Read pulse of a program-and-verify read, seconds (store updates).</param>
/// <param name="WireCapacitanceFPerM">Wire capacitance in farads per metre.</param>
/// <param name="ColsPerAdc">Default number of columns sharing one ADC (column multiplexing).</param>
/// <param name="Adc">The ADC models' parameters (periphery file key <c>adcModels</c>): one record per block present.</param>
/// <param name="Array">Cell-array geometry and access-transistor values (key <c>array</c>).</param>
/// <param name="Timing">Clock conventions (key <c>timing</c>).</param>
/// <param name="Digital">Per-operation energies and per-unit areas of the digital and driver periphery.</param>
/// <param name="SourceFile">Path the model was loaded from.</param>
public sealed record PeripheryModel(
    string Name,
    double FeatureSizeM,
    double SupplyVoltageV,
    double ClockHz,
    double ReadVoltageV,
    double ReadPulseS,
    double WireCapacitanceFPerM,
    int ColsPerAdc,
    AdcModelSet Adc,
    ArrayPeriphery Array,
    TimingConventions Timing,
    DigitalPeriphery Digital,
    string SourceFile)
{
    /// <summary>
    /// Comparator offset and input-referred noise per ADC model name (periphery file key <c>adcNonidealities</c>, optional);
    /// a model not listed converts ideally. Use <see cref="AdcNonidealityOf"/>.
    /// </summary>
    public IReadOnlyDictionary<string, AdcNonideality> AdcNonidealities { get; init; } = new Dictionary<string, AdcNonideality>();

    /// <summary>The comparator offset and noise of ADC model <paramref name="adcModel"/>; <see cref="AdcNonideality.Ideal"/> when the file lists none.</summary>
    /// <param name="adcModel">An ADC model name (<see cref="AdcModelSet.Names"/>).</param>
    public AdcNonideality AdcNonidealityOf(string adcModel) => AdcNonidealities.GetValueOrDefault(adcModel, AdcNonideality.Ideal);

    /// <summary>
    /// The crossbar's parasitic resistances (periphery file key <c>wires</c>, required in a file), which the Monte Carlo's IR-drop
    /// model scales by the sweep's <c>wireResistanceScale</c>. Null only for a model built in code without them: its wires are ideal.
    /// </summary>
    public WireModel? Wires { get; init; }

    /// <summary>How an array is read (periphery file key <c>readCircuit</c>): rows per read, unselected bitlines, switch sizing,
    /// sense node. <see cref="ReadCircuitModel.WholeArray"/> for a model built in code without it.</summary>
    public ReadCircuitModel ReadCircuit { get; init; } = ReadCircuitModel.WholeArray;
}

/// <summary>
/// Non-idealities of a column ADC's comparator, in LSB of the converter they belong to (so the same values hold at every
/// resolution): an offset drawn once per ADC and programmed chip, and an input-referred noise drawn afresh for every
/// conversion. Both Gaussian with mean 0; 0 and 0 is the ideal converter. Periphery file block <c>adcNonidealities.MODEL</c>.
/// </summary>
/// <param name="OffsetSigmaLsb">Standard deviation of the comparator offset, LSB. Range: &gt;= 0.</param>
/// <param name="NoiseSigmaLsb">Standard deviation of the input-referred noise per conversion, LSB. Range: &gt;= 0.</param>
/// <remarks>Sources per value in the periphery file's <c>sources</c> (<c>adcNonidealities.MODEL.offsetSigmaLsb</c>, ...).</remarks>
public sealed record AdcNonideality(double OffsetSigmaLsb, double NoiseSigmaLsb)
{
    /// <summary>The ideal converter: no offset, no noise.</summary>
    public static AdcNonideality Ideal { get; } = new(0, 0);
}

/// <summary>The ADC models a periphery file defines (key <c>adcModels</c>), by name, as their parameters; and the registry of ADC model kinds.</summary>
/// <param name="Models">Parameters by model name; the names are among <see cref="Names"/>.</param>
public sealed record AdcModelSet(IReadOnlyDictionary<string, AdcParameters> Models)
{
    /// <summary>Every known ADC model kind, in listing order. The one place a new model's parameter block is registered.</summary>
    public static IReadOnlyList<AdcModelKind> Kinds { get; } = [NeurosimSarAdc.Kind, FlashAdc.Kind, FlashVoltageAdc.Kind, SurveyAdc.Kind];

    /// <summary>Every registered ADC model name (of <see cref="Kinds"/>), the values a sweep's <c>adcModel</c> axis may use.</summary>
    public static IReadOnlyList<string> Names { get; } = Kinds.Select(k => k.Name).ToArray();

    /// <summary>Name of the default ADC model, NeuroSim's SAR.</summary>
    public const string NeurosimSarName = NeurosimSarAdc.Key;

    /// <summary>The parameters of the model called <paramref name="name"/>.</summary>
    /// <param name="name">A model name with a block in the periphery file.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the file has no block for <paramref name="name"/> (lists the ones it has).</exception>
    public AdcParameters Get(string name) => Models.TryGetValue(name, out var m)
        ? m
        : throw new ArgumentOutOfRangeException(nameof(name), name, "Range: an ADC model of the periphery file, one of " + string.Join(", ", Models.Keys) + ".");

    /// <summary>Reads the listed keys of a block as numbers &gt; 0 (or any finite number for <paramref name="signed"/> keys); rejects other keys.</summary>
    /// <returns>The values by key, or null when any is missing or out of range.</returns>
    internal static Dictionary<string, double>? ReadNumbers(StrictObjectReader r, JsonObject block, string at,
        IReadOnlyList<(string Key, string Description)> positive, IReadOnlyList<(string Key, string Description)>? signed = null,
        IReadOnlyList<string>? otherKeys = null)
    {
        signed ??= [];
        r.RejectUnknownKeys(block, at, [.. positive.Select(k => k.Key), .. signed.Select(k => k.Key), .. otherKeys ?? []]);
        var values = new Dictionary<string, double>();
        bool ok = true;
        foreach (var (key, description) in positive)
        {
            var x = r.RequiredDouble(block, at, key, description);
            if (x is null) { ok = false; continue; }
            if (x <= 0) { r.Error(JsonSourceMap.Child(at, key), $"a value > 0 ({description})", x.Value.ToString("R", CultureInfo.InvariantCulture)); ok = false; continue; }
            values[key] = x.Value;
        }
        foreach (var (key, description) in signed)
        {
            var x = r.RequiredDouble(block, at, key, description);
            if (x is null) { ok = false; continue; }
            values[key] = x.Value;
        }
        return ok ? values : null;
    }
}

/// <summary>Cell-array geometry and access-transistor values (periphery key <c>array</c>).</summary>
/// <param name="CellHeightF">Cell height along the bitline, in F; the cell width along the wordline is <c>cellAreaF2 / cellHeightF</c>. Range: &gt; 0.</param>
/// <param name="AccessGateCapacitanceF">Gate capacitance one cell's access transistor puts on its wordline, farads. Range: &gt;= 0.</param>
/// <param name="AccessResistanceOverRon">Access-transistor on-resistance in series with each cell, as a fraction of Ron (= 1 / Gmax), per device kind. Range: &gt;= 0.</param>
public sealed record ArrayPeriphery(double CellHeightF, double AccessGateCapacitanceF, IReadOnlyDictionary<string, double> AccessResistanceOverRon)
{
    /// <summary>
    /// Effective conductance of a cell of conductance <paramref name="gS"/> with its access transistor in series:
    /// <c>1 / (1 / G + rAccess)</c>, <c>rAccess = AccessResistanceOverRon[kind] / gMaxS</c>.
    /// </summary>
    /// <param name="gS">Cell conductance, siemens. Range: &gt;= 0.</param>
    /// <param name="gMaxS">The device's Gmax (1 / Ron), siemens. Range: &gt; 0.</param>
    /// <param name="kind">Device kind (a key of <see cref="AccessResistanceOverRon"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="kind"/> has no entry.</exception>
    public double EffectiveConductanceS(double gS, double gMaxS, string kind)
    {
        if (!AccessResistanceOverRon.TryGetValue(kind, out var fraction))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Range: a device kind of the periphery's array.accessResistanceOverRon: " + string.Join(", ", AccessResistanceOverRon.Keys) + ".");
        return gS <= 0 ? 0 : 1 / (1 / gS + fraction / gMaxS);
    }
}

/// <summary>Clock conventions (periphery key <c>timing</c>).</summary>
/// <param name="SyncClockFactor">NeuroSim's synchronous clock: period = factor x (max(WL, mux delay) + ADC delay) (beta = 1.4). Range: &gt;= 1.</param>
public sealed record TimingConventions(double SyncClockFactor);

/// <summary>Energies per event, areas per unit and delays of the driver and digital periphery (periphery key <c>digital</c>).</summary>
/// <param name="WlSwitchEnergyJPerActiveRow">WL switch matrix: energy per selected row per column-mux step, joules (transmission gates passing Vaccess and Vread).</param>
/// <param name="WlSwitchAreaM2PerRow">WL switch matrix area per row, m^2.</param>
/// <param name="WlSwitchLatencyS">WL switch-matrix delay, seconds.</param>
/// <param name="MuxEnergyJPerConversion">Column mux: energy per ADC per column-mux step, joules.</param>
/// <param name="MuxAreaM2PerColumn">Column mux area per column, m^2.</param>
/// <param name="MuxDecoderEnergyJPerStep">Mux decoder: energy per crossbar per column-mux step, joules.</param>
/// <param name="MuxDecoderAreaM2">Mux decoder area per crossbar, m^2.</param>
/// <param name="MuxLatencyS">Column mux + decoder delay, seconds.</param>
/// <param name="AdderEnergyJPerBit">Ripple adder: energy per bit per addition with every node switching, joules.</param>
/// <param name="AdderAreaM2PerBit">Adder area per bit, m^2.</param>
/// <param name="AdderActivity">Switching activity applied to adder energies (NeuroSim delta). Range: (0, 1].</param>
/// <param name="DffEnergyJ">One D flip-flop clocked once with every node switching, joules.</param>
/// <param name="DffAreaM2">Area of one D flip-flop, m^2.</param>
/// <param name="DffActivity">Switching activity applied to shift-add registers (NeuroSim gamma). Range: (0, 1].</param>
/// <param name="PoolingEnergyJPerOp">Pooling / weighted-sum / argmax energy per operation, joules.</param>
/// <param name="PoolingAreaM2">Area of the pooling and argmax unit, m^2.</param>
/// <param name="InterconnectEnergyJPerBitPerTile">Inter-tile interconnect energy per bit per tile hop, joules.</param>
/// <param name="TileCrossbars">Crossbars (subarrays) per tile.</param>
public sealed record DigitalPeriphery(
    double WlSwitchEnergyJPerActiveRow,
    double WlSwitchAreaM2PerRow,
    double WlSwitchLatencyS,
    double MuxEnergyJPerConversion,
    double MuxAreaM2PerColumn,
    double MuxDecoderEnergyJPerStep,
    double MuxDecoderAreaM2,
    double MuxLatencyS,
    double AdderEnergyJPerBit,
    double AdderAreaM2PerBit,
    double AdderActivity,
    double DffEnergyJ,
    double DffAreaM2,
    double DffActivity,
    double PoolingEnergyJPerOp,
    double PoolingAreaM2,
    double InterconnectEnergyJPerBitPerTile,
    int TileCrossbars);

/// <summary>
/// Parasitic resistances of one crossbar tile (periphery file key <c>wires</c>), for the Monte Carlo's IR-drop models
/// (folder <c>Crossbar/IrDrop</c>): the wordline and bitline wire segment between neighbouring cells, the wordline driver's
/// output resistance, the sense node's input resistance (the bitline ends at a virtual ground behind it) and the series
/// on-resistance of the access transistor, as a fraction of the device's Ron, per device kind.
/// </summary>
/// <param name="WordlineOhmPerCell">Wordline (row, input) wire resistance per cell pitch of the reference cell, ohm. Range: &gt; 0.</param>
/// <param name="BitlineOhmPerCell">Bitline (column, output) wire resistance per cell pitch of the reference cell, ohm. Range: &gt; 0.</param>
/// <param name="ReferenceCellAreaF2">Area of the cell the per-pitch values are for, F^2; a device of cell area A has both pitches
/// scaled by <c>sqrt(A / ReferenceCellAreaF2)</c> (same aspect ratio). Range: &gt; 0.</param>
/// <param name="DriverOutputOhm">Output resistance of one wordline driver, ohm. Range: &gt; 0.</param>
/// <param name="SenseInputOhm">Input resistance between a bitline end and the sense amplifier's virtual ground, ohm. Range: &gt; 0.</param>
/// <param name="AccessOnResistanceRatio">Access-transistor on-resistance over the device's Ron (<c>1 / GMaxS</c>), keyed by every
/// device kind (<c>DeviceLoader.Kinds</c>); 0 for kinds read without a separate access transistor. Range: &gt;= 0.</param>
/// <remarks>Sources: per value in the periphery file's <c>sources</c> (NeuroSim V1.4 <c>Param.cpp</c> wire model and
/// <c>NewSwitchMatrix.cpp</c>, 22 nm LSTP); the circuit is described on the IR-drop model's <c>TileParasitics</c>.</remarks>
public sealed record WireModel(
    double WordlineOhmPerCell,
    double BitlineOhmPerCell,
    double ReferenceCellAreaF2,
    double DriverOutputOhm,
    double SenseInputOhm,
    IReadOnlyDictionary<string, double> AccessOnResistanceRatio)
{
    /// <summary>The periphery file key of this block.</summary>
    public const string Key = "wires";
}
