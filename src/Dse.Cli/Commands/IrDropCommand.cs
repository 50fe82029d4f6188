using System.CommandLine;
using Dse.Cli.Settings;
using System.Globalization;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration.Axes;
using Dse.Pipeline;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse irdrop check DEVICE --crossbar RxC [--sizes 64,128,...] [--input-density p] [--mean-level f] [--cell-bits c]
/// [--sigma-scale s] [--tiles N] [--planes K] [--wire-scale w] [--seed S]</c>: on random programmed tiles, the relative error of the partial
/// sums (mean, P99) of the fast IR-drop model (without and with its column-current correction) and of ideal wires, each
/// against the exact nodal solve, per tile size, and what the fast model costs per tile. <c>dse irdrop tile --conductances G.npy
/// --active-rows ROWS.npy --device NAME [--selected-cols COLS.npy] [--unselected floating|grounded] [--periphery P] [--wire-scale w]
/// [--out FILE]</c>: the exact, fast-model and ideal column currents of one read of a given tile, as CSV.
/// </summary>
/// <remarks>
/// <c>--crossbar RxC</c> is the tile checked; with <c>--sizes</c>, each listed row count R' is checked at the same aspect
/// ratio (C' = R' C / R). Wires come from the periphery file <c>22nm</c> (key <c>wires</c>), Vread from its
/// <c>readVoltageV</c>.
/// </remarks>
public static class IrDropCommand
{
    /// <summary>Parsed options of <c>dse irdrop check</c>.</summary>
    /// <param name="Device">Device name in device-models/ or path.</param>
    /// <param name="Crossbar">Tile <c>ROWSxCOLS</c>.</param>
    /// <param name="Sizes">Row counts to check at the crossbar's aspect ratio; null: the crossbar only.</param>
    /// <param name="InputDensity">Probability that an input bit is 1, in (0, 1].</param>
    /// <param name="MeanLevel">Mean programmed level over the top level, in [0, 1]; null: uniform levels.</param>
    /// <param name="CellBits">Bits per cell; null: the device's most.</param>
    /// <param name="SigmaScale">Multiplier of the device's programming variation (the fast model sees the nominal levels).</param>
    /// <param name="Tiles">Random programmed tiles per size.</param>
    /// <param name="Planes">Random input bit-planes solved exactly per tile.</param>
    /// <param name="WireScale">Multiplier of every parasitic resistance (the sweep's <c>wireResistanceScale</c>).</param>
    /// <param name="Seed">Seed of the levels and inputs.</param>
    public sealed record Options(string Device, string Crossbar, string? Sizes, double InputDensity, double? MeanLevel, int? CellBits,
        double SigmaScale, int Tiles, int Planes, double WireScale, ulong Seed);

    /// <summary>The <c>irdrop</c> command with its <c>check</c> sub-command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var device = new Argument<string>("DEVICE") { Description = "Device name in device-models/ (e.g. rram1) or a device file." };
        var crossbar = new Option<string>("--crossbar") { Description = "Tile size ROWSxCOLS, e.g. 256x256.", Required = true };
        var sizes = new Option<string?>("--sizes") { Description = "Comma-separated row counts to check at the crossbar's aspect ratio, e.g. 64,128,256,512,1024." };
        var density = new Option<double>("--input-density") { Description = "Probability that an input bit is 1.", DefaultValueFactory = _ => 0.5 };
        var meanLevel = new Option<double?>("--mean-level") { Description = "Mean programmed level over the top level, 0..1 (default: levels uniform)." };
        var cellBits = new Option<int?>("--cell-bits") { Description = "Bits per cell (default: the device's most)." };
        var sigma = new Option<double>("--sigma-scale") { Description = "Multiplier of the device's programming variation.", DefaultValueFactory = _ => 1.0 };
        var tiles = new Option<int>("--tiles") { Description = "Random programmed tiles per size.", DefaultValueFactory = _ => 2 };
        var planes = new Option<int>("--planes") { Description = "Random input bit-planes solved exactly per tile.", DefaultValueFactory = _ => 4 };
        var scale = new Option<double>("--wire-scale") { Description = "Multiplier of every wire, driver, sense and access resistance.", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the programmed levels and inputs.", DefaultValueFactory = _ => 1UL };
        var check = new Command("check", "Relative error of the fast IR-drop model and of ideal wires against the exact nodal solve, per tile size.")
        {
            device, crossbar, sizes, density, meanLevel, cellBits, sigma, tiles, planes, scale, seed,
        };
        check.SetAction(parse => Run(new Options(parse.GetValue(device)!, parse.GetValue(crossbar)!, parse.GetValue(sizes), parse.GetValue(density),
            parse.GetValue(meanLevel), parse.GetValue(cellBits), parse.GetValue(sigma), parse.GetValue(tiles), parse.GetValue(planes), parse.GetValue(scale),
            parse.GetValue(seed)), stdout, stderr, settings()));
        var tile = CreateTile(stdout, stderr, settings);
        return new Command("irdrop", "Wire resistance and IR drop: check the fast model against the exact circuit solve.") { check, tile };
    }

