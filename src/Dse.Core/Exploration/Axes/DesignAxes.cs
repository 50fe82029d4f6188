using System.Globalization;
using Dse.Costs;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Search;
using Dse.Workloads;
using static Dse.Diagnostics.ValueNames;
using static Dse.Exploration.Axes.AxisReaders;

namespace Dse.Exploration.Axes;

/// <summary>
/// Every axis of the design space, declared once. To add an axis: declare it here, add it to <see cref="All"/> (its place in
/// the CSV and result lines) and append it to <see cref="KeyOrder"/>, give it a typed accessor in <see cref="DesignCoordinates"/>
/// (same folder), and use the value in the model. The sweep loader, the enumeration, the point key, <c>points.jsonl</c>,
/// <c>points.csv</c> and the report pages pick it up from here.
/// </summary>
public static class DesignAxes
{
    /// <summary>camelCase names of <see cref="Search.SsaMapping"/> values in files.</summary>
    public static IReadOnlyList<(SsaMapping Value, string Name)> SsaMappingNames { get; } = [(Search.SsaMapping.DigitalPooling, "digitalPooling"), (Search.SsaMapping.StoredScales, "storedScales")];

    /// <summary>camelCase names of <see cref="Crossbar.SignedMapping"/> values in files.</summary>
    public static IReadOnlyList<(SignedMapping Value, string Name)> SignedMappingNames { get; } = [(global::Dse.Crossbar.SignedMapping.Differential, "differential"), (global::Dse.Crossbar.SignedMapping.Offset, "offset")];

    /// <summary>Names of the <see cref="CostClock"/> conventions on the command line and in output, <see cref="CostClock.Analog"/> (the default) first.</summary>
    public static IReadOnlyList<(CostClock Value, string Name)> CostClockNames { get; } = [(CostClock.Analog, "analog"), (CostClock.Neurosim, "neurosim")];

    /// <summary>camelCase names of <see cref="AdcRangeMode"/> values in files.</summary>
    public static IReadOnlyList<(AdcRangeMode Value, string Name)> AdcRangeNames { get; } = [(AdcRangeMode.FullScale, "fullScale"), (AdcRangeMode.Calibrated, "calibrated")];

    /// <summary>Valid bits per cell: the cell array's (<see cref="CellArray.CellBitsRange"/>; a device may hold fewer, such points are skipped with a reason).</summary>
    public static IntRange CellBitsRange => CellArray.CellBitsRange;

    /// <summary>Valid ADC resolutions: the ADC's (<see cref="AdcResolution.Bits"/>; an ADC model may cover fewer, such points are skipped with a reason).</summary>
    public static IntRange AdcBitsRange => AdcResolution.Bits;

    /// <summary>Valid quantisation widths of stored values and inputs, sign included: the quantiser's (<see cref="Quantizer.BitsRange"/>).</summary>
    public static IntRange OperandBitsRange => Quantizer.BitsRange;

    /// <summary>Valid virtual-token counts per OVT (<see cref="PromptStore.TokensRange"/>).</summary>
    public static IntRange VirtualTokensRange => PromptStore.TokensRange;

    /// <summary>
    /// The default sigmaScale: each device's programming variation as its file writes it (the shipped NVCiM-PT settings carry
    /// NVCiM-PT's nominal global sigma 0.1; see docs/models.md, 'Programming variation').
    /// </summary>
    public const double NominalSigmaScale = 1;

    /// <summary>Device: a name in the device library or a path, in a sweep; the device's name in a design point.</summary>
    public static Axis<string> Device { get; } = new("devices", "device", null, true, v => v, v => v, [StringColumn("device")],
        (r, root, key) => NonEmpty(r, key, r.RequiredStringArray(root, "$", key, "device names in the device library or paths")), null, required: true);

