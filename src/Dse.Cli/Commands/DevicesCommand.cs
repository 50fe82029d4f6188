using System.CommandLine;
using System.Globalization;
using Dse.Cli.Settings;
using Dse.Devices;
using Dse.Diagnostics;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse devices list</c>, <c>dse devices show NAME</c> and <c>dse devices validate FILE...</c>: the device library and
/// strict checks of device and periphery files.
/// </summary>
public static class DevicesCommand
{
    /// <summary>The command group.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var files = new Argument<string[]>("FILE") { Description = "Device files (device-models/*.json) or periphery files (device-models/periphery/*.json).", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", "Check device, periphery and baseline files (each as its $schema says): every key known, every value typed, sourced and physically possible.") { files };
        validate.SetAction(parse => Validate(parse.GetValue(files)!, stdout, stderr));

        var listDir = ModelsOption();
        var list = new Command("list", "List the devices in device-models/: name, kind, levels, model, source.") { listDir };
        list.SetAction(parse => List(Library(settings(), parse.GetValue(listDir)), stdout, stderr));

        var name = new Argument<string>("NAME") { Description = "Device name (file stem in device-models/) or path of a device file." };
        var showDir = ModelsOption();
        var show = new Command("show", "Show every value of one device with its unit and source.") { name, showDir };
        show.SetAction(parse => Show(parse.GetValue(name)!, Library(settings(), parse.GetValue(showDir)), stdout));

        return new Command("devices", "Device-model files.") { list, show, validate };
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
        stdout.WriteLine($"  variation       {d.Variation.ModelName}");
        switch (d.Variation)
        {
            case PerLevelVariation v: stdout.WriteLine($"    sigmaPerLevel {List(v.SigmaPerLevel)} (relative to Gmax - Gmin){Src("variation.sigmaPerLevel")}"); break;
            case ProportionalVariation v: stdout.WriteLine($"    sigma         {G(v.Sigma)} (relative to G){Src("variation.sigma")}"); break;
            case PolynomialVariation v: stdout.WriteLine($"    sigmaCoefficientsUS {List(v.SigmaCoefficientsUS)} uS in G/Gmax{Src("variation.sigmaCoefficientsUS")}"); break;
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
        return ExitCodes.Success;
    }

    /// <summary>Validates every file; prints one line per valid file and every error of the invalid ones.</summary>
    /// <returns><see cref="ExitCodes.Success"/> when all are valid, else <see cref="ExitCodes.BadInput"/>.</returns>
    public static int Validate(IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr)
    {
        var errors = new List<InputError>();
        foreach (var file in files)
        {
            try
            {
                var kind = KindOf(file);
                if (kind == "periphery")
                {
                    var p = PeripheryLoader.Load(file);
                    stdout.WriteLine($"ok {file}: periphery {p.Name}, F = {p.FeatureSizeM * 1e9:G4} nm, Vread {p.ReadVoltageV} V, {p.ColsPerAdc} cols/ADC");
                }
                else if (kind == "baseline")
                {
                    var b = BaselineLoader.Load(file);
                    stdout.WriteLine($"ok {file}: CPU+DRAM baseline {b.Name}");
                }
                else
                {
                    var d = DeviceLoader.Load(file);
                    stdout.WriteLine($"ok {file}: {d.Kind} {d.Name}, {d.Levels} levels (max {d.MaxBitsPerCell} bits/cell), Gmin {d.GMinS:G4} S, Gmax {d.GMaxS:G4} S, {d.CellAreaF2} F^2, {d.ModelSummary}");
                }
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

    /// <summary>
    /// What a model file is: what its <c>$schema</c> names (<c>periphery.schema.json</c>, <c>baseline.schema.json</c>, else a device);
    /// without a readable <c>$schema</c>, its folder (<c>periphery/</c>, <c>baselines/</c>, else a device).
    /// </summary>
    internal static string KindOf(string file)
    {
        string? schema = null;
        try
        {
            if (File.Exists(file) && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file)) is System.Text.Json.Nodes.JsonObject o
                && o["$schema"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out string? text)) schema = Path.GetFileName(text);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException or UnauthorizedAccessException) { }
        string folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? "";
        return schema switch
        {
            "periphery.schema.json" => "periphery",
            "baseline.schema.json" => "baseline",
            "device.schema.json" => "device",
            _ => folder == "periphery" ? "periphery" : folder == "baselines" ? "baseline" : "device",
        };
    }
}