    /// <summary>Parsed options of <c>dse irdrop tile</c>.</summary>
    /// <param name="Conductances">A <c>.npy</c> of the cell conductances, siemens, <c>[rows, cols]</c>.</param>
    /// <param name="ActiveRows">A <c>.npy</c> of <c>[rows]</c> 0/1 flags: the driven rows.</param>
    /// <param name="SelectedCols">A <c>.npy</c> of <c>[cols]</c> 0/1 flags: the sensed columns; null: all.</param>
    /// <param name="Unselected"><c>floating</c> or <c>grounded</c>; null: the periphery's <c>readCircuit.unselectedBitlines</c>.</param>
    /// <param name="Device">Device name in device-models/ or path.</param>
    /// <param name="Periphery">Periphery name or path; null: the settings' default (22nm).</param>
    /// <param name="WireScale">Multiplier of every parasitic resistance.</param>
    /// <param name="Out">CSV file to write; null: stdout.</param>
    public sealed record TileOptions(string Conductances, string ActiveRows, string? SelectedCols, string? Unselected, string Device, string? Periphery,
        double WireScale, string? Out);

    /// <summary>The names of <c>--unselected</c>.</summary>
    public static IReadOnlyList<(UnselectedBitlines Value, string Name)> UnselectedNames { get; } =
        [(UnselectedBitlines.Floating, "floating"), (UnselectedBitlines.Grounded, "grounded")];