    /// <summary>Crossbar (subarray) size, rows x columns.</summary>
    public static Axis<CrossbarSize> Crossbar { get; } = new("crossbar", "crossbar size", "rows x cols", true, v => v.ToString(), v => v.ToString(),
        [
            new("rows", v => I(v.Rows), (w, v) => w.WriteNumber("rows", v.Rows), o => new CrossbarSize(Field<int>(o, "rows"), Field<int>(o, "cols"))),
            new("cols", v => I(v.Cols), (w, v) => w.WriteNumber("cols", v.Cols), o => throw new InvalidOperationException("read with rows")),
        ],
        (r, root, key) =>
        {
            if (NonEmpty(r, key, r.RequiredStringArray(root, "$", key, "crossbar sizes \"ROWSxCOLS\"")) is not { } list) return null;
            var result = new List<CrossbarSize>();
            for (int i = 0; i < list.Count; i++)
            {
                if (CrossbarSize.TryParse(list[i]) is { } size) result.Add(size);
                else r.Error($"$.{key}[{i}]", CrossbarSize.Expected, $"\"{list[i]}\"");
            }
            return result;
        }, null, required: true);

    /// <summary>Bits stored per cell.</summary>
    public static Axis<int> CellBits { get; } = new("cellBits", "bits per cell", "bits", true, I, I, [IntColumn("cellBits")], Ints(CellBitsRange, "bits per cell"), null, required: true, tokenPrefix: "c");

    /// <summary>ADC resolution.</summary>
    public static Axis<int> AdcBits { get; } = new("adcBits", "ADC resolution", "bits", true, I, I, [IntColumn("adcBits")], Ints(AdcBitsRange, "ADC resolutions in bits"), null, required: true, tokenPrefix: "a");

    /// <summary>ADC cost model (cost only: the Monte Carlo converts every partial sum the same way).</summary>
    public static Axis<string> AdcModel { get; } = new("adcModel", "ADC cost model", null, false, v => v, v => v, [StringColumn("adcModel")],
        Choices(Dse.Devices.AdcModelSet.Names.Select(n => (n, n)).ToArray()), [Dse.Devices.AdcModelSet.NeurosimSarName]);

    /// <summary>Columns sharing one ADC through a column multiplexer; default: the periphery's value. It changes the Monte Carlo
    /// when the wires are not ideal and unselected bitlines float (the phases are read in turn, each with its own IR drop).</summary>
    public static Axis<int> ColsPerAdc { get; } = new("colsPerAdc", "columns per ADC", null, true, I, I, [IntColumn("colsPerAdc")],
        Ints(CrossbarSize.Range, "columns sharing one ADC"), null, tokenPrefix: "k");

    /// <summary>Virtual tokens n kept per OVT; null: each OVT's native n (file workloads). In a result: the n used.</summary>
    public static Axis<int?> VirtualTokens { get; } = new("virtualTokens", "virtual tokens per OVT", null, true, FormatTokens, FormatTokens,
        [new("virtualTokens", v => v is int n ? I(n) : "", (w, v) => w.WriteNumber("virtualTokens", v!.Value), o => Field<int>(o, "virtualTokens"))],
        (r, root, key) => Ints(VirtualTokensRange, "virtual tokens per OVT")(r, root, key)?.Select(v => (int?)v).ToArray(), [null], tokenPrefix: "n");

    /// <summary>Multiplier of each device file's programming sigma; default <see cref="NominalSigmaScale"/>, the device as written.</summary>
    public static Axis<double> SigmaScale { get; } = new("sigmaScale", "variation scale", "x device sigma", true, R, v => v.ToString("G4", CultureInfo.InvariantCulture),
        [DoubleColumn("sigmaScale")], Doubles(v => v >= 0, "a sigma scale >= 0", "multipliers of the device variation"), [NominalSigmaScale], tokenPrefix: "s");

