using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices.Import;

/// <summary>
/// What measurements cannot give, supplied by the user: the technology, the cell area and the write cost. Every one is required;
/// <see cref="DeviceImporter.Build"/> names each missing one rather than invent it.
/// </summary>
public sealed record DeviceImportOptions
{
    /// <summary>Technology, one of <see cref="DeviceLoader.Kinds"/>.</summary>
    public string? Kind { get; init; }

    /// <summary>One line for listings; null: "imported from FILE".</summary>
    public string? Description { get; init; }

    /// <summary>Cell area in F^2, &gt; 0.</summary>
    public double? CellAreaF2 { get; init; }

    /// <summary>Energy of one write pulse on one cell in joules, &gt;= 0.</summary>
    public double? WriteEnergyPerCellJ { get; init; }

    /// <summary>Write pulse width in seconds, &gt; 0.</summary>
    public double? WritePulseS { get; init; }

    /// <summary>Program-and-verify iterations per cell write, &gt;= 0 (0: one pulse).</summary>
    public int? VerifyIterations { get; init; }

    /// <summary>Write cycles a cell survives, &gt; 0.</summary>
    public double? EnduranceCycles { get; init; }

    /// <summary>Sources of the values above keyed by device-file path (<c>cellAreaF2</c>, <c>write.pulseS</c>, ...): a datasheet, a paper, a layout.</summary>
    public IReadOnlyDictionary<string, string> Citations { get; init; } = new Dictionary<string, string>();

    /// <summary>Fewest reads per level without a warning; null: <see cref="ImportChecks.MinReadsPerLevel"/>.</summary>
    public int? MinReadsPerLevel { get; init; }

    /// <summary>Drift reference time t0 in seconds; null: the earliest <c>timeS</c> of the measurements.</summary>
    public double? T0S { get; init; }
}

