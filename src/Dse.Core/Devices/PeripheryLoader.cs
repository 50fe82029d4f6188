using System.Globalization;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// Loads <see cref="PeripheryModel"/>s from <c>device-models/periphery/NAME.json</c> with the same
/// strictness as <see cref="DeviceLoader"/>: every value present, finite, in range and sourced.
/// </summary>
/// <remarks>Format: <c>device-models/schema/periphery.schema.json</c>.</remarks>
public static class PeripheryLoader
{
    /// <summary>ADC models a periphery file must define, one block each in <c>adcModels</c>.</summary>
    public static IReadOnlyList<string> AdcModels => AdcModelSet.Names;

    private static readonly string[] RootKeys =
    [
        "$schema", "version", "name", "description", "featureSizeM", "supplyVoltageV", "clockHz", "readVoltageV",
        "readPulseS", "wireCapacitanceFPerM", "colsPerAdc", "adcModels", "digital", WireModel.Key, "sources",
    ];

    private static readonly (string Key, string Description)[] SarKeys =
    [
        ("powerPerBitW", "a: power per ADC bit in watts"),
        ("powerOffsetW", "b: power offset in watts"),
        ("columnCurrentCoefficientWPerS", "c: column-current power coefficient in watts per siemens"),
        ("referenceReadVoltageV", "read voltage of the fit in volts"),
        ("conversionStepS", "time per SAR cycle in seconds"),
        ("areaScale", "multiplier of the area fit, um^2 per transistor"),
        ("areaOffsetUm2", "area offset before scaling"),
        ("areaPerBitUm2", "area per bit before scaling"),
    ];

    private static readonly (string Key, string Description)[] FlashKeys =
    [
        ("comparatorEnergyJ", "energy of one comparator per conversion, joules"),
        ("comparatorAreaM2", "area of one comparator, m^2"),
        ("conversionS", "latency of one conversion, seconds"),
    ];

    private static readonly (string Key, string Description)[] SurveyPositiveKeys =
    [
        ("sampleRateHz", "sample rate of one ADC, hertz"),
        ("fomsInterceptDb", "Schreier FOM intercept, dB"),
        ("fomsCapInterceptDb", "intercept of the resolution cap on the FOM, dB"),
        ("fomsCapPerBitDb", "slope of the resolution cap on the FOM per bit, dB"),
        ("areaPerLnNm", "area slope per ln(technology nm)"),
        ("areaPerLnHz", "area slope per ln(Hz)"),
    ];

    private static readonly (string Key, string Description)[] SurveySignedKeys =
    [
        ("fomsPerLnHzDb", "Schreier FOM slope per ln(Hz), dB"),
        ("energyIntercept", "energy correction intercept (natural log)"),
        ("energyResidual", "energy correction residual (natural log)"),
        ("energyPerLnNm", "energy correction slope per ln(technology nm)"),
        ("energyPerLnBits", "energy correction slope per ln(bits)"),
        ("areaIntercept", "area intercept, ln(um^2)"),
        ("areaPerLnPj", "area slope per ln(pJ per conversion)"),
    ];

    private static readonly (string Key, string Description)[] DigitalKeys =
    [
        ("wlDriverEnergyJ", "wordline driver + DAC energy per row and input cycle, joules"),
        ("wlDriverAreaM2", "wordline driver area, m^2"),
        ("wlDriverLatencyS", "wordline driver delay, seconds"),
        ("muxEnergyJ", "column-mux energy per switch event, joules"),
        ("muxAreaM2", "column-mux area per column, m^2"),
        ("muxLatencyS", "column-mux delay, seconds"),
        ("shiftAddEnergyJPerBit", "shift-and-add energy per operand bit, joules"),
        ("shiftAddAreaM2PerBit", "shift-and-add area per operand bit, m^2"),
        ("accumulatorEnergyJPerBit", "accumulator energy per bit per addition, joules"),
        ("accumulatorAreaM2PerBit", "accumulator area per bit, m^2"),
        ("poolingEnergyJPerOp", "pooling / weighted-sum / argmax energy per operation, joules"),
        ("poolingAreaM2", "pooling and argmax unit area, m^2"),
        ("bufferEnergyJPerBit", "SRAM buffer access energy per bit, joules"),
        ("bufferAreaM2PerBit", "SRAM buffer area per bit, m^2"),
        ("interconnectEnergyJPerBitPerTile", "inter-tile energy per bit per hop, joules"),
    ];