    /// <summary>Seconds after programming at which the arrays are read (drift, 1/f noise); null: each device at its drift t0.</summary>
    public static Axis<double?> ReadTime { get; } = new("readTime", "read time after programming", "s", true, v => v is double t ? R(t) : "ref", v => v is double t ? R(t) : "t0",
        [new("readTimeS", v => v is double t ? R(t) : "", (w, v) => { if (v is double t) w.WriteNumber("readTimeS", t); }, o => OptionalField<double>(o, "readTimeS"))],
        (r, root, key) => Doubles(v => v > 0, "a read time > 0 s", "read times in seconds after programming")(r, root, key)?.Select(v => (double?)v).ToArray(), [null],
        tokenPrefix: "t");

    /// <summary>How the SSA is laid out on the arrays.</summary>
    public static Axis<SsaMapping> SsaMapping { get; } = new("ssaMapping", "SSA mapping", null, true, v => NameOf(SsaMappingNames, v), v => NameOf(SsaMappingNames, v),
        [NameColumn("ssaMapping", SsaMappingNames)], Choices(SsaMappingNames), [Search.SsaMapping.DigitalPooling]);

    /// <summary>How signed values are stored (differential pair or offset with a reference column).</summary>
    public static Axis<SignedMapping> SignedMapping { get; } = new("signedMapping", "signed mapping", null, true, v => NameOf(SignedMappingNames, v), v => NameOf(SignedMappingNames, v),
        [NameColumn("signedMapping", SignedMappingNames)], Choices(SignedMappingNames), [global::Dse.Crossbar.SignedMapping.Differential]);

    /// <summary>How the ADC range is set: <c>calibrated</c> (default: per chip after programming, a quantile of its partial sums on a held-out
    /// calibration batch) or <c>fullScale</c> (rows x Vread x Gmax).</summary>
    public static Axis<AdcRangeMode> AdcRange { get; } = new("adcRange", "ADC range", null, true, v => NameOf(AdcRangeNames, v), v => NameOf(AdcRangeNames, v),
        [NameColumn("adcRange", AdcRangeNames)], Choices(AdcRangeNames), [AdcRangeMode.Calibrated]);

    /// <summary>Bits of the quantised stored values (sign included).</summary>
    public static Axis<int> WeightBits { get; } = new("weightBits", "stored-value bits", "bits", true, I, I, [IntColumn("weightBits")], Ints(OperandBitsRange, "bits of stored values"), [8], tokenPrefix: "w");

    /// <summary>Bits of the quantised query values (sign included; input bit-planes).</summary>
    public static Axis<int> InputBits { get; } = new("inputBits", "input bits", "bits", true, I, I, [IntColumn("inputBits")], Ints(OperandBitsRange, "bits of input values"), [8], tokenPrefix: "i");

    /// <summary>PCA width d' of the stored rows; null keeps d. In results only when set (the CSV's <c>dim</c> column is the width used).</summary>
    public static Axis<int?> CompressedDim { get; } = new("compressedDim", "PCA width", null, true, FormatDim, FormatDim,
        [new("compressedDim", v => v is int d ? I(d) : "", (w, v) => { if (v is int d) w.WriteNumber("compressedDim", d); }, o => OptionalField<int>(o, "compressedDim"), InCsv: false)],
        ReadCompressedDims, [null], tokenPrefix: "d");

    /// <summary>camelCase names of <see cref="global::Dse.Crossbar.AdcReference"/> values in files.</summary>
    public static IReadOnlyList<(global::Dse.Crossbar.AdcReference Value, string Name)> AdcReferenceNames { get; } =
        [(global::Dse.Crossbar.AdcReference.Nominal, "nominal"), (global::Dse.Crossbar.AdcReference.ReferenceColumn, "referenceColumn"), (global::Dse.Crossbar.AdcReference.Calibrated, "calibrated")];

