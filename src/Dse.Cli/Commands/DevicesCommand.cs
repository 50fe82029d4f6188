using System.CommandLine;
using Dse.Devices;
using Dse.Diagnostics;

namespace Dse.Cli.Commands;

/// <summary><c>dse devices validate FILE...</c>: strict checks of device and periphery files.</summary>
public static class DevicesCommand
{
    /// <summary>The command group.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("FILE") { Description = "Device files (device-models/*.json) or periphery files (device-models/periphery/*.json).", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", "Check device and periphery files: every key known, every value typed, sourced and physically possible.") { files };
        validate.SetAction(parse => Validate(parse.GetValue(files)!, stdout, stderr));
        return new Command("devices", "Device-model files.") { validate };
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
                if (IsPeriphery(file))
                {
                    var p = PeripheryLoader.Load(file);
                    stdout.WriteLine($"ok {file}: periphery {p.Name}, F = {p.FeatureSizeM * 1e9:G4} nm, Vread {p.ReadVoltageV} V, {p.ColsPerAdc} cols/ADC");
                }
                else
                {
                    var d = DeviceLoader.Load(file);
                    stdout.WriteLine($"ok {file}: {d.Kind} {d.Name}, {d.Levels} levels (max {d.MaxBitsPerCell} bits/cell), Gmin {d.GMinS:G4} S, Gmax {d.GMaxS:G4} S, {d.CellAreaF2} F^2");
                }
            }
            catch (InputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count == 0) return ExitCodes.Success;
        foreach (var error in errors) stderr.WriteLine($"error: {error}");
        stderr.WriteLine($"{errors.Count} error(s).");
        return ExitCodes.BadInput;
    }

    private static bool IsPeriphery(string file)
        => string.Equals(Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))), "periphery", StringComparison.Ordinal);
}