/// <summary>
/// <c>dse devices import</c>: turns a measurement CSV (<see cref="MeasurementCsv"/>) into a device file (format
/// <c>device-models/schema/device.schema.json</c>, <c>perLevel</c> variation, optional drift) whose every value has a <c>sources</c>
/// entry naming the measurement file, its SHA-256 and the fitting method, or the user's citation for the values given as options.
/// </summary>
public static class DeviceImporter
{
    /// <summary>Option names of the values measurements cannot give, keyed by device-file path (for messages and default sources).</summary>
    public static IReadOnlyDictionary<string, string> OptionNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["kind"] = "--kind",
        ["cellAreaF2"] = "--cell-area-f2",
        ["write.energyPerCellJ"] = "--write-energy-j",
        ["write.pulseS"] = "--write-pulse-s",
        ["write.verifyIterations"] = "--verify-iterations",
        ["write.enduranceCycles"] = "--endurance-cycles",
    };

    /// <summary>Builds the device file's JSON from a fit and the user's options.</summary>
    /// <param name="name">Device name, equal to the output file's stem.</param>
    /// <param name="table">The measurements (file name and SHA-256 go into every fitted value's source).</param>
    /// <param name="fit">The fit of <paramref name="table"/>.</param>
    /// <param name="options">Values the data cannot give.</param>
    /// <returns>The device file as a JSON object, keys in the order of the shipped files.</returns>
    /// <exception cref="InputException">Each missing or invalid option (named with what it is), or a citation for a key that is not an option's.</exception>
    public static JsonObject Build(string name, MeasurementTable table, DeviceFit fit, DeviceImportOptions options)
    {
        var errors = new List<InputError>();
        void Missing(string key, string what) =>
            errors.Add(new InputError("command line", OptionNames[key], null, $"{what}; measurements cannot give it, so it is asked for rather than invented", "no value"));
        void Check(string key, bool ok, string expected, string found)
        {
            if (!ok) errors.Add(new InputError("command line", OptionNames[key], null, expected, found));
        }
        if (options.Kind is null) Missing("kind", "the technology: " + string.Join(", ", DeviceLoader.Kinds));
        else Check("kind", DeviceLoader.Kinds.Contains(options.Kind), "one of " + NameSuggester.ListWithSuggestion(options.Kind, DeviceLoader.Kinds.ToArray()), $"'{options.Kind}'");
        if (options.CellAreaF2 is not double area) Missing("cellAreaF2", "the cell area in F^2 (from the layout or the datasheet)");
        else Check("cellAreaF2", area > 0, "a cell area > 0 F^2", G(area));
        if (options.WriteEnergyPerCellJ is not double energy) Missing("write.energyPerCellJ", "the energy of one write pulse on one cell in joules");
        else Check("write.energyPerCellJ", energy >= 0, "an energy >= 0 J", G(energy));
        if (options.WritePulseS is not double pulse) Missing("write.pulseS", "the write pulse width in seconds");
        else Check("write.pulseS", pulse > 0, "a pulse width > 0 s", G(pulse));
        if (options.VerifyIterations is not int verify) Missing("write.verifyIterations", "program-and-verify iterations per cell write (0: one pulse)");
        else Check("write.verifyIterations", verify >= 0, "an integer >= 0", verify.ToString(CultureInfo.InvariantCulture));
        if (options.EnduranceCycles is not double endurance) Missing("write.enduranceCycles", "write cycles a cell survives");
        else Check("write.enduranceCycles", endurance > 0, "a cycle count > 0", G(endurance));
        foreach (var key in options.Citations.Keys.Where(k => !OptionNames.ContainsKey(k) || k == "kind"))
            errors.Add(new InputError("command line", "--source", null,
                "KEY=TEXT with KEY a value given as an option: " + NameSuggester.ListWithSuggestion(key, OptionNames.Keys.Where(k => k != "kind").ToArray()), $"'{key}'"));
        if (errors.Count > 0) throw new InputException(errors);

        string file = Path.GetFileName(table.File);
        string Fitted(string key) => $"dse devices import from {file} (sha256 {table.Sha256}): {fit.Methods[key]}";
        string Given(string key) => options.Citations.TryGetValue(key, out var text)
            ? text
            : $"given with {OptionNames[key]} when importing {file}; no citation given (add one with --source {key}=TEXT)";

        var variation = new JsonObject { ["model"] = "perLevel", ["sigmaPerLevel"] = Array(fit.SigmaPerLevel) };
        var sources = new JsonObject
        {
            ["levels"] = Fitted("levels"),
            ["gMinS"] = Fitted("gMinS"),
            ["gMaxS"] = Fitted("gMaxS"),
            ["cellAreaF2"] = Given("cellAreaF2"),
            ["variation.sigmaPerLevel"] = Fitted("variation.sigmaPerLevel"),
        };
        if (fit.Drift is { } d)
        {
            variation["drift"] = new JsonObject { ["t0S"] = Round(d.T0S), ["nuMeanPerLevel"] = Array(d.NuMeanPerLevel), ["nuStdPerLevel"] = Array(d.NuStdPerLevel) };
            foreach (var key in new[] { "variation.drift.t0S", "variation.drift.nuMeanPerLevel", "variation.drift.nuStdPerLevel" })
                sources[key] = Fitted(key);
        }
        foreach (var key in new[] { "write.energyPerCellJ", "write.pulseS", "write.verifyIterations", "write.enduranceCycles" })
            sources[key] = Given(key);

        return new JsonObject
        {
            ["version"] = 1,
            ["name"] = name,
            ["kind"] = options.Kind,
            ["description"] = options.Description ?? $"imported from {file} by dse devices import: {fit.Levels} levels, perLevel variation{(fit.Drift is null ? "" : ", drift")}",
            ["levels"] = fit.Levels,
            ["gMinS"] = Round(fit.GMinS),
            ["gMaxS"] = Round(fit.GMaxS),
            ["cellAreaF2"] = options.CellAreaF2,
            ["variation"] = variation,
            ["sources"] = sources,
            ["write"] = new JsonObject
            {
                ["energyPerCellJ"] = options.WriteEnergyPerCellJ,
                ["pulseS"] = options.WritePulseS,
                ["verifyIterations"] = options.VerifyIterations,
                ["enduranceCycles"] = options.EnduranceCycles,
            },
        };
    }

    /// <summary>
    /// Writes <paramref name="device"/> to <paramref name="outPath"/> only after it loads with <see cref="DeviceLoader.Load"/>
    /// from a scratch copy, so an invalid file is never left behind.
    /// </summary>
    /// <param name="device">The device JSON (its <c>name</c> must equal the stem of <paramref name="outPath"/>).</param>
    /// <param name="outPath">Target path ending in <c>.json</c>.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <returns>The device as loaded from <paramref name="outPath"/>.</returns>
    /// <exception cref="InputException">The target exists (without <paramref name="overwrite"/>), or the device does not load (all its errors).</exception>
    public static DeviceModel Write(JsonObject device, string outPath, bool overwrite)
    {
        if (!overwrite && (File.Exists(outPath) || Directory.Exists(outPath)))
            throw new InputException(new InputError(outPath, null, null, "a path that does not exist yet (or --force to replace it)", "an existing file"));
        string text = device.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + Environment.NewLine;
        string scratchDir = Directory.CreateTempSubdirectory("dse-import-").FullName;
        try
        {
            string scratch = Path.Combine(scratchDir, Path.GetFileName(outPath));
            File.WriteAllText(scratch, text);
            DeviceLoader.Load(scratch);
            string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.Copy(scratch, outPath, overwrite);
            return DeviceLoader.Load(outPath);
        }
        finally
        {
            Directory.Delete(scratchDir, recursive: true);
        }
    }

    /// <summary>Six significant digits: the sampling error of any measured value is far larger than the rounding.</summary>
    private static double Round(double x) => double.Parse(x.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static JsonArray Array(IEnumerable<double> xs) => new(xs.Select(x => (JsonNode?)JsonValue.Create(Round(x))).ToArray());

    private static string G(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
