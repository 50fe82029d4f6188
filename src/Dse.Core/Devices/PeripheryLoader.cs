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
    /// <summary>The keys a periphery file may hold at the top level.</summary>
    internal static readonly string[] RootKeys =
    [
        "$schema", "version", "name", "description", "featureSizeM", "supplyVoltageV", "clockHz", "readVoltageV",
        "readPulseS", "wireCapacitanceFPerM", "colsPerAdc", "adcModels", "adcNonidealities", "array", "timing", "digital", WireModel.Key, ReadCircuitModel.Key, "sources",
    ];

    private static readonly (string Key, string Description)[] DigitalKeys =
    [
        ("wlSwitchEnergyJPerActiveRow", "WL switch-matrix energy per selected row and column-mux step, joules"),
        ("wlSwitchAreaM2PerRow", "WL switch-matrix area per row, m^2"),
        ("wlSwitchLatencyS", "WL switch-matrix delay, seconds"),
        ("muxEnergyJPerConversion", "column-mux energy per ADC and mux step, joules"),
        ("muxAreaM2PerColumn", "column-mux area per column, m^2"),
        ("muxDecoderEnergyJPerStep", "mux-decoder energy per crossbar and mux step, joules"),
        ("muxDecoderAreaM2", "mux-decoder area per crossbar, m^2"),
        ("muxLatencyS", "column mux + decoder delay, seconds"),
        ("adderEnergyJPerBit", "adder energy per bit per addition at full activity, joules"),
        ("adderAreaM2PerBit", "adder area per bit, m^2"),
        ("adderActivity", "adder switching activity, in (0, 1]"),
        ("dffEnergyJ", "D flip-flop energy per clock at full activity, joules"),
        ("dffAreaM2", "D flip-flop area, m^2"),
        ("dffActivity", "shift-add register switching activity, in (0, 1]"),
        ("poolingEnergyJPerOp", "pooling / weighted-sum / argmax energy per operation, joules"),
        ("poolingAreaM2", "pooling and argmax unit area, m^2"),
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
        var array = ReadArray(r, root);
        var timing = ReadTiming(r, root);
        var digital = ReadDigital(r, root);
        var nonidealities = ReadAdcNonidealities(r, root);
        var wires = ReadWires(r, root);
        var readCircuit = ReadReadCircuit(r, root);
        ModelFiles.CheckSources(r, root);
        r.ThrowIfAny();

        return new PeripheryModel(name!, f!.Value, vdd!.Value, clock!.Value, vread!.Value, pulse!.Value, cWire!.Value,
            colsPerAdc!.Value, adc!, array!, timing!, digital!, path) { AdcNonidealities = nonidealities, Wires = wires, ReadCircuit = readCircuit! };
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
        var models = r.RequiredObject(root, "$", "adcModels", "one parameter block per ADC model, among: " + string.Join(", ", AdcModelSet.Names));
        if (models is null) return null;
        const string at = "$.adcModels";
        r.RejectUnknownKeys(models, at, [.. AdcModelSet.Names]);
        var read = new Dictionary<string, AdcParameters>();
        bool ok = true;
        foreach (var kind in AdcModelSet.Kinds)
        {
            var block = r.OptionalObject(models, at, kind.Name, kind.Description);
            if (block is null) continue;
            var model = kind.Read(r, block, JsonSourceMap.Child(at, kind.Name));
            if (model is null) ok = false;
            else read[kind.Name] = model;
        }
        if (ok && read.Count == 0)
        {
            r.Error(at, "at least one ADC model block: " + string.Join(", ", AdcModelSet.Names), "an empty object");
            return null;
        }
        return ok ? new AdcModelSet(read) : null;
    }

    private static ArrayPeriphery? ReadArray(StrictObjectReader r, JsonObject root)
    {
        var a = r.RequiredObject(root, "$", "array", "cell-array geometry and access transistor");
        if (a is null) return null;
        const string at = "$.array";
        r.RejectUnknownKeys(a, at, ["cellHeightF", "accessGateCapacitanceF", "accessResistanceOverRon"]);
        var height = Positive(r, a, at, "cellHeightF", "cell height along the bitline, in F");
        var gate = r.RequiredDouble(a, at, "accessGateCapacitanceF", "access-transistor gate capacitance per cell on the wordline, farads");
        if (gate is < 0) r.Error($"{at}.accessGateCapacitanceF", "a value >= 0", gate.Value.ToString("R", CultureInfo.InvariantCulture));
        var fractions = r.RequiredObject(a, at, "accessResistanceOverRon", "access resistance / Ron per device kind");
        var byKind = new Dictionary<string, double>();
        if (fractions is not null)
        {
            string fat = $"{at}.accessResistanceOverRon";
            r.RejectUnknownKeys(fractions, fat, [.. DeviceLoader.Kinds]);
            foreach (var kind in DeviceLoader.Kinds)
            {
                var x = r.RequiredDouble(fractions, fat, kind, $"access resistance / Ron for {kind} cells");
                if (x is < 0) r.Error($"{fat}.{kind}", "a value >= 0", x.Value.ToString("R", CultureInfo.InvariantCulture));
                else if (x is not null) byKind[kind] = x.Value;
            }
        }
        return height is null || gate is not >= 0 || byKind.Count != DeviceLoader.Kinds.Count ? null : new ArrayPeriphery(height.Value, gate.Value, byKind);
    }

    private static TimingConventions? ReadTiming(StrictObjectReader r, JsonObject root)
    {
        var t = r.RequiredObject(root, "$", "timing", "clock conventions");
        if (t is null) return null;
        const string at = "$.timing";
        r.RejectUnknownKeys(t, at, ["syncClockFactor"]);
        var factor = r.RequiredDouble(t, at, "syncClockFactor", "NeuroSim's synchronous clock factor beta");
        if (factor is < 1) r.Error($"{at}.syncClockFactor", "a value >= 1 (beta, 1.4 in NeuroSim)", factor.Value.ToString("R", CultureInfo.InvariantCulture));
        return factor is >= 1 ? new TimingConventions(factor.Value) : null;
    }

    /// <summary>The optional block <c>adcNonidealities</c>: per ADC model name, <c>offsetSigmaLsb</c> and <c>noiseSigmaLsb</c> (&gt;= 0).</summary>
    private static Dictionary<string, AdcNonideality> ReadAdcNonidealities(StrictObjectReader r, JsonObject root)
    {
        var result = new Dictionary<string, AdcNonideality>(StringComparer.Ordinal);
        var block = r.OptionalObject(root, "$", "adcNonidealities", "comparator offset and noise per ADC model: " + string.Join(", ", AdcModelSet.Names));
        if (block is null) return result;
        const string at = "$.adcNonidealities";
        r.RejectUnknownKeys(block, at, AdcModelSet.Names.ToArray());
        foreach (var model in AdcModelSet.Names)
        {
            var o = r.OptionalObject(block, at, model, $"comparator offset and noise of the {model} ADC");
            if (o is null) continue;
            string path = JsonSourceMap.Child(at, model);
            r.RejectUnknownKeys(o, path, ["offsetSigmaLsb", "noiseSigmaLsb"]);
            var offset = NonNegative(r, o, path, "offsetSigmaLsb", "sigma of the comparator offset per ADC and chip, LSB");
            var noise = NonNegative(r, o, path, "noiseSigmaLsb", "sigma of the input-referred noise per conversion, LSB");
            if (offset is double a && noise is double b) result[model] = new AdcNonideality(a, b);
        }
        return result;
    }

    private static double? NonNegative(StrictObjectReader r, JsonObject obj, string at, string key, string description)
    {
        var x = r.RequiredDouble(obj, at, key, description);
        if (x is not < 0) return x;
        r.Error(JsonSourceMap.Child(at, key), $"a value >= 0 ({description})", x.Value.ToString("R", CultureInfo.InvariantCulture));
        return null;
    }

    private static DigitalPeriphery? ReadDigital(StrictObjectReader r, JsonObject root)
    {
        var d = r.RequiredObject(root, "$", "digital", "digital and driver periphery");
        if (d is null) return null;
        const string at = "$.digital";
        r.RejectUnknownKeys(d, at, [.. DigitalKeys.Select(k => k.Key), "tileCrossbars"]);
        var v = DigitalKeys.ToDictionary(k => k.Key, k => Positive(r, d, at, k.Key, k.Description));
        foreach (var key in new[] { "adderActivity", "dffActivity" })
            if (v[key] is > 1) { r.Error($"{at}.{key}", "an activity in (0, 1]", v[key]!.Value.ToString("R", CultureInfo.InvariantCulture)); v[key] = null; }
        var tile = r.RequiredInt(d, at, "tileCrossbars", "crossbars per tile");
        if (tile is < 1)
            r.Error($"{at}.tileCrossbars", "at least 1 crossbar per tile", tile.Value.ToString(CultureInfo.InvariantCulture));
        if (v.Values.Any(x => x is null) || tile is not >= 1) return null;
        double V(string key) => v[key]!.Value;
        return new DigitalPeriphery(V("wlSwitchEnergyJPerActiveRow"), V("wlSwitchAreaM2PerRow"), V("wlSwitchLatencyS"),
            V("muxEnergyJPerConversion"), V("muxAreaM2PerColumn"), V("muxDecoderEnergyJPerStep"), V("muxDecoderAreaM2"), V("muxLatencyS"),
            V("adderEnergyJPerBit"), V("adderAreaM2PerBit"), V("adderActivity"), V("dffEnergyJ"), V("dffAreaM2"), V("dffActivity"),
            V("poolingEnergyJPerOp"), V("poolingAreaM2"), V("interconnectEnergyJPerBitPerTile"), tile.Value);
    }

    private static readonly (string Key, string Description)[] WireKeys =
    [
        ("wordlineOhmPerCell", "wordline wire resistance per cell pitch, ohm"),
        ("bitlineOhmPerCell", "bitline wire resistance per cell pitch, ohm"),
        ("referenceCellAreaF2", "area of the cell the per-pitch values are for, F^2"),
        ("driverOutputOhm", "wordline driver output resistance, ohm"),
        ("senseInputOhm", "sense node input resistance, ohm"),
    ];

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

    /// <summary>The keys of the <c>readCircuit</c> block.</summary>
    internal static readonly string[] ReadCircuitKeys =
    [
        "rowsPerRead", "unselectedBitlines", "switchSizing", "switchLoadTolerance", "senseNode", "clampLoopGain", "clampEnergyJPerConversion",
        "clampAreaM2", "gainTrimEnergyJPerConversion", "gainTrimAreaM2PerColumn",
    ];

    /// <summary>The required block <c>readCircuit</c> (<see cref="ReadCircuitModel"/>); null when any value is missing, of the wrong type or out of range.</summary>
    private static ReadCircuitModel? ReadReadCircuit(StrictObjectReader r, JsonObject root)
    {
        var c = r.RequiredObject(root, "$", ReadCircuitModel.Key, "how an array is read: rows per read, unselected bitlines, switch sizing, sense node, clamp and gain-trim costs");
        if (c is null) return null;
        const string at = "$." + ReadCircuitModel.Key;
        r.RejectUnknownKeys(c, at, ReadCircuitKeys);
        const string rowsDescription = $"wordlines driven together in one read: an integer >= 1, or \"{ReadCircuitModel.AllRows}\" for every row of the subarray";
        bool rowsOk;
        int? rowsPerRead = null;
        if (c["rowsPerRead"] is JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String)
            rowsOk = r.RequiredChoice(c, at, "rowsPerRead", [ReadCircuitModel.AllRows], rowsDescription) is not null;
        else
        {
            rowsPerRead = r.RequiredInt(c, at, "rowsPerRead", rowsDescription);
            if (rowsPerRead is < 1)
                r.Error($"{at}.rowsPerRead", rowsDescription, rowsPerRead.Value.ToString(CultureInfo.InvariantCulture));
            rowsOk = rowsPerRead is >= 1;
        }
        T? Choice<T>(string key, IReadOnlyList<(T Value, string Name)> names, string description) where T : struct =>
            ValueNames.ValueOf(names, r.RequiredChoice(c, at, key, names.Select(n => n.Name).ToArray(), description));
        var unselected = Choice("unselectedBitlines", ReadCircuitModel.UnselectedBitlinesNames, "what the bitlines the column mux does not select are tied to");
        var sizing = Choice("switchSizing", ReadCircuitModel.SwitchSizingNames, "how the wordline drivers and sense switches are sized");
        var sense = Choice("senseNode", ReadCircuitModel.SenseNodeNames, "what holds the bitline at the sense input");
        double? InRange(string key, Func<double, bool> ok, string expected, string description)
        {
            var x = r.RequiredDouble(c, at, key, description);
            if (x is not double v || ok(v)) return x;
            r.Error(JsonSourceMap.Child(at, key), $"{expected} ({description})", v.ToString("R", CultureInfo.InvariantCulture));
            return null;
        }
        var tolerance = InRange("switchLoadTolerance", x => x > 0 && x <= 10, "a value in (0, 10]",
            "largest switch on-resistance over the parallel resistance of the cells it carries at Gmax");
        var loopGain = InRange("clampLoopGain", x => x >= 1, "a value >= 1", "loop gain of the bitline clamp, dividing the sense input resistance");
        var clampEnergy = NonNegative(r, c, at, "clampEnergyJPerConversion", "clamp amplifier energy per conversion, joules");
        var clampArea = NonNegative(r, c, at, "clampAreaM2", "area of one clamp amplifier (one per ADC), m^2");
        var trimEnergy = NonNegative(r, c, at, "gainTrimEnergyJPerConversion", "per-column gain correction energy per conversion, joules");
        var trimArea = NonNegative(r, c, at, "gainTrimAreaM2PerColumn", "stored gain trim per physical column, m^2");
        if (!rowsOk || unselected is null || sizing is null || sense is null || tolerance is null || loopGain is null || clampEnergy is null
            || clampArea is null || trimEnergy is null || trimArea is null) return null;
        return new ReadCircuitModel(rowsPerRead, unselected.Value, sizing.Value, tolerance.Value, sense.Value, loopGain.Value, clampEnergy.Value,
            clampArea.Value, trimEnergy.Value, trimArea.Value);
    }

    private static double? Positive(StrictObjectReader r, JsonObject obj, string at, string key, string description)
    {
        var x = r.RequiredDouble(obj, at, key, description);
        if (x is not <= 0) return x;
        r.Error(JsonSourceMap.Child(at, key), $"a value > 0 ({description})", x.Value.ToString("R", CultureInfo.InvariantCulture));
        return null;
    }
}
