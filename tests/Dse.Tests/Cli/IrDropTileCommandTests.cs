using System.Globalization;
using Dse.Tests.Shared;
using Dse.Tests.Workloads;

namespace Dse.Tests.Cli;

/// <summary><c>dse irdrop tile</c>: the CSV of one read of a given tile, and every bad input exiting 2 with nothing written.</summary>
public class IrDropTileCommandTests
{
    private const int Rows = 8, Cols = 6;
    private readonly string _dir = TestPaths.NewTempDir();

    /// <summary>An 8 x 6 tile of rram-intel22 conductances (6 kOhm to 102 kOhm), rows 0, 2, 3, 5, 6 driven, columns 1, 3, 5 sensed.</summary>
    private (double[] G, bool[] Active, bool[] Selected) WriteTile()
    {
        var rng = new Dse.Randomness.Rng(29);
        var g = new double[Rows * Cols];
        for (int k = 0; k < g.Length; k++) g[k] = 9.8e-6 + rng.NextDouble() * 1.57e-4;
        bool[] active = [true, false, true, true, false, true, true, false];
        bool[] selected = [false, true, false, true, false, true];
        NpyWriter.WriteDoubles(File("g.npy"), [Rows, Cols], g);
        NpyWriter.WriteBools(File("rows.npy"), active);
        NpyWriter.WriteInt64(File("cols.npy"), selected.Select(s => s ? 1L : 0L).ToArray());
        return (g, active, selected);
    }

    private string File(string name) => Path.Combine(_dir, name);

