using Dse.Crossbar.IrDrop;

namespace Dse.Tests.Crossbar.IrDrop;

/// <summary>The exact nodal solver against circuits solved by hand, and its ideal-wire limit.</summary>
public class ExactTileSolverTests
{
    // Resistances (ohm) chosen so every term is visible: wordline 10 per pitch, bitline 5, driver 40, sense 90, access 100.
    private static readonly TileParasitics Hand = new(WordlineSegmentOhm: 10, BitlineSegmentOhm: 5, DriverOhm: 40, SenseOhm: 90, AccessOhm: 100);

    [Fact]
    public void TwoByTwo_with_one_active_row_is_a_two_section_ladder()
    {
        // Row 0 driven, row 1 off. No current enters the bitlines at row 1, so from cell (0, j) the path to the virtual ground
        // is 2 bitline segments plus the sense resistance: Rc = 2 x 5 + 90 = 100 ohm, and each cell with its column is one
        // resistor R_j = 1/G_j + 100 (access) + 100 to ground. The wordline is the ladder
        // Vread -(driver 40 + segment 10)- u0 -[R_0]- ; u0 -(10)- u1 -[R_1]-.
        double[] g = [1e-3, 5e-4, 2e-3, 2e-3];
        double r0 = 1 / 1e-3 + 100 + 100, r1 = 1 / 5e-4 + 100 + 100;           // 1200, 2200
        double req = r0 * (10 + r1) / (r0 + 10 + r1);                          // R_0 || (10 + R_1)
        double u0 = 0.55 * req / (50 + req), u1 = u0 * r1 / (10 + r1);
        var s = ExactTileSolver.Solve(g, 2, 2, [true, false], Hand, 0.55);
        Close(u0 / r0, s.ColumnCurrentsA[0]);
        Close(u1 / r1, s.ColumnCurrentsA[1]);
        Assert.True(s.RelativeResidual < 1e-11);
    }

    [Fact]
    public void TwoByOne_with_both_rows_active_shares_the_bitline()
    {
        // One column, both rows driven. Row i is a resistor Ra_i = driver 40 + segment 10 + 1/G_i + access 100 from Vread into
        // bitline node v_i; v0 -(5)- v1 -(5 + 90)- ground. KCL:
        //   (V - v0)/Ra0 = (v0 - v1)/5
        //   (V - v1)/Ra1 + (v0 - v1)/5 = v1/95
        double V = 0.55, ra0 = 50 + 1e3 + 100, ra1 = 50 + 4e3 + 100;
        // [1/ra0 + 1/5, -1/5; -1/5, 1/ra1 + 1/5 + 1/95] [v0; v1] = [V/ra0; V/ra1], by Cramer's rule.
        double a = 1 / ra0 + 0.2, b = -0.2, d = 1 / ra1 + 0.2 + 1 / 95.0, det = a * d - b * b;
        double v0 = (V / ra0 * d - b * V / ra1) / det, v1 = (a * V / ra1 - b * V / ra0) / det;
        var s = ExactTileSolver.Solve([1e-3, 2.5e-4], 2, 1, [true, true], Hand, V);
        Close(v1 / 95, s.ColumnCurrentsA[0]);
    }

    [Fact]
    public void ThreeByThree_with_the_middle_row_active_is_a_three_section_ladder()
    {
        // Row 1 driven, rows 0 and 2 off. Bitline node (0, j) is a dead end; from (1, j) the path to ground is
        // 2 segments + sense = 100 ohm. Each cell with its column: R_j = 1/G_j + 100 + 100. Ladder:
        // Vread -(50)- u0 -[R_0]- ; -(10)- u1 -[R_1]- ; -(10)- u2 -[R_2]-.
        double[] g = [9e-4, 9e-4, 9e-4, 1e-3, 2e-3, 4e-3, 9e-4, 9e-4, 9e-4];
        double r0 = 1e3 + 200, r1 = 500 + 200, r2 = 250 + 200;
        double z2 = 10 + r2, z1 = 10 + r1 * z2 / (r1 + z2), z0 = r0 * z1 / (r0 + z1);
        double u0 = 0.55 * z0 / (50 + z0);
        double u1 = u0 * (z1 - 10) / z1, u2 = u1 * r2 / z2;
        var s = ExactTileSolver.Solve(g, 3, 3, [false, true, false], Hand, 0.55);
        Close(u0 / r0, s.ColumnCurrentsA[0]);
        Close(u1 / r1, s.ColumnCurrentsA[1]);
        Close(u2 / r2, s.ColumnCurrentsA[2]);
    }

    [Fact]
    public void Zero_resistance_gives_the_ideal_sum_exactly()
    {
        var (g, active) = RandomTile(16, 12, seed: 3);
        var ideal = new TileParasitics(0, 0, 0, 0, 0);
        var s = ExactTileSolver.Solve(g, 16, 12, active, ideal, 0.55);
        for (int j = 0; j < 12; j++)
        {
            double sum = 0;
            for (int i = 0; i < 16; i++) if (active[i]) sum += 0.55 * g[i * 12 + j];
            Assert.Equal(sum, s.ColumnCurrentsA[j]);
        }
    }

    [Fact]
    public void Vanishing_resistance_tends_to_the_ideal_sum()
    {
        var (g, active) = RandomTile(32, 32, seed: 4);
        var tiny = new TileParasitics(1e-6, 1e-6, 1e-6, 1e-6, 0);
        var ideal = ExactTileSolver.Solve(g, 32, 32, active, new TileParasitics(0, 0, 0, 0, 0), 0.55);
        var s = ExactTileSolver.Solve(g, 32, 32, active, tiny, 0.55);
        for (int j = 0; j < 32; j++) Assert.Equal(1, s.ColumnCurrentsA[j] / ideal.ColumnCurrentsA[j], 6);
    }

    [Fact]
    public void Some_but_not_all_wire_resistances_zero_is_rejected()
    {
        var (g, active) = RandomTile(4, 4, seed: 5);
        Assert.Throws<ArgumentException>(() => ExactTileSolver.Solve(g, 4, 4, active, new TileParasitics(1, 1, 0, 1, 0), 0.55));
    }

    /// <summary>Equal to 1e-10 relative: the solver stops at a relative residual of 1e-12.</summary>
    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    internal static (double[] G, bool[] Active) RandomTile(int rows, int cols, ulong seed)
    {
        var rng = new Dse.Randomness.Rng(seed);
        var g = new double[rows * cols];
        for (int k = 0; k < g.Length; k++) g[k] = 1e-6 + rng.NextDouble() * 1e-5;
        var active = new bool[rows];
        for (int i = 0; i < rows; i++) active[i] = rng.NextDouble() < 0.5;
        return (g, active);
    }
}