    /// <summary>Loads and validates one periphery file.</summary>
    /// <param name="path">Path of the JSON file.</param>
    /// <exception cref="InputException">The file is missing, a directory, malformed, or invalid (all problems listed).</exception>
    public static PeripheryModel Load(string path)
    {
        var (r, root, name) = ModelFiles.Open(path, "periphery model", RootKeys);
        r.RequiredString(root, "$", "description", "one line for listings");

        var f = Positive(r, root, "$", "featureSizeM", "feature size F in metres");
        var vdd = Positive(r, root, "$", "supplyVoltageV", "digital supply voltage in volts");
        var clock = Positive(r, root, "$", "clockHz", "clock frequency in hertz");
        var vread = Positive(r, root, "$", "readVoltageV", "wordline read voltage in volts");
        var pulse = Positive(r, root, "$", "readPulseS", "read pulse width in seconds");
        var cWire = Positive(r, root, "$", "wireCapacitanceFPerM", "wire capacitance in farads per metre");
        var colsPerAdc = r.RequiredInt(root, "$", "colsPerAdc", "columns sharing one ADC");
        if (colsPerAdc is < 1)
            r.Error("$.colsPerAdc", "at least 1 column per ADC", colsPerAdc.Value.ToString(CultureInfo.InvariantCulture));

        var adc = ReadAdc(r, root);
        var digital = ReadDigital(r, root);
        ReadWires(r, root); // validated with the rest of the file; LoadWires returns it
        ModelFiles.CheckSources(r, root);
        r.ThrowIfAny();

        return new PeripheryModel(name!, f!.Value, vdd!.Value, clock!.Value, vread!.Value, pulse!.Value, cWire!.Value,
            colsPerAdc!.Value, adc!, digital!, path);
    }

    /// <summary>Resolves a periphery reference (bare name in <paramref name="peripheryDir"/>, or a path) and loads it.</summary>
    /// <param name="nameOrPath">A bare name (<c>22nm</c>) or a path to a JSON file.</param>
    /// <param name="peripheryDir">The <c>device-models/periphery/</c> directory.</param>
    /// <param name="relativeTo">Directory a relative path is taken from; null: the working directory.</param>
    /// <exception cref="InputException">Unknown name (lists the available ones and the nearest), or an invalid file.</exception>
    public static PeripheryModel Resolve(string nameOrPath, string peripheryDir, string? relativeTo) =>
        Load(ModelFiles.ResolvePath(nameOrPath, peripheryDir, relativeTo, "periphery"));

    private static AdcModelSet? ReadAdc(StrictObjectReader r, JsonObject root)
    {
        var models = r.RequiredObject(root, "$", "adcModels", "one parameter block per ADC model: " + string.Join(", ", AdcModelSet.Names));
        if (models is null) return null;
        const string at = "$.adcModels";
        r.RejectUnknownKeys(models, at, AdcModelSet.Names.ToArray());
        var sar = ReadSar(r, models, at);
        var flash = ReadFlash(r, models, at);
        var survey = ReadSurvey(r, models, at);
        return sar is not null && flash is not null && survey is not null ? new AdcModelSet(sar, flash, survey) : null;
    }