    /// <summary>
    /// How the ADC's zero is set: <c>referenceColumn</c> (default: a programmed dummy Gmin column per array subtracted in analog, as
    /// NeuroSim's inference model does with its dummy crossbar), <c>calibrated</c> (each column's idle code measured per chip and
    /// removed) or <c>nominal</c> (nominal Gmin x active rows removed digitally; kept for comparison). See docs/models.md, 'Zero reference'.
    /// </summary>
    public static Axis<global::Dse.Crossbar.AdcReference> AdcReference { get; } = new("adcReference", "ADC zero reference", null, true,
        v => NameOf(AdcReferenceNames, v), v => NameOf(AdcReferenceNames, v),
        [new("adcReference", v => NameOf(AdcReferenceNames, v),
            (w, v) => { if (v != global::Dse.Crossbar.AdcReference.ReferenceColumn) w.WriteString("adcReference", NameOf(AdcReferenceNames, v)); },
            o => o["adcReference"] is null ? global::Dse.Crossbar.AdcReference.ReferenceColumn : NameColumn("adcReference", AdcReferenceNames).Read(o))],
        Choices(AdcReferenceNames),
        [global::Dse.Crossbar.AdcReference.ReferenceColumn], omitDefaultToken: true);

    /// <summary>Valid store sizes, OVTs stored and searched (<see cref="PromptStore.OvtCountRange"/>).</summary>
    public static IntRange StoredPromptsRange => PromptStore.OvtCountRange;

    /// <summary>
    /// OVTs stored and searched: the first N of the workload's store (its queries of those N); null: all (left out of result lines).
    /// One OVT per user domain, so this is what grows as a user's device is personalised.
    /// </summary>
    public static Axis<int?> StoredPrompts { get; } = new("storedPrompts", "stored OVTs", null, true, FormatPrompts, FormatPrompts,
        [new("storedPrompts", v => v is int n ? I(n) : "", (w, v) => { if (v is int n) w.WriteNumber("storedPrompts", n); }, o => OptionalField<int>(o, "storedPrompts"))],
        (r, root, key) => Ints(StoredPromptsRange, "OVTs stored and searched")(r, root, key)?.Select(v => (int?)v).ToArray(), [null], omitDefaultToken: true, tokenPrefix: "N");

    /// <summary>
    /// Write-verify policy (<see cref="global::Dse.Crossbar.WriteVerify"/>): in a sweep <c>{ "iterations": k, "slices": "all" | "msb:N" | "none" }</c>
    /// (<c>slices</c> default <c>all</c>); it sets each bit slice's programmed spread and write pulses. Null (the default, left out of keys
    /// and result lines): the device file's <c>verifyIterations</c> charged on every cell, the single-pulse spread simulated.
    /// </summary>
    public static Axis<global::Dse.Crossbar.WriteVerify?> WriteVerify { get; } = new("writeVerify", "write-verify", null, true,
        v => v is null ? "dev" : v.Iterations == 0 ? "0" : v.MsbSlices is int n ? $"{v.Iterations}m{n}" : $"{v.Iterations}", v => v?.ToString() ?? "device",
        [new("writeVerify", v => v?.ToString() ?? "", (w, v) => { if (v is not null) w.WriteString("writeVerify", v.ToString()); },
            o => o["writeVerify"] is null ? null : global::Dse.Crossbar.WriteVerify.Parse(Field<string>(o, "writeVerify"))
                ?? throw new System.Text.Json.JsonException("Field 'writeVerify' is not a write-verify policy (\"none\", \"K all\" or \"K msb:N\").", "$.writeVerify", null, null))],
        ReadWriteVerify, [null], omitDefaultToken: true, tokenPrefix: "v");

    /// <summary>Rewrites of each stored OVT per day under continuous prompt tuning (cost only); null (default): no lifetime figures.</summary>
    public static Axis<double?> UpdatesPerDay { get; } = OptionalRate("updatesPerDay", "OVT updates per day", "1/day", "u", "rewrites of each OVT per day");