    private static Command CreateTile(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var conductances = new Option<string>("--conductances") { Description = "Cell conductances in siemens, a [rows, cols] float32 or float64 .npy file.", Required = true };
        var activeRows = new Option<string>("--active-rows") { Description = "Driven rows, a [rows] .npy file of 0/1.", Required = true };
        var selectedCols = new Option<string?>("--selected-cols") { Description = "Sensed columns, a [cols] .npy file of 0/1 (default: all)." };
        var unselected = new Option<string?>("--unselected") { Description = "What unselected bitlines end in: floating or grounded (default: the periphery's readCircuit)." };
        var device = new Option<string>("--device") { Description = "Device name in device-models/ or a device file: its access resistance and cell pitch.", Required = true };
        var periphery = new Option<string?>("--periphery") { Description = "Periphery name or file: wires, Vread, read circuit (default: 22nm)." };
        var scale = new Option<double>("--wire-scale") { Description = "Multiplier of every wire, driver, sense and access resistance.", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string?>("--out") { Description = "CSV file to write (default: stdout)." };
        var tile = new Command("tile", "Column currents of one read of a given tile: exact nodal solve, fast model and ideal wires, as CSV.")
        {
            conductances, activeRows, selectedCols, unselected, device, periphery, scale, output,
        };
        tile.SetAction(parse => RunTile(new TileOptions(parse.GetValue(conductances)!, parse.GetValue(activeRows)!, parse.GetValue(selectedCols),
            parse.GetValue(unselected), parse.GetValue(device)!, parse.GetValue(periphery), parse.GetValue(scale), parse.GetValue(output)), stdout, stderr, settings()));
        return tile;
    }

    /// <summary>Solves the tile and prints the CSV (or writes it to <c>--out</c> and prints one line on stderr).</summary>
    /// <returns><see cref="ExitCodes.Success"/>.</returns>
    /// <exception cref="InputException">Any bad argument, <c>.npy</c> file or model file (all at once); nothing is written.</exception>
    public static int RunTile(TileOptions o, TextWriter stdout, TextWriter stderr, DseSettings settings)
    {
        var errors = new List<InputError>();
        UnselectedBitlines? unselected = null;
        if (o.Unselected is not null)
        {
            unselected = ValueNames.ValueOf(UnselectedNames, o.Unselected);
            if (unselected is null) errors.Add(new InputError("command line", "--unselected", null, ValueNames.Alternatives(UnselectedNames), $"\"{o.Unselected}\""));
        }
        if (!(o.WireScale >= 0) || double.IsInfinity(o.WireScale))
            errors.Add(new InputError("command line", "--wire-scale", null, "a finite value >= 0", D(o.WireScale)));
        if (errors.Count > 0) throw new InputException(errors);

        var outcome = IrDropTileRun.Run(new IrDropTileRequest(o.Conductances, o.ActiveRows, o.SelectedCols, unselected, o.Device,
            o.Periphery ?? settings.DefaultPeriphery, o.WireScale, o.Out), settings.Library(), Environment.CurrentDirectory);
        if (o.Out is null) stdout.Write(outcome.Csv);
        else
            stderr.WriteLine($"irdrop tile: wrote {o.Out}: {outcome.Rows} x {outcome.Cols} tile of {outcome.Device.Name}, unselected bitlines "
                + $"{ValueNames.NameOf(UnselectedNames, outcome.Unselected)}, exact solve in {outcome.Exact.Iterations} iterations (relative residual {outcome.Exact.RelativeResidual:E2})");
        return ExitCodes.Success;
    }

    /// <summary>Runs the check and prints one table row per size.</summary>
    /// <returns><see cref="ExitCodes.Success"/>.</returns>
    /// <exception cref="InputException">Any bad argument or model file (all argument errors at once).</exception>
    public static int Run(Options o, TextWriter stdout, TextWriter stderr, DseSettings settings)
    {
        var errors = new List<InputError>();
        void Bad(string arg, string expected, string found) => errors.Add(new InputError("command line", arg, null, expected, found));
        var crossbar = CrossbarSize.TryParse(o.Crossbar);
        if (crossbar is null) Bad("--crossbar", CrossbarSize.Expected, $"\"{o.Crossbar}\"");
        var sizeList = new List<int>();
        if (o.Sizes is not null)
            foreach (var s in o.Sizes.Split(','))
            {
                if (int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int size) && CrossbarSize.Range.Contains(size)) sizeList.Add(size);
                else Bad("--sizes", $"comma-separated row counts in {CrossbarSize.Range} (e.g. 64,128,256)", $"\"{s}\" in \"{o.Sizes}\"");
            }
        if (!(o.InputDensity > 0 && o.InputDensity <= 1)) Bad("--input-density", "a probability in (0, 1]", D(o.InputDensity));
        if (o.MeanLevel is double f && !(f >= 0 && f <= 1)) Bad("--mean-level", "a fraction of the top level in [0, 1]", D(f));
        if (!(o.SigmaScale >= 0) || double.IsInfinity(o.SigmaScale)) Bad("--sigma-scale", "a finite value >= 0", D(o.SigmaScale));
        if (o.Tiles is < 1 or > 10000) Bad("--tiles", "an integer in 1..10000", I(o.Tiles));
        if (o.Planes is < 1 or > 10000) Bad("--planes", "an integer in 1..10000", I(o.Planes));
        if (!(o.WireScale >= 0) || double.IsInfinity(o.WireScale)) Bad("--wire-scale", "a finite value >= 0", D(o.WireScale));
        if (errors.Count > 0) throw new InputException(errors);

        var run = IrDropRun.Open(new IrDropRequest(o.Device, crossbar!.Value, sizeList, o.InputDensity, o.MeanLevel, o.CellBits, o.SigmaScale, o.Tiles, o.Planes,
            o.WireScale, o.Seed), settings.Library(), settings.DefaultPeriphery, Environment.CurrentDirectory);
        var (dev, parasitics) = (run.Device, run.Parasitics);
        stdout.WriteLine($"# irdrop check {dev.Name} ({dev.Kind}, Ron {1 / dev.GMaxS:G4} Ohm), {run.CellBits} bit(s) per cell, input density {D(o.InputDensity)}, "
            + $"levels {(o.MeanLevel is double m ? $"mean {D(m)} of top" : "uniform")}, sigma scale {D(o.SigmaScale)}, {o.Tiles} tile(s) x {o.Planes} bit-plane(s), seed {o.Seed}");
        stdout.WriteLine($"# per cell pitch: wordline {parasitics.WordlineSegmentOhm:G4} Ohm, bitline {parasitics.BitlineSegmentOhm:G4} Ohm; "
            + $"driver {parasitics.DriverOhm:G4} Ohm, sense {parasitics.SenseOhm:G4} Ohm, access {parasitics.AccessOhm:G4} Ohm; Vread {D(run.Periphery.ReadVoltageV)} V");
        stdout.WriteLine("rows\tcols\tfastMean\tfastP99\tcorrectedMean\tcorrectedP99\tidealMean\tidealP99\tfastMsPerTile\tfastIterations\texactMsPerSolve\texactIterations");
        foreach (var shape in run.Shapes)
        {
            var (r, c) = shape;
            stderr.WriteLine($"irdrop check: {r} x {c} ...");
            var result = run.Run(shape);
            stdout.WriteLine(string.Join('\t', I(r), I(c), P(result.Fast.Mean), P(result.Fast.P99), P(result.Corrected.Mean), P(result.Corrected.P99), P(result.Ideal.Mean), P(result.Ideal.P99),
                (result.FastSecondsPerTile * 1e3).ToString("F1", CultureInfo.InvariantCulture),
                result.FastIterationsMean.ToString("F0", CultureInfo.InvariantCulture),
                (result.ExactSecondsPerSolve * 1e3).ToString("F1", CultureInfo.InvariantCulture),
                result.ExactIterationsMean.ToString("F0", CultureInfo.InvariantCulture)));
        }
        return ExitCodes.Success;
    }

    private static string P(double fraction) => (fraction * 100).ToString("F3", CultureInfo.InvariantCulture) + "%";
    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string D(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