    private static List<double[]> Parse(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("column,exactA,fastA,idealA", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
    }

    [Theory]
    [InlineData("floating")]
    [InlineData("grounded")]
    public void Writes_one_row_per_column_below_the_ideal_current(string unselected)
    {
        var (g, active, selected) = WriteTile();
        var r = CliRunner.Run("irdrop", "tile", "--conductances", File("g.npy"), "--active-rows", File("rows.npy"), "--selected-cols", File("cols.npy"),
            "--unselected", unselected, "--device", "rram-intel22", "--out", File("tile.csv"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.Contains($"unselected bitlines {unselected}", r.Stderr);
        var rows = Parse(System.IO.File.ReadAllText(File("tile.csv")));
        Assert.Equal(Cols, rows.Count);
        for (int j = 0; j < Cols; j++)
        {
            var (exact, fast, ideal) = (rows[j][1], rows[j][2], rows[j][3]);
            Assert.Equal(j, rows[j][0]);
            if (!selected[j]) { Assert.Equal([0.0, 0, 0], rows[j][1..]); continue; }
            double sum = 0;
            for (int i = 0; i < Rows; i++) if (active[i]) sum += 0.55 * g[i * Cols + j];
            Assert.Equal(sum, ideal, 1e-12 * sum);
            // The 22nm periphery's wires, 751 ohm driver and sense, and the 1.5 kOhm access transistor: well below the ideal.
            Assert.InRange(exact, 0.2 * ideal, 0.95 * ideal);
            Assert.InRange(fast, 0.2 * ideal, 0.95 * ideal);
            Assert.True(Math.Abs(fast - exact) <= 1e-2 * exact, $"column {j}: exact {exact:R}, fast {fast:R}");
        }
    }

    [Fact]
    public void Wire_scale_zero_gives_the_ideal_current_to_stdout()
    {
        WriteTile();
        var r = CliRunner.Run("irdrop", "tile", "--conductances", File("g.npy"), "--active-rows", File("rows.npy"), "--device", "rram-intel22",
            "--wire-scale", "0");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = Parse(r.Stdout);
        Assert.Equal(Cols, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.True(row[3] > 0);
            Assert.Equal(row[3], row[1], 1e-12 * row[3]);
            Assert.Equal(row[3], row[2], 1e-12 * row[3]);
        });
    }

    /// <summary>Each bad input: which file to spoil, how, and the words the message must hold (the file's name among them).</summary>
    public static TheoryData<string, string> BadInputs() => new()
    {
        { "conductances-1d", "g.npy: at shape expected a 2-D array [rows, cols] of conductances in siemens, 1 <= rows, cols <= 4096; found shape (48)" },
        { "conductances-3d", "shape (2, 8, 6)" },
        { "conductances-nan", "g.npy: at data expected finite values; found NaN" },
        { "conductances-infinite", "found ∞ at row-major flat index 7|found Infinity at row-major flat index 7" },
        { "conductances-negative", "g.npy: at data expected conductances >= 0 siemens; found -1E-05 at [1, 3]" },
        { "conductances-integer", "g.npy: at descr expected a float dtype" },
        { "conductances-truncated", "g.npy: at data expected 384 bytes of data" },
        { "conductances-complex", "'<c16'" },
        { "active-rows-length", "rows.npy: at shape expected a 1-D array of 8 flags for --active-rows, one per row of the conductances; found shape (7)" },
        { "active-rows-2d", "rows.npy: at shape expected a 1-D array of 8 flags" },
        { "active-rows-value", "rows.npy: at data expected flags 0 or 1 for --active-rows; found 2 at index 3" },
        { "selected-length", "cols.npy: at shape expected a 1-D array of 6 flags for --selected-cols, one per column" },
        { "selected-value", "cols.npy: at data expected flags 0 or 1 for --selected-cols; found 0.5 at index 0" },
        { "selected-truncated", "cols.npy: at data expected 48 bytes of data" },
        { "unselected", "--unselected expected floating or grounded; found \"open\"" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_exits_2_names_the_file_and_writes_nothing(string spoil, string mention)
    {
        var (g, active, _) = WriteTile();
        var unselected = "floating";
        byte[] Bytes(string name) => System.IO.File.ReadAllBytes(File(name));
        switch (spoil)
        {
            case "conductances-1d": NpyWriter.WriteDoubles(File("g.npy"), [Rows * Cols], g); break;
            case "conductances-3d": NpyWriter.WriteDoubles(File("g.npy"), [2, Rows, Cols], [.. g, .. g]); break;
            case "conductances-nan": g[5] = double.NaN; NpyWriter.WriteDoubles(File("g.npy"), [Rows, Cols], g); break;
            case "conductances-infinite": g[7] = double.PositiveInfinity; NpyWriter.WriteDoubles(File("g.npy"), [Rows, Cols], g); break;
            case "conductances-negative": g[Cols + 3] = -1e-5; NpyWriter.WriteDoubles(File("g.npy"), [Rows, Cols], g); break;
            case "conductances-integer":
                NpyWriter.WriteRaw(File("g.npy"), NpyWriter.HeaderDict("<i8", false, Rows, Cols), new byte[Rows * Cols * 8]); break;
            case "conductances-truncated": System.IO.File.WriteAllBytes(File("g.npy"), Bytes("g.npy")[..^10]); break;
            case "conductances-complex":
                NpyWriter.WriteRaw(File("g.npy"), NpyWriter.HeaderDict("<c16", false, Rows, Cols), new byte[Rows * Cols * 16]); break;
            case "active-rows-length": NpyWriter.WriteBools(File("rows.npy"), active[..7]); break;
            case "active-rows-2d": NpyWriter.WriteDoubles(File("rows.npy"), [2, 4], [1, 0, 1, 1, 0, 1, 1, 0]); break;
            case "active-rows-value": NpyWriter.WriteInt64(File("rows.npy"), [1, 0, 1, 2, 0, 1, 1, 0]); break;
            case "selected-length": NpyWriter.WriteInt64(File("cols.npy"), [0, 1, 0, 1, 0]); break;
            case "selected-value": NpyWriter.WriteDoubles(File("cols.npy"), [Cols], [0.5, 1, 0, 1, 0, 1]); break;
            case "selected-truncated": System.IO.File.WriteAllBytes(File("cols.npy"), Bytes("cols.npy")[..^1]); break;
            case "unselected": unselected = "open"; break;
        }
        var r = CliRunner.Run("irdrop", "tile", "--conductances", File("g.npy"), "--active-rows", File("rows.npy"), "--selected-cols", File("cols.npy"),
            "--unselected", unselected, "--device", "rram-intel22", "--out", File("tile.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.True(mention.Split('|').Any(r.Stderr.Contains), $"expected \"{mention}\" in:\n{r.Stderr}");
        Assert.Equal("", r.Stdout);
        Assert.False(System.IO.File.Exists(File("tile.csv")));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Every_bad_file_is_reported_at_once()
    {
        WriteTile();
        NpyWriter.WriteInt64(File("rows.npy"), [1, 0, 1, 2, 0, 1, 1, 0]);
        NpyWriter.WriteDoubles(File("cols.npy"), [Cols], [0.5, 1, 0, 1, 0, 1]);
        var r = CliRunner.Run("irdrop", "tile", "--conductances", File("g.npy"), "--active-rows", File("rows.npy"), "--selected-cols", File("cols.npy"),
            "--device", "rram-intel22");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("rows.npy", r.Stderr);
        Assert.Contains("cols.npy", r.Stderr);
    }
}