    /// <summary>Fraction of an OVT's values changed per update, in (0, 1] (cost only): sparse updates rewrite only those values' cells. Default 1.</summary>
    public static Axis<double> UpdateFraction { get; } = new("updateFraction", "update fraction", null, false, R, v => v.ToString("G4", CultureInfo.InvariantCulture),
        [new("updateFraction", R, (w, v) => { if (v != 1) w.WriteNumber("updateFraction", v); }, o => OptionalField<double>(o, "updateFraction") ?? 1)],
        Doubles(v => v > 0 && v <= 1, "a fraction in (0, 1]", "fractions of an OVT's values changed per update"), [1.0], omitDefaultToken: true, tokenPrefix: "f");

    /// <summary>Query searches per day, for the write energy amortised per query (cost only); null (default): not reported.</summary>
    public static Axis<double?> QueriesPerDay { get; } = OptionalRate("queriesPerDay", "queries per day", "1/day", "q", "query searches per day");

    /// <summary>
    /// Multiplier of every parasitic resistance of the periphery file's <c>wires</c> block (wordline and bitline segments, wordline
    /// driver, sense node, access transistor) in the Monte Carlo's IR-drop model (<see cref="global::Dse.Crossbar.IrDrop.IrDropModel"/>):
    /// 1 (the default, left out of keys and result lines) is the file's wires, 0 ideal wires (every partial sum exactly
    /// <c>Vread sum(active G)</c>, the engine before IR drop was modelled), 2 wires twice as resistive. See docs/models.md, 'Wire resistance and IR drop'.
    /// </summary>
    public static Axis<double> WireResistanceScale { get; } = new("wireResistanceScale", "wire resistance scale", "x periphery wires", true,
        R, v => v.ToString("G4", CultureInfo.InvariantCulture),
        [new("wireResistanceScale", R, (w, v) => { if (v != 1) w.WriteNumber("wireResistanceScale", v); }, o => OptionalField<double>(o, "wireResistanceScale") ?? 1)],
        Doubles(v => v >= 0 && double.IsFinite(v), "a finite scale >= 0 (0: ideal wires)", "multipliers of the periphery's wire resistances"), [1.0], omitDefaultToken: true,
        tokenPrefix: "wr");

    /// <summary>
    /// Wordlines activated together in one read of a subarray; null (<c>"all"</c> in a sweep) every row at once. Each subarray's rows
    /// are read in <c>rows / rowsPerRead</c> groups, each group's partial sums converted and added digitally (docs/models.md, 'Read
    /// circuit'). Default: the periphery's <c>readCircuit.rowsPerRead</c> (the shipped one: <c>"all"</c>). A value above a crossbar's
    /// rows, or not dividing them, is skipped with a reason. Key token <c>r64</c>; left out of keys and result lines at <c>"all"</c>.
    /// </summary>
    public static Axis<int?> RowsPerRead { get; } = new("rowsPerRead", "rows per read", null, true,
        v => v is int n ? I(n) : "all", v => v is int n ? I(n) : "all",
        [new("rowsPerRead", v => v is int n ? I(n) : "all", (w, v) => { if (v is int n) w.WriteNumber("rowsPerRead", n); }, o => OptionalField<int>(o, "rowsPerRead"))],
        ReadRowsPerRead, [null], omitDefaultToken: true, tokenPrefix: "r");

    /// <summary>camelCase names of <see cref="global::Dse.Crossbar.AdcGain"/> values in files.</summary>
    public static IReadOnlyList<(global::Dse.Crossbar.AdcGain Value, string Name)> AdcGainNames { get; } =
        [(global::Dse.Crossbar.AdcGain.None, "none"), (global::Dse.Crossbar.AdcGain.Calibrated, "calibrated")];