    private static NeurosimSarAdc? ReadSar(StrictObjectReader r, JsonObject models, string parent)
    {
        var sar = r.RequiredObject(models, parent, AdcModelSet.NeurosimSarName, "NeuroSim SAR ADC fit (SarADC.cpp)");
        if (sar is null) return null;
        string at = JsonSourceMap.Child(parent, AdcModelSet.NeurosimSarName);
        r.RejectUnknownKeys(sar, at, SarKeys.Select(k => k.Key).ToArray());
        var v = SarKeys.Select(k => Positive(r, sar, at, k.Key, k.Description)).ToArray();
        return v.All(x => x is not null)
            ? new NeurosimSarAdc(v[0]!.Value, v[1]!.Value, v[2]!.Value, v[3]!.Value, v[4]!.Value, v[5]!.Value, v[6]!.Value, v[7]!.Value)
            : null;
    }

    private static FlashAdc? ReadFlash(StrictObjectReader r, JsonObject models, string parent)
    {
        var flash = r.RequiredObject(models, parent, AdcModelSet.FlashName, "flash ADC: 2^B - 1 comparators");
        if (flash is null) return null;
        string at = JsonSourceMap.Child(parent, AdcModelSet.FlashName);
        r.RejectUnknownKeys(flash, at, FlashKeys.Select(k => k.Key).ToArray());
        var v = FlashKeys.Select(k => Positive(r, flash, at, k.Key, k.Description)).ToArray();
        return v.All(x => x is not null) ? new FlashAdc(v[0]!.Value, v[1]!.Value, v[2]!.Value) : null;
    }

    private static SurveyAdc? ReadSurvey(StrictObjectReader r, JsonObject models, string parent)
    {
        var survey = r.RequiredObject(models, parent, AdcModelSet.SurveyName, "Murmann-survey ADC fit (Accelergy ADC plug-in)");
        if (survey is null) return null;
        string at = JsonSourceMap.Child(parent, AdcModelSet.SurveyName);
        r.RejectUnknownKeys(survey, at, [.. SurveyPositiveKeys.Select(k => k.Key), .. SurveySignedKeys.Select(k => k.Key), "minBits"]);
        var p = SurveyPositiveKeys.ToDictionary(k => k.Key, k => Positive(r, survey, at, k.Key, k.Description));
        var s = SurveySignedKeys.ToDictionary(k => k.Key, k => r.RequiredDouble(survey, at, k.Key, k.Description));
        var minBits = r.RequiredInt(survey, at, "minBits", "lowest resolution the fit covers");
        if (minBits is < 1 or > 16)
            r.Error($"{at}.minBits", "an integer in 1..16", minBits.Value.ToString(CultureInfo.InvariantCulture));
        if (p.Values.Any(x => x is null) || s.Values.Any(x => x is null) || minBits is not (>= 1 and <= 16)) return null;
        return new SurveyAdc(p["sampleRateHz"]!.Value, minBits.Value, p["fomsInterceptDb"]!.Value, s["fomsPerLnHzDb"]!.Value,
            p["fomsCapInterceptDb"]!.Value, p["fomsCapPerBitDb"]!.Value, s["energyIntercept"]!.Value, s["energyResidual"]!.Value,
            s["energyPerLnNm"]!.Value, s["energyPerLnBits"]!.Value, s["areaIntercept"]!.Value, p["areaPerLnNm"]!.Value,
            p["areaPerLnHz"]!.Value, s["areaPerLnPj"]!.Value);
    }

    private static DigitalPeriphery? ReadDigital(StrictObjectReader r, JsonObject root)
    {
        var d = r.RequiredObject(root, "$", "digital", "digital and driver periphery");
        if (d is null) return null;
        const string at = "$.digital";
        r.RejectUnknownKeys(d, at, [.. DigitalKeys.Select(k => k.Key), "tileCrossbars"]);
        var v = DigitalKeys.Select(k => Positive(r, d, at, k.Key, k.Description)).ToArray();
        var tile = r.RequiredInt(d, at, "tileCrossbars", "crossbars per tile");
        if (tile is < 1)
            r.Error($"{at}.tileCrossbars", "at least 1 crossbar per tile", tile.Value.ToString(CultureInfo.InvariantCulture));
        if (v.Any(x => x is null) || tile is not >= 1) return null;
        return new DigitalPeriphery(v[0]!.Value, v[1]!.Value, v[2]!.Value, v[3]!.Value, v[4]!.Value, v[5]!.Value,
            v[6]!.Value, v[7]!.Value, v[8]!.Value, v[9]!.Value, v[10]!.Value, v[11]!.Value, v[12]!.Value, v[13]!.Value,
            v[14]!.Value, tile.Value);
    }

