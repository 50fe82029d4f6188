using System.CommandLine;
using System.Globalization;
using Dse.Cli.Settings;
using Dse.Devices;
using Dse.Devices.Import;
using Dse.Diagnostics;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse devices list</c>, <c>dse devices show NAME</c>, <c>dse devices validate FILE...</c> and <c>dse devices import CSV</c>: the device
/// library, strict checks of device and periphery files, and device files fitted to measurements.
/// </summary>
public static class DevicesCommand
{
    /// <summary>The command group.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var files = new Argument<string[]>("FILE") { Description = "Device files (device-models/*.json, or written by dse devices import), periphery files (device-models/periphery/*.json) or baseline files (device-models/baselines/*.json).", Arity = ArgumentArity.OneOrMore };
        var strict = new Option<bool>("--strict") { Description = "Treat warnings (values outside their typical range: likely unit slips) as errors." };
        var validate = new Command("validate", "Check device, periphery and baseline files (each as its $schema, else its keys or folder, says): every key known, every value typed, sourced and physically possible; warn on likely unit slips.") { files, strict };
        validate.SetAction(parse => Validate(parse.GetValue(files)!, stdout, stderr, parse.GetValue(strict)));

        var listDir = ModelsOption();
        var list = new Command("list", "List the devices in device-models/: name, kind, levels, model, source.") { listDir };
        list.SetAction(parse => List(Library(settings(), parse.GetValue(listDir)), stdout, stderr));

        var name = new Argument<string>("NAME") { Description = "Device name (file stem in device-models/) or path of a device file." };
        var showDir = ModelsOption();
        var show = new Command("show", "Show every value of one device with its unit and source.") { name, showDir };
        show.SetAction(parse => Show(parse.GetValue(name)!, Library(settings(), parse.GetValue(showDir)), stdout));