    /// <summary>
    /// How each column's gain is set before its ADC: <c>none</c> (default, left out of keys and result lines) or <c>calibrated</c>
    /// (per chip, measured on the calibration batch against the nominal response and trimmed; docs/models.md, 'Column gain calibration').
    /// </summary>
    public static Axis<global::Dse.Crossbar.AdcGain> AdcGain { get; } = new("adcGain", "column gain", null, true,
        v => NameOf(AdcGainNames, v), v => NameOf(AdcGainNames, v),
        [new("adcGain", v => NameOf(AdcGainNames, v),
            (w, v) => { if (v != global::Dse.Crossbar.AdcGain.None) w.WriteString("adcGain", NameOf(AdcGainNames, v)); },
            o => o["adcGain"] is null ? global::Dse.Crossbar.AdcGain.None : NameColumn("adcGain", AdcGainNames).Read(o))],
        Choices(AdcGainNames), [global::Dse.Crossbar.AdcGain.None], omitDefaultToken: true, tokenPrefix: "gain");

    /// <summary>Every axis in the order of the CSV columns and result fields.</summary>
    public static IReadOnlyList<Axis> All { get; } = Indexed(
        [Device, Crossbar, CellBits, AdcBits, AdcModel, ColsPerAdc, VirtualTokens, SigmaScale, ReadTime, SsaMapping, SignedMapping, AdcRange, WeightBits, InputBits, CompressedDim,
         StoredPrompts, AdcReference, WriteVerify, UpdatesPerDay, UpdateFraction, QueriesPerDay, WireResistanceScale, RowsPerRead, AdcGain]);

    /// <summary>
    /// Every axis in point-key order, which is also the enumeration order (first axis outermost). Keys must stay stable: a new
    /// axis is appended here and omits its default from the key.
    /// </summary>
    public static IReadOnlyList<Axis> KeyOrder { get; } =
        [Device, Crossbar, CellBits, AdcBits, VirtualTokens, SigmaScale, WeightBits, InputBits, SsaMapping, SignedMapping, AdcRange, CompressedDim, AdcModel, ColsPerAdc, ReadTime,
         StoredPrompts, AdcReference, WriteVerify, UpdatesPerDay, UpdateFraction, QueriesPerDay, WireResistanceScale, RowsPerRead, AdcGain];

    /// <summary>What separates the tokens of a point key (<see cref="AxisValues.Key"/>) and of the labels built like it.</summary>
    public const char TokenSeparator = '/';

    /// <summary>
    /// <paramref name="tokens"/> joined as in a point key: by <see cref="TokenSeparator"/>, empty tokens (defaults an axis omits from
    /// keys) left out.
    /// </summary>
    public static string JoinTokens(IEnumerable<string> tokens) => string.Join(TokenSeparator, tokens.Where(t => t.Length > 0));

    /// <summary>The axis with sweep-file key <paramref name="jsonKey"/>, or null.</summary>
    public static Axis? ByJsonKey(string jsonKey) => All.FirstOrDefault(a => a.JsonKey == jsonKey);

