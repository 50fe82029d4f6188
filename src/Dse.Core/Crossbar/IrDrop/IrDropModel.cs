namespace Dse.Crossbar.IrDrop;

/// <summary>
/// The fast IR-drop model of the Monte Carlo: a per-chip, position-dependent effective conductance. Once per programmed
/// tile it solves the tile's network with every row driven and every cell's current into its bitline weighted by the mean
/// input density p (mean field), and replaces each cell's conductance G by <c>G_eff = g (u - v) / Vread</c>, where
/// <c>g = G / (1 + G R_access)</c> and u, v are the cell's wordline and bitline node voltages. The engine's GEMM then
/// computes <c>Vread sum(active G_eff)</c> as it computes <c>Vread sum(active G)</c> today: no cost per input.
/// </summary>
/// <remarks>
/// What it captures: the access transistor exactly; the driver and wordline drop of each row from its own cells' currents
/// (a row's wordline current does not depend on the other rows' inputs); the bitline and sense drop at the mean column
/// current. What it misses: the fluctuation of each bit-plane's column current around that mean (the number and
/// positions of its active rows). <c>dse irdrop check</c> measures the resulting error against
/// <see cref="ExactTileSolver"/>. The mean-field network is solved by alternating exact line solves (every wordline, then
/// every bitline, each a tridiagonal system), i.e. block Gauss-Seidel, until no node moves by more than
/// <see cref="ToleranceRelative"/> x Vread.
/// <para>Engine hook: call <see cref="Apply"/> on a trial's programmed level matrix right after programming (after
/// <c>CellProgramming.ApplyCellTerms</c>), once per variant and tile geometry, before the bit-plane GEMMs.</para>
/// </remarks>
public sealed class IrDropModel
{
    /// <summary>Largest node-voltage change, relative to Vread, at which the mean-field iteration stops.</summary>
    public const double ToleranceRelative = 1e-7;

    /// <summary>Iteration cap of the mean-field solve; reaching it throws.</summary>
    public const int MaxIterations = 20000;

    /// <summary>The tile's parasitic resistances.</summary>
    public TileParasitics Parasitics { get; }

    /// <summary>Vread, volts.</summary>
    public double ReadVoltageV { get; }

    /// <summary>p, the mean fraction of rows driven per bit-plane, in (0, 1].</summary>
    public double InputDensity { get; }

    /// <summary>Creates the model for one device's tiles.</summary>
    /// <param name="parasitics">From <see cref="TileParasitics.For"/>; the wire, driver and sense resistances all &gt; 0 or all 0.</param>
    /// <param name="readVoltageV">Vread, volts (the periphery file's <c>readVoltageV</c>). Range: &gt; 0.</param>
    /// <param name="inputDensity">p: mean fraction of 1 bits over the workload's input bit-planes (the engine knows it from its
    /// popcounts). Range: (0, 1].</param>
    /// <exception cref="ArgumentException">When a resistance pattern or value is out of range.</exception>
    public IrDropModel(TileParasitics parasitics, double readVoltageV, double inputDensity)
    {
        if (!parasitics.WiresAllPositiveOrAllZero)
            throw new ArgumentException("Wire, driver and sense resistances must be all > 0 or all 0.", nameof(parasitics));
        if (!(readVoltageV > 0)) throw new ArgumentException("Vread must be > 0.", nameof(readVoltageV));
        if (!(inputDensity > 0 && inputDensity <= 1)) throw new ArgumentException("Input density must be in (0, 1].", nameof(inputDensity));
        Parasitics = parasitics;
        ReadVoltageV = readVoltageV;
        InputDensity = inputDensity;
    }