        return new Command("devices", "Device-model files.") { list, show, validate, ImportCommand(stdout, stderr) };
    }

    private static Command ImportCommand(TextWriter stdout, TextWriter stderr)
    {
        var csv = new Argument<string>("CSV") { Description = "Measurements: raw reads (level, conductanceS or resistanceOhm, optional timeS, cell) or one row per level (level, meanS, sigmaS, optional count)." };
        var output = new Option<string?>("--out", "-o") { Description = "Device file to write (NAME.json; NAME is the device name). Default: the CSV's stem + .json in the working directory." };
        var force = new Option<bool>("--force") { Description = "Replace an existing output file." };
        var kind = new Option<string?>("--kind") { Description = "Technology: " + string.Join(", ", DeviceLoader.Kinds) + "." };
        var description = new Option<string?>("--description") { Description = "One line for listings." };
        var area = new Option<double?>("--cell-area-f2") { Description = "Cell area in F^2." };
        var energy = new Option<double?>("--write-energy-j") { Description = "Energy of one write pulse on one cell, J." };
        var pulse = new Option<double?>("--write-pulse-s") { Description = "Write pulse width, s." };
        var verify = new Option<int?>("--verify-iterations") { Description = "Program-and-verify iterations per cell write (0: one pulse)." };
        var endurance = new Option<double?>("--endurance-cycles") { Description = "Write cycles a cell survives." };
        var source = new Option<string[]>("--source") { Description = "KEY=TEXT: the source of a value given as an option, e.g. cellAreaF2=\"layout, 4 x 12 F\" (repeatable)." };
        var minReads = new Option<int?>("--min-reads") { Description = $"Fewest reads per level without a warning (default {ImportChecks.Default.MinReadsPerLevel})." };
        var t0 = new Option<double?>("--t0-s") { Description = "Drift reference time t0, s (default: the earliest timeS)." };
        var import = new Command("import", "Fit a device file to measurements: levels, Gmin/Gmax, per-level sigma, drift; every value sourced to the CSV's SHA-256.")
        {
            csv, output, force, kind, description, area, energy, pulse, verify, endurance, source, minReads, t0,
        };
        import.SetAction(parse =>
        {
            var citations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var s in parse.GetValue(source) ?? [])
            {
                int eq = s.IndexOf('=');
                if (eq <= 0) throw new InputException(new InputError("command line", "--source", null, "KEY=TEXT, e.g. cellAreaF2=\"datasheet, p. 3\"", $"'{s}'"));
                citations[s[..eq]] = s[(eq + 1)..];
            }
            var options = new DeviceImportOptions
            {
                Kind = parse.GetValue(kind), Description = parse.GetValue(description), CellAreaF2 = parse.GetValue(area),
                WriteEnergyPerCellJ = parse.GetValue(energy), WritePulseS = parse.GetValue(pulse), VerifyIterations = parse.GetValue(verify),
                EnduranceCycles = parse.GetValue(endurance), Citations = citations, MinReadsPerLevel = parse.GetValue(minReads), T0S = parse.GetValue(t0),
            };
            return Import(parse.GetValue(csv)!, parse.GetValue(output), parse.GetValue(force), options, stdout, stderr);
        });
        return import;
    }

    /// <summary>
    /// Fits a device to <paramref name="csv"/>, prints the warnings (stderr) and what was fitted and what was given (stdout), and writes the
    /// device file once it loads as a valid device.
    /// </summary>
    /// <returns><see cref="ExitCodes.Success"/>.</returns>
    /// <exception cref="InputException">Bad measurements (with CSV lines), missing options (each named), an existing output without --force; nothing is written.</exception>
    public static int Import(string csv, string? outPath, bool force, DeviceImportOptions options, TextWriter stdout, TextWriter stderr)
    {
        outPath ??= Path.GetFileNameWithoutExtension(csv) + ".json";
        if (!outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            throw new InputException(new InputError("command line", "--out", null, "a path ending in .json (its stem is the device name)", $"'{outPath}'"));
        if (options.MinReadsPerLevel is < 2)
            throw new InputException(new InputError("command line", "--min-reads", null, "an integer >= 2", options.MinReadsPerLevel.Value.ToString(CultureInfo.InvariantCulture)));
        if (options.T0S is <= 0 or double.NaN)
            throw new InputException(new InputError("command line", "--t0-s", null, "a time > 0 s", options.T0S.Value.ToString(CultureInfo.InvariantCulture)));
        var table = MeasurementCsv.Read(csv, ImportChecks.Default);
        var fit = DeviceFitter.Fit(table, ImportChecks.Default, options.MinReadsPerLevel, options.T0S);
        foreach (var w in fit.Warnings) stderr.WriteLine(w);
        var json = DeviceImporter.Build(Path.GetFileNameWithoutExtension(outPath), table, fit, options);
        var d = DeviceImporter.Write(json, outPath, force);
        string G(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
        string Reads(int? n) => n is int x ? x.ToString(CultureInfo.InvariantCulture) : "?";
        stdout.WriteLine($"wrote {outPath}: {d.Kind} {d.Name}, {d.Levels} levels, Gmin {G(d.GMinS)} S, Gmax {G(d.GMaxS)} S ({fit.Warnings.Count} warnings)");
        stdout.WriteLine($"  from {Path.GetFileName(csv)} (sha256 {table.Sha256}):");
        stdout.WriteLine($"    level means     [{string.Join(", ", fit.MeanPerLevelS.Select(G))}] S, reads per level [{string.Join(", ", fit.ReadsPerLevel.Select(Reads))}]");
        stdout.WriteLine($"    sigmaPerLevel   [{string.Join(", ", fit.SigmaPerLevel.Select(G))}] (relative to Gmax - Gmin)");
        if (fit.Drift is { } drift)
            stdout.WriteLine($"    drift           t0 {G(drift.T0S)} s, nu mean [{string.Join(", ", drift.NuMeanPerLevel.Select(G))}], nu std [{string.Join(", ", drift.NuStdPerLevel.Select(G))}]");
        else
            stdout.WriteLine("    drift           none (the file has no reads at several times)");
        var uncited = DeviceImporter.OptionNames.Keys.Where(k => k != "kind" && !options.Citations.ContainsKey(k)).ToList();
        stdout.WriteLine($"  given, not measured: {string.Join(", ", DeviceImporter.OptionNames.Keys)}"
            + (uncited.Count == 0 ? "" : $" (no --source citation for {string.Join(", ", uncited)})"));
        stdout.WriteLine("  not in the file: stuck-at faults, read noise, gCeilingS (the fit makes none; add them by hand if measured)");
        return ExitCodes.Success;
    }

    private static Option<string?> ModelsOption() =>
        new("--models") { Description = "A device-library folder searched first (laid out like device-models/); the settings' folders and the shipped library follow." };

    private static DeviceLibrary Library(DseSettings settings, string? models)
    {
        var library = settings.Library();
        return models is null ? library : new DeviceLibrary([models, .. library.Folders]);
    }

    /// <summary>
    /// Prints one row per device of <paramref name="library"/> (the first of each name): name, kind, levels (and bits per cell), the
    /// models (<see cref="DeviceModel.ModelSummary"/>) and the source of its conductances (<c>gMaxS</c>).
    /// </summary>
    /// <returns><see cref="ExitCodes.Success"/>, or <see cref="ExitCodes.BadInput"/> when a file is invalid (its errors go to stderr; valid files are still listed).</returns>
    public static int List(DeviceLibrary library, TextWriter stdout, TextWriter stderr)
    {
        var devices = new List<DeviceModel>();
        var errors = new List<InputError>();
        foreach (var file in library.DeviceFiles())
        {
            try { devices.Add(DeviceLoader.Load(file)); }
            catch (InputException ex) { errors.AddRange(ex.Errors); }
        }
        var rows = devices.Select(d => new[]
        {
            d.Name, d.Kind, $"{d.Levels} ({d.MaxBitsPerCell} b)", d.ModelSummary, d.Sources.GetValueOrDefault("gMaxS", ""),
        }).ToList();
        string[] header = ["name", "kind", "levels", "model", "source (gMaxS)"];
        var widths = Enumerable.Range(0, 4).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        string Row(string[] r) => string.Join("  ", r.Take(4).Select((x, c) => x.PadRight(widths[c]))) + "  " + r[4];
        stdout.WriteLine(Row(header));
        foreach (var r in rows) stdout.WriteLine(Row(r));
        if (errors.Count == 0) return ExitCodes.Success;
        DseCommandLine.ReportInputErrors(new InputException(errors), stderr);
        return ExitCodes.BadInput;
    }

    /// <summary>Prints every value of one device, with its unit and its source.</summary>
    /// <returns><see cref="ExitCodes.Success"/>.</returns>
    /// <exception cref="InputException">Unknown name (lists the available ones) or an invalid file.</exception>
    public static int Show(string nameOrPath, DeviceLibrary library, TextWriter stdout)
    {
        var d = library.Device(nameOrPath, Directory.GetCurrentDirectory());
        var inv = CultureInfo.InvariantCulture;
        string Src(string key) => d.Sources.TryGetValue(key, out var s) ? $"    [{s}]" : "";
        string G(double x) => x.ToString("G6", inv);
        string List(IReadOnlyList<double> xs) => "[" + string.Join(", ", xs.Select(G)) + "]";
        stdout.WriteLine($"{d.Name} ({d.Kind}): {d.Description}");
        stdout.WriteLine($"  file            {d.SourceFile}");
        stdout.WriteLine($"  levels          {d.Levels} (max {d.MaxBitsPerCell} bits per cell){Src("levels")}");
        stdout.WriteLine($"  gMinS           {G(d.GMinS)} S{Src("gMinS")}");
        stdout.WriteLine($"  gMaxS           {G(d.GMaxS)} S{Src("gMaxS")}");
        stdout.WriteLine($"  cellAreaF2      {G(d.CellAreaF2)} F^2{Src("cellAreaF2")}");
        stdout.WriteLine($"  variation       {d.Variation.ModelName}: the device's programming spread, simulated as written at sigmaScale 1 (the default; a sweep's sigmaScale multiplies it)");
        switch (d.Variation)
        {
            case PerLevelVariation v: stdout.WriteLine($"    sigmaPerLevel {List(v.SigmaPerLevel)} (the device's spread per level, relative to Gmax - Gmin){Src("variation.sigmaPerLevel")}"); break;
            case ProportionalVariation v: stdout.WriteLine($"    sigma         {G(v.Sigma)} (the device's spread, relative to G){Src("variation.sigma")}"); break;
            case PolynomialVariation v: stdout.WriteLine($"    sigmaCoefficientsUS {List(v.SigmaCoefficientsUS)} uS in G/Gmax (the device's spread){Src("variation.sigmaCoefficientsUS")}"); break;
        }
        if (d.StuckAt is { } stuck)
        {
            stdout.WriteLine($"  stuckAt gMinRate {G(stuck.GMinRate)}{Src("variation.stuckAt.gMinRate")}");
            stdout.WriteLine($"  stuckAt gMaxRate {G(stuck.GMaxRate)}{Src("variation.stuckAt.gMaxRate")}");
        }
        if (d.Drift is { } drift)
        {
            bool perLevel = d.Sources.ContainsKey("variation.drift.nuMeanPerLevel");
            stdout.WriteLine($"  drift t0S       {G(drift.T0S)} s{Src("variation.drift.t0S")}");
            stdout.WriteLine($"  drift nu mean   {List(drift.NuMeanPerLevel)} per level{Src(perLevel ? "variation.drift.nuMeanPerLevel" : "variation.drift.nuMean")}");
            stdout.WriteLine($"  drift nu std    {List(drift.NuStdPerLevel)} per level{Src(perLevel ? "variation.drift.nuStdPerLevel" : "variation.drift.nuStd")}");
        }
        switch (d.ReadNoise)
        {
            case RelativeReadNoise r:
                stdout.WriteLine($"  read noise      relative, sigmaRelative {G(r.SigmaRelative)} per read{Src("variation.readNoise.sigmaRelative")}");
                break;
            case OneOverFReadNoise f:
                stdout.WriteLine($"  read noise      oneOverF, q_s = min({G(f.QMax)}, {G(f.QCoefficient)} / max((G/Gmax)^{G(f.QExponent)}, {G(f.GnPowerFloor)})), t_read {G(f.TReadS)} s{Src("variation.readNoise.qCoefficient")}");
                break;
        }
        stdout.WriteLine($"  write energy    {G(d.Write.EnergyPerCellJ)} J per cell{Src("write.energyPerCellJ")}");
        stdout.WriteLine($"  write pulse     {G(d.Write.PulseS)} s{Src("write.pulseS")}");
        stdout.WriteLine($"  verify          {d.Write.VerifyIterations} iterations{Src("write.verifyIterations")}");
        stdout.WriteLine($"  endurance       {G(d.Write.EnduranceCycles)} cycles{Src("write.enduranceCycles")}");
        if (d.Write.Verify is { } wv)
        {
            stdout.WriteLine($"  verify ratio    sigma_k = sigma_0 x max(floor, {G(wv.SigmaRatioPerIteration)}^(k-1)){Src("write.verify.sigmaRatioPerIteration")}");
            stdout.WriteLine($"  verify floor    {G(wv.SigmaFloorRatio)} x sigma_0{Src("write.verify.sigmaFloorRatio")}");
        }
        return ExitCodes.Success;
    }

    /// <summary>Validates every file; prints one line per valid file and every error of the invalid ones.</summary>
    /// <returns><see cref="ExitCodes.Success"/> when all are valid, else <see cref="ExitCodes.BadInput"/>.</returns>
    /// <param name="strict">Warnings (values outside their typical range: <see cref="TypicalRanges"/>) count as errors.</param>
    public static int Validate(IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr, bool strict = false)
    {
        var errors = new List<InputError>();
        foreach (var file in files)
        {
            try
            {
                var kind = ModelFileKinds.Of(file);
                string summary;
                if (kind == ModelFileKind.Periphery)
                {
                    var p = PeripheryLoader.Load(file);
                    summary = $"periphery {p.Name}, F = {p.FeatureSizeM * 1e9:G4} nm, Vread {p.ReadVoltageV} V, {p.ColsPerAdc} cols/ADC";
                }
                else if (kind == ModelFileKind.Baseline)
                {
                    var b = BaselineLoader.Load(file);
                    summary = $"CPU+DRAM baseline {b.Name}";
                }
                else
                {
                    var d = DeviceLoader.Load(file);
                    summary = $"{d.Kind} {d.Name}, {d.Levels} levels (max {d.MaxBitsPerCell} bits/cell), Gmin {d.GMinS:G4} S, Gmax {d.GMaxS:G4} S, {d.CellAreaF2} F^2, {d.ModelSummary}";
                }
                var warnings = TypicalRanges.Check(file, kind);
                // Under --strict a warning refuses the file: no "ok" line for it.
                if (strict && warnings.Count > 0)
                {
                    errors.AddRange(warnings.Select(w => w.AsError()));
                    continue;
                }
                stdout.WriteLine($"ok {file}: {summary}");
                foreach (var warning in warnings) stderr.WriteLine($"warning: {warning}");
            }
            catch (InputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count == 0) return ExitCodes.Success;
        DseCommandLine.ReportInputErrors(new InputException(errors), stderr);
        return ExitCodes.BadInput;
    }
}