    private static IReadOnlyList<int?>? ReadRowsPerRead(Diagnostics.StrictObjectReader r, System.Text.Json.Nodes.JsonObject root, string key)
    {
        const string expected = "a non-empty list of rows per read (integers >= 1, or \"all\" for every row of the subarray)";
        if (root[key] is not System.Text.Json.Nodes.JsonArray array || array.Count == 0)
        {
            r.Error($"$.{key}", expected, Diagnostics.StrictObjectReader.Describe(root[key]));
            return null;
        }
        var result = new List<int?>();
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out string? text) && text == "all") result.Add(null);
            else if (array[i] is System.Text.Json.Nodes.JsonValue n && n.TryGetValue(out int rows) && rows >= 1) result.Add(rows);
            else r.Error($"$.{key}[{i}]", "an integer >= 1 or \"all\"", Diagnostics.StrictObjectReader.Describe(array[i]));
        }
        return result;
    }

    private static IReadOnlyList<int?>? ReadCompressedDims(Diagnostics.StrictObjectReader r, System.Text.Json.Nodes.JsonObject root, string key)
    {
        if (root[key] is not System.Text.Json.Nodes.JsonArray array || array.Count == 0)
        {
            r.Error($"$.{key}", "a non-empty list of PCA widths (integers >= 1, or null for no compression)", Diagnostics.StrictObjectReader.Describe(root[key]));
            return null;
        }
        var result = new List<int?>();
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is null) { result.Add(null); continue; }
            if (array[i] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out int d) && d >= 1) result.Add(d);
            else r.Error($"$.{key}[{i}]", "an integer >= 1 or null", Diagnostics.StrictObjectReader.Describe(array[i]));
        }
        return result;
    }

    /// <summary>A cost-only rate per day, absent by default (null, left out of keys and result lines).</summary>
    private static Axis<double?> OptionalRate(string key, string displayName, string unit, string tokenPrefix, string description)
        => new(key, displayName, unit, false, FormatRate, FormatRate,
            [new(key, v => v is double x ? R(x) : "", (w, v) => { if (v is double x) w.WriteNumber(key, x); }, o => OptionalField<double>(o, key))],
            (r, root, k) => Doubles(v => v > 0, "a rate > 0 per day", description)(r, root, k)?.Select(v => (double?)v).ToArray(), [null], omitDefaultToken: true,
            tokenPrefix: tokenPrefix);

    private static string FormatRate(double? v) => v is double x ? R(x) : "none";

    private static string FormatTokens(int? v) => v is int n ? I(n) : "native";

    private static string FormatDim(int? v) => v is int d ? I(d) : "full";

    private static string FormatPrompts(int? v) => v is int n ? I(n) : "all";

    /// <summary>Reads the <c>writeVerify</c> list: objects <c>{ "iterations": k &gt;= 0, "slices": "all" | "msb:N" | "none" }</c>; equal policies once.</summary>
    private static IReadOnlyList<global::Dse.Crossbar.WriteVerify?>? ReadWriteVerify(Diagnostics.StrictObjectReader r, System.Text.Json.Nodes.JsonObject root, string key)
    {
        if (root[key] is not System.Text.Json.Nodes.JsonArray array || array.Count == 0)
        {
            r.Error($"$.{key}", "a non-empty list of write-verify policies { \"iterations\": k, \"slices\": \"all\" | \"msb:N\" | \"none\" }",
                Diagnostics.StrictObjectReader.Describe(root[key]));
            return null;
        }
        var result = new List<global::Dse.Crossbar.WriteVerify?>();
        for (int i = 0; i < array.Count; i++)
        {
            string at = $"$.{key}[{i}]";
            if (array[i] is not System.Text.Json.Nodes.JsonObject o)
            {
                r.Error(at, "an object { \"iterations\": k, \"slices\": \"all\" | \"msb:N\" | \"none\" }", Diagnostics.StrictObjectReader.Describe(array[i]));
                continue;
            }
            r.RejectUnknownKeys(o, at, ["iterations", "slices"]);
            var k = r.RequiredInt(o, at, "iterations", "program-and-verify iterations per verified cell, >= 0");
            if (k is < 0) { r.Error($"{at}.iterations", "an integer >= 0", k.Value.ToString(CultureInfo.InvariantCulture)); k = null; }
            var slices = r.OptionalString(o, at, "slices", "verified bit slices: all, msb:N (N >= 1) or none") ?? "all";
            var (ok, msb) = global::Dse.Crossbar.WriteVerify.ParseSlices(slices);
            if (!ok) r.Error($"{at}.slices", "\"all\", \"none\" or \"msb:N\" with N an integer >= 1", $"\"{slices}\"");
            if (k is int iterations && ok)
            {
                var policy = global::Dse.Crossbar.WriteVerify.Of(iterations, msb);
                if (!result.Contains(policy)) result.Add(policy);
            }
        }
        return result;
    }

    private static IReadOnlyList<Axis> Indexed(IReadOnlyList<Axis> axes)
    {
        for (int i = 0; i < axes.Count; i++) axes[i].Index = i;
        return axes;
    }
}
