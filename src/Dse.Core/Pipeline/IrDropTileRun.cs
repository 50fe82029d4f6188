using System.Globalization;
using System.Text;
using Dse.Crossbar.IrDrop;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration.Axes;
using Dse.Runs;
using Dse.Workloads;

namespace Dse.Pipeline;

/// <summary>What <c>dse irdrop tile</c> solves.</summary>
/// <param name="ConductancesFile">A <c>.npy</c> of the cell conductances G, siemens, <c>[rows, cols]</c>, float (f2, f4 or f8), each
/// finite and &gt;= 0; rows and cols in <see cref="CrossbarSize.Range"/>.</param>
/// <param name="ActiveRowsFile">A <c>.npy</c> of <c>[rows]</c> 0/1 flags (any numeric or boolean dtype): 1 drives the row at Vread.</param>
/// <param name="SelectedColsFile">A <c>.npy</c> of <c>[cols]</c> 0/1 flags: 1 senses the column; null: every column.</param>
/// <param name="Unselected">What the unselected bitlines end in; null: the periphery's <c>readCircuit</c> value.</param>
/// <param name="Device">Device name in the library or a device file: its access resistance and cell pitch.</param>
/// <param name="Periphery">Periphery name or file: its wires, Vread and read circuit.</param>
/// <param name="WireScale">Multiplier of every parasitic resistance (the sweep's <c>wireResistanceScale</c>). Range: finite, &gt;= 0.</param>
/// <param name="Out">CSV file to write (atomically); null: the caller prints <see cref="IrDropTileOutcome.Csv"/>.</param>
public sealed record IrDropTileRequest(string ConductancesFile, string ActiveRowsFile, string? SelectedColsFile, UnselectedBitlines? Unselected,
    string Device, string Periphery, double WireScale, string? Out);

/// <summary>One column of <c>dse irdrop tile</c>: the current into its sense node, amperes (all 0 for an unselected column).</summary>
/// <param name="Column">Bitline index, 0 next to the wordline drivers.</param>
/// <param name="ExactA">The exact nodal solve (<see cref="ExactTileSolver"/>).</param>
/// <param name="FastA">The fast model's currents of this read (<see cref="IrDropModel.FastColumnCurrents"/>).</param>
/// <param name="IdealA"><c>Vread sum(active G)</c>: no wires, no access transistor.</param>
public sealed record IrDropTileColumn(int Column, double ExactA, double FastA, double IdealA);

/// <summary>The result of <c>dse irdrop tile</c>.</summary>
/// <param name="Device">The device whose access resistance and pitch the tile has.</param>
/// <param name="Parasitics">The resistances used, ohms.</param>
/// <param name="ReadVoltageV">Vread, volts.</param>
/// <param name="Unselected">What the unselected bitlines ended in.</param>
/// <param name="Rows">Wordlines of the tile.</param>
/// <param name="Cols">Bitlines of the tile.</param>
/// <param name="Columns">One entry per column, in order.</param>
/// <param name="Exact">The exact solve (iterations, residual).</param>
/// <param name="Csv">The CSV text: header <c>column,exactA,fastA,idealA</c>, one row per column, invariant culture, round-trip numbers.</param>
public sealed record IrDropTileOutcome(DeviceModel Device, TileParasitics Parasitics, double ReadVoltageV, UnselectedBitlines Unselected, int Rows, int Cols,
    IReadOnlyList<IrDropTileColumn> Columns, TileSolution Exact, string Csv);

/// <summary>
/// <c>dse irdrop tile</c>: one given tile and one read (the driven rows, the sensed columns) solved exactly
/// (<see cref="ExactTileSolver"/>), with the fast model (<see cref="IrDropModel.FastColumnCurrents"/>) and with ideal wires.
/// Every input error (the three <c>.npy</c> files, the device and periphery, <c>--out</c>) is collected before anything is solved
/// or written.
/// </summary>
public static class IrDropTileRun
{
    /// <summary>The CSV header.</summary>
    public const string Header = "column,exactA,fastA,idealA";