    private static readonly (string Key, string Description)[] WireKeys =
    [
        ("wordlineOhmPerCell", "wordline wire resistance per cell pitch, ohm"),
        ("bitlineOhmPerCell", "bitline wire resistance per cell pitch, ohm"),
        ("referenceCellAreaF2", "area of the cell the per-pitch values are for, F^2"),
        ("driverOutputOhm", "wordline driver output resistance, ohm"),
        ("senseInputOhm", "sense node input resistance, ohm"),
    ];

    /// <summary>
    /// Loads the <c>wires</c> block (IR-drop parasitics) of one periphery file, after the same checks as <see cref="Load"/>
    /// on the whole file.
    /// </summary>
    /// <param name="path">Path of the periphery JSON file (e.g. <see cref="PeripheryModel.SourceFile"/>).</param>
    /// <returns>The wire model of the file.</returns>
    /// <exception cref="InputException">The file is missing, malformed, or invalid anywhere (all problems listed).</exception>
    public static WireModel LoadWires(string path)
    {
        Load(path);
        var (r, root, _) = ModelFiles.Open(path, "periphery model", RootKeys);
        var wires = ReadWires(r, root);
        r.ThrowIfAny();
        return wires!;
    }

    private static WireModel? ReadWires(StrictObjectReader r, JsonObject root)
    {
        var w = r.RequiredObject(root, "$", WireModel.Key, "crossbar wire and parasitic resistances (IR drop)");
        if (w is null) return null;
        const string at = "$." + WireModel.Key;
        const string ratioKey = "accessOnResistanceRatio";
        r.RejectUnknownKeys(w, at, [.. WireKeys.Select(k => k.Key), ratioKey]);
        var v = WireKeys.Select(k => Positive(r, w, at, k.Key, k.Description)).ToArray();
        var ratios = r.RequiredObject(w, at, ratioKey, "access-transistor on-resistance over Ron, one entry per device kind: " + string.Join(", ", DeviceLoader.Kinds));
        var ratio = new Dictionary<string, double>();
        if (ratios is not null)
        {
            string ratioAt = JsonSourceMap.Child(at, ratioKey);
            r.RejectUnknownKeys(ratios, ratioAt, DeviceLoader.Kinds.ToArray());
            foreach (var kind in DeviceLoader.Kinds)
            {
                var x = r.RequiredDouble(ratios, ratioAt, kind, $"access on-resistance of a {kind} cell over its Ron");
                if (x is >= 0) ratio[kind] = x.Value;
                else if (x is not null)
                    r.Error(JsonSourceMap.Child(ratioAt, kind), "a value >= 0 (0: no access transistor)", x.Value.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        if (v.Any(x => x is null) || ratio.Count != DeviceLoader.Kinds.Count) return null;
        return new WireModel(v[0]!.Value, v[1]!.Value, v[2]!.Value, v[3]!.Value, v[4]!.Value, ratio);
    }

    private static double? Positive(StrictObjectReader r, JsonObject obj, string at, string key, string description)
    {
        var x = r.RequiredDouble(obj, at, key, description);
        if (x is not <= 0) return x;
        r.Error(JsonSourceMap.Child(at, key), $"a value > 0 ({description})", x.Value.ToString("R", CultureInfo.InvariantCulture));
        return null;
    }
}
