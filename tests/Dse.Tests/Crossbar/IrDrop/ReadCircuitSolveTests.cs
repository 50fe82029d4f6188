using Dse.Crossbar.IrDrop;
using Dse.Devices;
using Dse.Tests.Shared;
using MathNet.Numerics.LinearAlgebra;

namespace Dse.Tests.Crossbar.IrDrop;

/// <summary>
/// The exact solver with the read circuit's column selection (floating or grounded unselected bitlines, a subset of rows
/// driven) against circuits solved by hand, and the fast model's column currents of one read against it.
/// </summary>
public class ReadCircuitSolveTests
{
    // As ExactTileSolverTests: wordline 10 ohm per pitch, bitline 5, driver 40, sense 90, access 100; Vread 0.55 V.
    private static readonly TileParasitics Hand = new(WordlineSegmentOhm: 10, BitlineSegmentOhm: 5, DriverOhm: 40, SenseOhm: 90, AccessOhm: 100);
    private const double V = 0.55;

    [Fact]
    public void All_columns_selected_is_bit_identical_to_the_solver_before_column_selection()
    {
        // Captured from ExactTileSolver.Solve at commit 377c009 (before the column-selecting overload): the 6 column currents
        // of this 8 x 6 tile with rows 1, 4 and 7 off, as IEEE-754 bit patterns. Both signatures must still give them.
        var p = new TileParasitics(2.5, 1.5, 800, 300, 2000);
        int rows = 8, cols = 6;
        var g = new double[rows * cols];
        for (int k = 0; k < g.Length; k++) g[k] = 1e-6 + 9e-5 * ((k * 37 % 23) / 22.0);
        bool[] active = [true, false, true, true, false, true, true, false];
        long[] golden = [0x3F093B4D97E0BD80, 0x3F11D01A17B8CFB8, 0x3F019E3F0A49CB43, 0x3F0B08440E83EC9B, 0x3F0C1841E16B44CA, 0x3F01CD8736E4B6AB];
        var before = ExactTileSolver.Solve(g, rows, cols, active, p, 0.3);
        var selected = Enumerable.Repeat(true, cols).ToArray();
        foreach (var s in new[] { before,
                     ExactTileSolver.Solve(g, rows, cols, active, selected, UnselectedBitlines.Floating, p, 0.3),
                     ExactTileSolver.Solve(g, rows, cols, active, selected, UnselectedBitlines.Grounded, p, 0.3) })
        {
            Assert.Equal(golden, s.ColumnCurrentsA.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(14, s.Iterations);
        }
    }

    [Fact]
    public void Subset_of_rows_with_the_other_bitline_floating_is_one_series_path()
    {
        // 3 x 2, only row 1 driven, column 0 sensed, column 1 floating. Column 1's cell (1, 1) has no path to ground, so it
        // carries no current and the wordline carries only cell (1, 0)'s: the series path
        //   Vread -(driver 40 + segment 10)- u0 -(1/G + access 100)- v(1,0) -(5)- v(2,0) -(5 + sense 90)- ground,
        //   I = Vread / (50 + 1/G + 100 + 100).
        double[] g = [9e-4, 9e-4, 2e-3, 5e-4, 9e-4, 9e-4];
        var s = ExactTileSolver.Solve(g, 3, 2, [false, true, false], [true, false], UnselectedBitlines.Floating, Hand, V);
        Close(V / (50 + 1 / 2e-3 + 200), s.ColumnCurrentsA[0]);
        Assert.Equal(0, s.ColumnCurrentsA[1]);
    }

    [Fact]
    public void Subset_of_rows_with_the_other_bitline_grounded_is_a_ladder()
    {
        // Same tile, column 1 grounded but not sensed: from cell (1, j) to ground is 2 segments + sense = 100 ohm, so each cell
        // with its column is R_j = 1/G_j + 100 + 100 to ground and the wordline is the ladder
        //   Vread -(50)- u0 -[R_0]- ; u0 -(10)- u1 -[R_1]-.  u0 = Vread Req / (50 + Req), Req = R_0 || (10 + R_1).
        double[] g = [9e-4, 9e-4, 2e-3, 5e-4, 9e-4, 9e-4];
        double r0 = 1 / 2e-3 + 200, r1 = 1 / 5e-4 + 200, req = r0 * (10 + r1) / (r0 + 10 + r1);
        double u0 = V * req / (50 + req);
        var s = ExactTileSolver.Solve(g, 3, 2, [false, true, false], [true, false], UnselectedBitlines.Grounded, Hand, V);
        Close(u0 / r0, s.ColumnCurrentsA[0]);
        Assert.Equal(0, s.ColumnCurrentsA[1]);
    }

    [Fact]
    public void Floating_bitline_with_one_driven_row_carries_nothing()
    {
        // 2 x 2, row 0 driven, column 1 floating: its bitline is a dead end, so the selected column sees the one-column circuit
        //   I = Vread / (50 + 1/G_00 + 100 + 2 x 5 + 90).
        double[] g = [1e-3, 2e-3, 4e-3, 3e-3];
        var s = ExactTileSolver.Solve(g, 2, 2, [true, false], [true, false], UnselectedBitlines.Floating, Hand, V);
        var oneColumn = ExactTileSolver.Solve([1e-3, 4e-3], 2, 1, [true, false], Hand, V);
        Close(V / (50 + 1e3 + 100 + 10 + 90), s.ColumnCurrentsA[0]);
        Close(oneColumn.ColumnCurrentsA[0], s.ColumnCurrentsA[0]);
        Assert.Equal(0, s.ColumnCurrentsA[1]);
    }

    [Fact]
    public void Floating_bitline_between_two_driven_rows_carries_a_sneak_current()
    {
        // 2 x 2, both rows driven, column 0 sensed, column 1 floating. Row 1's cell in column 0 is the stronger, so row 1's
        // wordline sits lower and current sneaks from row 0 through the floating bitline into row 1. c_ij = G_ij / (1 + 100 G_ij),
        // gD = 1/(40 + 10), gW = 1/10, gB = 1/5, gS = 1/(5 + 90). Unknowns x = [u00 u01 u10 u11 v00 v10 v01 v11]; KCL:
        //   u_i0: (gD + gW + c_i0) u_i0 - gW u_i1 - c_i0 v_i0 = gD Vread
        //   u_i1: (gW + c_i1) u_i1 - gW u_i0 - c_i1 v_i1      = 0
        //   v00:  (gB + c00) v00 - gB v10 - c00 u00            = 0
        //   v10:  (gB + gS + c10) v10 - gB v00 - c10 u10       = 0
        //   v01:  (gB + c01) v01 - gB v11 - c01 u01            = 0
        //   v11:  (gB + c11) v11 - gB v01 - c11 u11            = 0   (floating: no path to ground)
        // I_0 = gS v10; the sneak current is c01 (u01 - v01) = c11 (v11 - u11).
        double[] g = [1e-3, 2e-3, 4e-3, 2e-3];
        double C(int k) => g[k] / (1 + 100 * g[k]);
        double c00 = C(0), c01 = C(1), c10 = C(2), c11 = C(3), gD = 1 / 50.0, gW = 0.1, gB = 0.2, gS = 1 / 95.0;
        var a = Matrix<double>.Build.DenseOfArray(new double[,]
        {
            //  u00            u01         u10            u11         v00        v10             v01        v11
            { gD + gW + c00,   -gW,        0,             0,          -c00,      0,              0,         0 },
            { -gW,             gW + c01,   0,             0,          0,         0,              -c01,      0 },
            { 0,               0,          gD + gW + c10, -gW,        0,         -c10,           0,         0 },
            { 0,               0,          -gW,           gW + c11,   0,         0,              0,         -c11 },
            { -c00,            0,          0,             0,          gB + c00,  -gB,            0,         0 },
            { 0,               0,          -c10,          0,          -gB,       gB + gS + c10,  0,         0 },
            { 0,               -c01,       0,             0,          0,         0,              gB + c01,  -gB },
            { 0,               0,          0,             -c11,       0,         0,              -gB,       gB + c11 },
        });
        var b = Vector<double>.Build.DenseOfArray([gD * V, 0, gD * V, 0, 0, 0, 0, 0]);
        var x = a.Solve(b);
        double sneak = c01 * (x[1] - x[6]);
        Assert.InRange(sneak, 1e-6, 1e-4);                         // 25.9 uA here (wordlines at 0.5305 and 0.4993 V), against 1.404 mA sensed
        Close(sneak, c11 * (x[7] - x[3]));                         // what enters the floating bitline leaves it

        var s = ExactTileSolver.Solve(g, 2, 2, [true, true], [true, false], UnselectedBitlines.Floating, Hand, V);
        Close(gS * x[5], s.ColumnCurrentsA[0]);
        Assert.Equal(0, s.ColumnCurrentsA[1]);
        // The sneak path moves the sensed current away from the one-column circuit's (1.4043 mA against 1.4027 mA).
        var oneColumn = ExactTileSolver.Solve([1e-3, 4e-3], 2, 1, [true, true], Hand, V);
        Assert.True(Math.Abs(s.ColumnCurrentsA[0] - oneColumn.ColumnCurrentsA[0]) > 1e-6 * oneColumn.ColumnCurrentsA[0]);
    }

    [Fact]
    public void Grounded_unselected_bitline_draws_wordline_current()
    {
        // 1 x 2, the row driven, column 0 sensed. Each cell with its column to ground: Z_j = 1/G_j + 100 + 5 + 90.
        // Grounded column 1: u0 = Vread Req / (50 + Req), Req = Z_0 || (10 + Z_1), I_0 = u0 / Z_0.
        // Floating column 1: I_0 = Vread / (50 + Z_0), more, since the wordline no longer feeds column 1.
        double[] g = [2e-3, 5e-3];
        double z0 = 1 / 2e-3 + 195, z1 = 1 / 5e-3 + 195, req = z0 * (10 + z1) / (z0 + 10 + z1);
        var grounded = ExactTileSolver.Solve(g, 1, 2, [true], [true, false], UnselectedBitlines.Grounded, Hand, V);
        var floating = ExactTileSolver.Solve(g, 1, 2, [true], [true, false], UnselectedBitlines.Floating, Hand, V);
        Close(V * req / (50 + req) / z0, grounded.ColumnCurrentsA[0]);
        Close(V / (50 + z0), floating.ColumnCurrentsA[0]);
        Assert.True(grounded.ColumnCurrentsA[0] < floating.ColumnCurrentsA[0]);
        Assert.Equal([0.0, 0.0], new[] { grounded.ColumnCurrentsA[1], floating.ColumnCurrentsA[1] });
        // A grounded unselected bitline is the selected circuit with its current left out.
        var all = ExactTileSolver.Solve(g, 1, 2, [true], Hand, V);
        Assert.Equal(all.ColumnCurrentsA[0], grounded.ColumnCurrentsA[0]);
    }

    [Fact]
    public void Floating_bitline_without_a_conducting_driven_cell_is_left_out()
    {
        // Column 1 floating with G = 0 in both driven rows, column 2 floating in a tile whose only G > 0 cell sits in an
        // undriven row: both isolated, no node potential defined; the matrix stays non-singular and the sensed column is the
        // one-column circuit's (its wordline nodes beyond column 0 are dead ends).
        double[] g = [1e-3, 0, 0, 4e-3, 0, 0, 2e-3, 0, 7e-3];
        var s = ExactTileSolver.Solve(g, 3, 3, [true, true, false], [true, false, false], UnselectedBitlines.Floating, Hand, V);
        var oneColumn = ExactTileSolver.Solve([1e-3, 4e-3, 2e-3], 3, 1, [true, true, false], Hand, V);
        Close(oneColumn.ColumnCurrentsA[0], s.ColumnCurrentsA[0]);
        Assert.Equal([0.0, 0.0], s.ColumnCurrentsA[1..]);
        Assert.True(s.RelativeResidual < 1e-11);
    }

    [Fact]
    public void No_selected_column_or_no_driven_row_reads_zero()
    {
        double[] g = [1e-3, 2e-3, 4e-3, 3e-3];
        Assert.Equal([0.0, 0.0], ExactTileSolver.Solve(g, 2, 2, [true, true], [false, false], UnselectedBitlines.Grounded, Hand, V).ColumnCurrentsA);
        Assert.Equal([0.0, 0.0], ExactTileSolver.Solve(g, 2, 2, [false, false], [true, true], UnselectedBitlines.Floating, Hand, V).ColumnCurrentsA);
        Assert.Throws<ArgumentException>(() => ExactTileSolver.Solve(g, 2, 2, [true, true], [true], UnselectedBitlines.Floating, Hand, V));
    }

    [Theory]
    [InlineData(UnselectedBitlines.Floating, 1e-2)]
    [InlineData(UnselectedBitlines.Grounded, 1e-6)]
    public void Fast_column_currents_of_one_read_follow_the_exact_solve(UnselectedBitlines unselected, double tolerance)
    {
        // A 32 x 32 rram-intel22 tile (Ron 6 kOhm) under the 22nm wires at scale 1 (driver and sense 751 ohm, access 1.5 kOhm:
        // up to 76 % below the ideal current), 9 of rows 0..15 driven, every 4th column sensed. With one read's own inputs the
        // mean-field solve is the nodal solve when every bitline conducts: largest relative error 3.5e-9 grounded (the
        // mean-field stopping tolerance). Floating, the fast model drops the unselected bitlines and with them the sneak
        // paths between driven rows: 0.39 %.
        var device = DeviceLoader.Resolve("rram-intel22", TestPaths.DeviceModels, null);
        var wires = ShippedModels.Periphery.Wires!;
        var p = TileParasitics.For(wires, device, 1);
        int rows = 32, cols = 32;
        var rng = new Dse.Randomness.Rng(29);
        var g = new double[rows * cols];
        for (int k = 0; k < g.Length; k++) g[k] = device.GMinS + rng.NextDouble() * (device.GMaxS - device.GMinS);
        var active = new bool[rows];
        for (int i = 0; i < 16; i++) active[i] = rng.NextDouble() < 0.5;
        var selected = Enumerable.Range(0, cols).Select(j => j % 4 == 1).ToArray();
        var exact = ExactTileSolver.Solve(g, rows, cols, active, selected, unselected, p, 0.55).ColumnCurrentsA;
        var fast = new IrDropModel(p, 0.55, 0.5).FastColumnCurrents(g, rows, cols, active, selected, unselected);
        double worst = 0;
        for (int j = 0; j < cols; j++)
        {
            if (!selected[j]) { Assert.Equal(0, exact[j]); Assert.Equal(0, fast[j]); continue; }
            double ideal = 0;
            for (int i = 0; i < rows; i++) if (active[i]) ideal += 0.55 * g[i * cols + j];
            Assert.True(exact[j] < ideal && fast[j] < ideal, $"column {j}: exact {exact[j]:G6}, fast {fast[j]:G6}, ideal {ideal:G6}");
            worst = Math.Max(worst, Math.Abs(fast[j] - exact[j]) / exact[j]);
        }
        Assert.True(worst < tolerance, $"largest relative error {worst:E3}");
    }

    [Theory]
    [InlineData(UnselectedBitlines.Floating)]
    [InlineData(UnselectedBitlines.Grounded)]
    public void Ideal_wires_give_vread_times_the_access_limited_conductances(UnselectedBitlines unselected)
    {
        var p = new TileParasitics(0, 0, 0, 0, AccessOhm: 2500);
        int rows = 5, cols = 4;
        var g = Enumerable.Range(0, rows * cols).Select(k => 1e-5 * (1 + k % 7)).ToArray();
        bool[] active = [true, false, true, true, false];
        bool[] selected = [false, true, true, false];
        var exact = ExactTileSolver.Solve(g, rows, cols, active, selected, unselected, p, 0.3).ColumnCurrentsA;
        var fast = new IrDropModel(p, 0.3, 0.5).FastColumnCurrents(g, rows, cols, active, selected, unselected);
        for (int j = 0; j < cols; j++)
        {
            double expected = 0;
            if (selected[j])
                for (int i = 0; i < rows; i++)
                    if (active[i]) expected += 0.3 * g[i * cols + j] / (1 + g[i * cols + j] * 2500);
            Close(expected, exact[j]);
            Close(expected, fast[j]);
        }
    }

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