    /// <summary>Validates the inputs, solves the tile and writes <see cref="IrDropTileRequest.Out"/> when given.</summary>
    /// <param name="request">What to solve.</param>
    /// <param name="library">Where the device and periphery files are found.</param>
    /// <param name="workingDirectory">Directory that relative paths are resolved against.</param>
    /// <returns>The column currents and the CSV text.</returns>
    /// <exception cref="InputException">Every bad input at once: unreadable or malformed <c>.npy</c> files (truncated, unknown dtype),
    /// wrong shapes (conductances not 2-D, a flag vector not as long as the tile's rows or columns), NaN or infinite or negative
    /// conductances, flags other than 0 and 1, an unknown device or periphery, a periphery without <c>wires</c>, an <c>--out</c>
    /// that is a directory. Nothing is written.</exception>
    public static IrDropTileOutcome Run(IrDropTileRequest request, DeviceLibrary library, string workingDirectory)
    {
        var errors = new List<InputError>();
        T? Collect<T>(Func<T> load) where T : class
        {
            try { return load(); }
            catch (InputException e) { errors.AddRange(e.Errors); return null; }
        }
        string Full(string path) => Path.Combine(workingDirectory, path);
        string Shape(IReadOnlyList<int> shape) => $"shape ({string.Join(", ", shape)})";

        var device = Collect(() => library.Device(request.Device, workingDirectory));
        var periphery = Collect(() => library.Periphery(request.Periphery, workingDirectory));
        if (periphery is not null && periphery.Wires is null)
            errors.Add(new InputError(request.Periphery, "wires", null, "a periphery with a wires block", "none"));
        if (!(request.WireScale >= 0) || double.IsInfinity(request.WireScale))
            errors.Add(new InputError("command line", "--wire-scale", null, "a finite value >= 0", R(request.WireScale)));
        if (request.Out is not null && Directory.Exists(Full(request.Out)))
            errors.Add(new InputError("command line", "--out", null, "a CSV file path", $"the directory \"{request.Out}\""));

        int rows = 0, cols = 0;
        double[]? g = null;
        if (Collect(() => Loaded(NpyReader.ReadDoubles(Full(request.ConductancesFile)))) is var (shape, values))
        {
            string file = request.ConductancesFile;
            if (shape.Count != 2 || !CrossbarSize.Range.Contains(shape[0]) || !CrossbarSize.Range.Contains(shape[1]))
                errors.Add(new InputError(file, "shape", null,
                    $"a 2-D array [rows, cols] of conductances in siemens, {CrossbarSize.Range.Min} <= rows, cols <= {CrossbarSize.Range.Max}", Shape(shape)));
            else
            {
                (rows, cols) = (shape[0], shape[1]);
                int negative = Array.FindIndex(values, v => v < 0);
                if (negative >= 0)
                    errors.Add(new InputError(file, "data", null, "conductances >= 0 siemens",
                        $"{R(values[negative])} at [{negative / cols}, {negative % cols}]"));
                else g = values;
            }
        }

        // A [length] vector of 0/1 flags; length 0 when the conductances did not load (only the file's own defects are checked).
        bool[]? Flags(string file, int length, string per, string option)
        {
            if (Collect(() => Loaded(NpyReader.ReadNumbers(Full(file)))) is not var (shape, values)) return null;
            int before = errors.Count;
            if (shape.Count != 1 || (length > 0 && shape[0] != length))
                errors.Add(new InputError(file, "shape", null,
                    length > 0 ? $"a 1-D array of {length} flags for {option}, one per {per} of the conductances" : $"a 1-D array of flags for {option}", Shape(shape)));
            int bad = Array.FindIndex(values, v => v is not (0 or 1));
            if (bad >= 0) errors.Add(new InputError(file, "data", null, $"flags 0 or 1 for {option}", $"{R(values[bad])} at index {bad}"));
            return errors.Count > before || length == 0 ? null : values.Select(v => v == 1).ToArray();
        }
        var active = Flags(request.ActiveRowsFile, rows, "row", "--active-rows");
        var selected = request.SelectedColsFile is null ? Enumerable.Repeat(true, cols).ToArray() : Flags(request.SelectedColsFile, cols, "column", "--selected-cols");
        if (errors.Count > 0) throw new InputException(errors);

        var unselected = request.Unselected ?? periphery!.ReadCircuit.UnselectedBitlines;
        // The periphery sizes the switches for this read: its driven rows and, one bitline sensed per ADC, cols / sensed columns per ADC.
        int driven = Math.Max(1, active!.Count(x => x)), sensed = Math.Max(1, selected!.Count(x => x));
        var read = new ReadGeometry(rows, cols, driven, Math.Max(1, cols / sensed));
        var circuit = periphery!.ReadCircuit with { UnselectedBitlines = unselected };
        var parasitics = TileParasitics.For(periphery.Wires!, device!, request.WireScale, SwitchSizes.For(periphery.Wires!, circuit, device!, read));
        double vread = periphery.ReadVoltageV;
        var exact = ExactTileSolver.Solve(g, rows, cols, active, selected, unselected, parasitics, vread);
        var fast = new IrDropModel(parasitics, vread, 1).FastColumnCurrents(g, rows, cols, active, selected, unselected);
        var columns = new IrDropTileColumn[cols];
        var csv = new StringBuilder(Header).Append('\n');
        for (int j = 0; j < cols; j++)
        {
            double ideal = 0;
            if (selected![j])
                for (int i = 0; i < rows; i++)
                    if (active![i]) ideal += vread * g![i * cols + j];
            columns[j] = new IrDropTileColumn(j, exact.ColumnCurrentsA[j], fast[j], ideal);
            csv.Append(CultureInfo.InvariantCulture, $"{j},{R(exact.ColumnCurrentsA[j])},{R(fast[j])},{R(ideal)}\n");
        }
        var text = csv.ToString();
        if (request.Out is not null) AtomicFile.WriteText(Full(request.Out), w => w.Write(text));
        return new IrDropTileOutcome(device!, parasitics, vread, unselected, rows, cols, columns, exact, text);
    }

    /// <summary>Boxes a loaded array (shape and row-major values) so that <c>Collect</c> can return null on error.</summary>
    private static Tuple<IReadOnlyList<int>, double[]> Loaded((IReadOnlyList<int> Shape, double[] Values) array) => Tuple.Create(array.Shape, array.Values);

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