    /// <summary>
    /// Engine hook: replaces every programmed conductance of a <c>[dim, columns]</c> level matrix by its effective
    /// conductance, tile by tile (rows cut into blocks of <paramref name="tileRows"/>, columns into blocks of
    /// <paramref name="tileCols"/>; the last block of each may be smaller). Leaves the matrix bit-for-bit unchanged when
    /// the parasitics are ideal.
    /// </summary>
    /// <param name="wLevels">Programmed conductances in level steps (<c>G / dG</c>), row-major <c>[dim, columns]</c>, updated in place.</param>
    /// <param name="dim">Rows of the matrix (wordlines over all row blocks).</param>
    /// <param name="columns">Physical columns of the matrix (bitlines over all column blocks).</param>
    /// <param name="tileRows">Crossbar rows R. Range: &gt;= 1.</param>
    /// <param name="tileCols">Crossbar columns C. Range: &gt;= 1.</param>
    /// <param name="levelStepS">dG, siemens per level step (<c>CellProgramming.LevelStepS</c>). Range: &gt; 0.</param>
    /// <exception cref="ArgumentException">When shapes disagree.</exception>
    /// <remarks>Thread-safe: allocates its own buffers (3 doubles per cell of one tile).</remarks>
    public void Apply(Span<float> wLevels, int dim, int columns, int tileRows, int tileCols, double levelStepS)
    {
        if (dim < 1 || columns < 1 || wLevels.Length != dim * columns || tileRows < 1 || tileCols < 1 || !(levelStepS > 0))
            throw new ArgumentException($"Expected a {dim} x {columns} matrix, positive tile sizes and level step.", nameof(wLevels));
        if (Parasitics.IsIdeal) return;
        int maxR = Math.Min(tileRows, dim), maxC = Math.Min(tileCols, columns);
        var g = new double[maxR * maxC];
        var eff = new double[maxR * maxC];
        var scratch = new Workspace(maxR, maxC);
        for (int r0 = 0; r0 < dim; r0 += tileRows)
            for (int c0 = 0; c0 < columns; c0 += tileCols)
            {
                int rows = Math.Min(tileRows, dim - r0), cols = Math.Min(tileCols, columns - c0);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) g[i * cols + j] = wLevels[(r0 + i) * columns + c0 + j] * levelStepS;
                EffectiveConductance(g.AsSpan(0, rows * cols), rows, cols, eff.AsSpan(0, rows * cols), scratch);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) wLevels[(r0 + i) * columns + c0 + j] = (float)(eff[i * cols + j] / levelStepS);
            }
    }

    /// <summary>The effective conductances of one tile: <c>g (u - v) / Vread</c> from the mean-field solve.</summary>
    /// <param name="conductanceS">Programmed G, siemens, row-major <c>[rows, cols]</c>.</param>
    /// <param name="rows">R. Range: &gt;= 1.</param>
    /// <param name="cols">C. Range: &gt;= 1.</param>
    /// <param name="effectiveS">Output G_eff, siemens, same shape.</param>
    /// <returns>Iterations of the mean-field solve (0 for ideal parasitics, where <c>G_eff = G</c>).</returns>
    /// <exception cref="ArgumentException">When shapes disagree.</exception>
    /// <exception cref="InvalidOperationException">When the iteration does not converge within <see cref="MaxIterations"/>.</exception>
    public int EffectiveConductance(ReadOnlySpan<double> conductanceS, int rows, int cols, Span<double> effectiveS)
    {
        if (rows < 1 || cols < 1 || conductanceS.Length != rows * cols || effectiveS.Length != rows * cols)
            throw new ArgumentException($"Expected {rows} x {cols} conductances.", nameof(conductanceS));
        return EffectiveConductance(conductanceS, rows, cols, effectiveS, new Workspace(rows, cols));
    }

    private sealed class Workspace(int rows, int cols)
    {
        public double[] Cell { get; } = new double[rows * cols];
        public double[] U { get; } = new double[rows * cols];
        public double[] V { get; } = new double[rows * cols];
        public double[] Diag { get; } = new double[Math.Max(rows, cols)];
        public double[] Rhs { get; } = new double[Math.Max(rows, cols)];
        public double[] Line { get; } = new double[Math.Max(rows, cols)];
        public double[] Factor { get; } = new double[Math.Max(rows, cols)];
    }

    private int EffectiveConductance(ReadOnlySpan<double> gS, int rows, int cols, Span<double> effS, Workspace ws)
    {
        var p = Parasitics;
        int n = rows * cols;
        if (p.IsIdeal)
        {
            gS.CopyTo(effS);
            return 0;
        }
        var cell = ws.Cell;
        for (int k = 0; k < n; k++) cell[k] = p.CellConductanceS(gS[k]);
        if (p.WordlineSegmentOhm == 0)
        {
            cell.AsSpan(0, n).CopyTo(effS);
            return 0;
        }

        double vread = ReadVoltageV, density = InputDensity;
        double gW = 1 / p.WordlineSegmentOhm, gB = 1 / p.BitlineSegmentOhm;
        double gDrive = 1 / (p.DriverOhm + p.WordlineSegmentOhm), gSense = 1 / (p.BitlineSegmentOhm + p.SenseOhm);
        var u = ws.U;
        var v = ws.V;
        Array.Fill(u, vread, 0, n);
        Array.Clear(v, 0, n);
        double tolerance = ToleranceRelative * vread;
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            double change = 0;
            // Wordlines: (left + right + g) u_j - gW u_{j-1} - gW u_{j+1} = g v_j (+ gDrive Vread at j = 0).
            for (int i = 0; i < rows; i++)
            {
                int o = i * cols;
                for (int j = 0; j < cols; j++)
                {
                    double g = cell[o + j];
                    ws.Diag[j] = (j == 0 ? gDrive : gW) + (j < cols - 1 ? gW : 0) + g;
                    ws.Rhs[j] = g * v[o + j] + (j == 0 ? gDrive * vread : 0);
                }
                SolveTridiagonal(ws.Diag, gW, ws.Rhs, ws.Line, ws.Factor, cols);
                for (int j = 0; j < cols; j++)
                {
                    change = Math.Max(change, Math.Abs(ws.Line[j] - u[o + j]));
                    u[o + j] = ws.Line[j];
                }
            }
            // Bitlines, each cell injecting p g (u - v): (up + down + p g) v_i - gB v_{i-1} - gB v_{i+1} = p g u_i.
            for (int j = 0; j < cols; j++)
            {
                for (int i = 0; i < rows; i++)
                {
                    double g = density * cell[i * cols + j];
                    ws.Diag[i] = (i > 0 ? gB : 0) + (i < rows - 1 ? gB : gSense) + g;
                    ws.Rhs[i] = g * u[i * cols + j];
                }
                SolveTridiagonal(ws.Diag, gB, ws.Rhs, ws.Line, ws.Factor, rows);
                for (int i = 0; i < rows; i++)
                {
                    change = Math.Max(change, Math.Abs(ws.Line[i] - v[i * cols + j]));
                    v[i * cols + j] = ws.Line[i];
                }
            }
            if (change <= tolerance)
            {
                for (int k = 0; k < n; k++) effS[k] = cell[k] * (u[k] - v[k]) / vread;
                return iteration;
            }
        }
        throw new InvalidOperationException($"The mean-field IR-drop solve did not converge in {MaxIterations} iterations on a {rows} x {cols} tile.");
    }

    /// <summary>
    /// Thomas algorithm for a symmetric tridiagonal system with diagonal <paramref name="diag"/> and every off-diagonal
    /// <c>-offDiagonal</c>; diagonally dominant here, so no pivoting is needed.
    /// </summary>
    private static void SolveTridiagonal(double[] diag, double offDiagonal, double[] rhs, double[] x, double[] factor, int n)
    {
        double d = diag[0];
        x[0] = rhs[0] / d;
        for (int k = 1; k < n; k++)
        {
            factor[k] = -offDiagonal / d;
            d = diag[k] + offDiagonal * factor[k];
            x[k] = (rhs[k] + offDiagonal * x[k - 1]) / d;
        }
        for (int k = n - 2; k >= 0; k--) x[k] -= factor[k + 1] * x[k + 1];
    }
}
